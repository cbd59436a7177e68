"""Filing against the checklist: a 报告 the office received from a unit is linked to its line and period and the
two show each other through the access policy; a lighter filing keeps its attachment; one filing per line and
period; a period the line does not have, or one after it was retired, is refused."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.reporting.checklist_helpers import add_line, received_report, report_file
from tests.reporting.conftest import signed_in
from zhongshu.access.links import HIDDEN_SOURCE, made_from, source_of
from zhongshu.attachments.services import attachments_of, open_file
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.reporting.checklist import line_retire
from zhongshu.reporting.filings import PURPOSE, due_of, file_from_document, file_lightly, is_late
from zhongshu.reporting.models import ChecklistFiling

pytestmark = pytest.mark.django_db
OCTOBER = date(2026, 10, 1)


def test_a_report_received_from_the_unit_is_filed_and_the_two_show_each_other(county):
    czj = county.units[0]
    line = add_line(county)
    document = received_report(county, czj, "县财政局关于2026年10月经济运行情况的报告", date(2026, 11, 3))
    filing = file_from_document(line=line, period_start=OCTOBER, document=document, by=county.keeper.user)
    assert filing.title == document.title
    assert filing.source_id == document.pk
    assert timezone.localtime(filing.filed_at) == datetime(
        2026, 11, 3, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")
    )
    assert not is_late(filing, due_of(filing))  # due the 5th working day after 31 October: 6 November

    # the document's page lists the filing (由此产生) for the office, which sees both
    links = made_from(document, county.keeper.user)
    assert [(link.noun, link.title) for link in links] == [("请示报告清单报送", document.title)]
    page = signed_in("wenshu").get(reverse("documents:detail", args=[document.pk]))
    assert page.status_code == 200
    assert (
        "由此产生" in page.content.decode()
        and reverse("reporting:filing", args=[filing.pk]) in page.content.decode()
    )
    # the filing's page shows its source: the office sees the document, the unit's liaison the filing only
    assert source_of(filing, county.keeper.user).title == document.title
    hidden = source_of(filing, county.liaisons[0].user)
    assert hidden is not None and not hidden.visible and hidden.title == ""
    shown = signed_in("czj_llr").get(reverse("reporting:filing", args=[filing.pk])).content.decode()
    assert HIDDEN_SOURCE in shown and document.title in shown  # the filing's own title, not the link
    # one document is one filing
    with pytest.raises(ServiceError) as again:
        file_from_document(
            line=line, period_start=date(2026, 11, 1), document=document, by=county.keeper.user
        )
    assert again.value.code == "document_already_filed"
    assert ChecklistFiling.objects.count() == 1
    # another unit sees neither
    assert made_from(document, county.liaisons[1].user) == []
    assert signed_in("jyj_llr").get(reverse("reporting:filing", args=[filing.pk])).status_code == 404


def test_only_a_request_or_report_from_the_lines_unit_may_be_linked(county):
    czj, jyj, _ = county.units
    line = add_line(county)
    other = received_report(county, jyj, "县教育局关于10月工作情况的报告", date(2026, 11, 3))
    notice = received_report(county, czj, "县财政局关于召开会议的通知", date(2026, 11, 3), doc_type="notice")
    for document in (other, notice):
        with pytest.raises(ServiceError) as refused:
            file_from_document(line=line, period_start=OCTOBER, document=document, by=county.keeper.user)
        assert refused.value.code == "unknown_document"
    assert ChecklistFiling.objects.count() == 0


def test_a_lighter_filing_keeps_its_attachment_and_one_period_is_filed_once(county):
    line = add_line(county)
    filing = file_lightly(
        line=line,
        period_start=OCTOBER,
        title="县财政局2026年10月经济运行情况报告",
        uploads=[report_file()],
        by=county.liaisons[0].user,
    )
    kept = attachments_of(filing, PURPOSE).get()
    assert kept.file.original_name == "十月经济运行情况报告.txt"
    assert open_file(kept.file).decode() == "全县财政收入完成年度预算的百分之八十五。"
    with pytest.raises(ServiceError) as twice:
        file_lightly(
            line=line,
            period_start=OCTOBER,
            title="重复报送",
            uploads=[report_file()],
            by=county.clerks[0].user,
        )
    assert twice.value.code == "already_filed"
    assert ChecklistFiling.objects.count() == 1
    # the page offers the download to the unit and the office
    url = reverse("reporting:filing_file", args=[filing.pk, kept.pk])
    assert b"".join(signed_in("czj_ws").get(url).streaming_content).decode().startswith("全县")
    assert signed_in("jyj_llr").get(url).status_code == 404


def test_a_lighter_filing_needs_a_title_an_attachment_and_the_units_own_filer(county):
    line = add_line(county)
    cases = [
        ({"title": "", "uploads": [report_file()]}, "title_required"),
        ({"title": "十月报告", "uploads": []}, "attachment_required"),
    ]
    for values, code in cases:
        with pytest.raises(ServiceError) as refused:
            file_lightly(line=line, period_start=OCTOBER, by=county.liaisons[0].user, **values)
        assert refused.value.code == code
    with pytest.raises(Forbidden):
        file_lightly(
            line=line,
            period_start=OCTOBER,
            title="十月报告",
            uploads=[report_file()],
            by=county.liaisons[1].user,
        )
    assert ChecklistFiling.objects.count() == 0


@pytest.mark.parametrize(
    ("period_start", "code"),
    [
        (date(2026, 10, 15), "unknown_period"),  # not the first of a month
        (date(2025, 12, 1), "period_before_start"),
        (None, "period_required"),
    ],
)
def test_a_period_the_line_does_not_have_is_refused(county, period_start, code):
    line = add_line(county)
    with pytest.raises(ServiceError) as refused:
        file_lightly(
            line=line,
            period_start=period_start,
            title="报告",
            uploads=[report_file()],
            by=county.liaisons[0].user,
        )
    assert refused.value.code == code
    assert ChecklistFiling.objects.count() == 0


def test_a_retired_lines_later_period_is_refused_its_earlier_ones_still_filed(county):
    line = add_line(county, cycle="quarterly", due_working_days=10, matter="季度工作总结")
    line = line_retire(line=line, ends_on=date(2026, 6, 30), version=1, by=county.keeper.user)
    with pytest.raises(ServiceError) as refused:
        file_lightly(
            line=line,
            period_start=date(2026, 7, 1),
            title="三季度总结",
            uploads=[report_file()],
            by=county.liaisons[0].user,
        )
    assert refused.value.code == "period_after_retired"
    filed = file_lightly(
        line=line,
        period_start=date(2026, 4, 1),
        title="二季度总结",
        uploads=[report_file()],
        by=county.liaisons[0].user,
    )
    assert is_late(filed, due_of(filed))  # filed now, long after mid-July


def test_an_ad_hoc_line_is_filed_matter_by_matter(county):
    line = add_line(
        county, cycle="ad_hoc", kind="request", timing="before", matter="重大事项请示", due_working_days=None
    )
    for title in ("关于追加防汛资金的请示", "关于调整预算的请示"):
        file_lightly(
            line=line, period_start=None, title=title, uploads=[report_file()], by=county.liaisons[0].user
        )
    assert line.filings.count() == 2
    with pytest.raises(ServiceError) as refused:
        file_lightly(
            line=line, period_start=OCTOBER, title="请示", uploads=[report_file()], by=county.liaisons[0].user
        )
    assert refused.value.code == "no_period_for_ad_hoc"


def test_the_office_files_a_received_report_from_the_filing_page(county):
    czj = county.units[0]
    line = add_line(county)
    document = received_report(county, czj, "县财政局关于2026年10月经济运行情况的报告", date(2026, 11, 4))
    received_report(county, county.units[1], "县教育局关于10月工作情况的报告", date(2026, 11, 4))
    office = signed_in("wenshu")
    form = office.get(reverse("reporting:filing_new"), {"line": line.pk}).content.decode()
    assert document.title in form and "县教育局关于10月工作情况的报告" not in form
    assert "报告附件" not in form  # the lighter filing is the unit's own
    refused = office.post(reverse("reporting:filing_new"), {"line": line.pk, "period_start": "2026-10-01"})
    assert refused.status_code == 400 and "请选择收到的该单位请示或报告" in refused.content.decode()
    done = office.post(
        reverse("reporting:filing_new"),
        {"line": line.pk, "period_start": "2026-10-01", "document": document.pk},
    )
    filing = ChecklistFiling.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse("reporting:filing", args=[filing.pk])
    page = office.get(done["Location"]).content.decode()
    assert "来源" in page and reverse("documents:detail", args=[document.pk]) in page
    assert "按时报送" in page
