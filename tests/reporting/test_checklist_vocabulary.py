"""The checklist and filings parts speak Chinese: their pages for the office and for a unit's liaison show no
English code (the vocabulary test's own reader of a page's visible text), and every audit event the parts write
has a Chinese label and Chinese names for its details."""

from __future__ import annotations

from datetime import date

from tests.reporting.checklist_helpers import add_line, fields, received_report, report_file
from tests.reporting.conftest import signed_in
from tests.web.test_vocabulary import codes_on_pages, unnamed_details
from zhongshu.audit.models import AuditEvent
from zhongshu.reporting.checklist import line_delete, line_edit, line_retire
from zhongshu.reporting.filings import file_from_document, file_lightly


def test_the_pages_and_the_audit_events_of_the_parts_show_no_code(county):
    line = add_line(county)
    line = line_edit(line=line, fields=fields(due_working_days=6), version=1, by=county.keeper.user)
    quarterly = add_line(county, cycle="quarterly", due_working_days=10, matter="季度工作总结")
    spare = add_line(county, county.units[1], cycle="ad_hoc", matter="重大事项请示", due_working_days=None)
    line_delete(line=spare, version=1, by=county.keeper.user)
    document = received_report(
        county, county.units[0], "县财政局关于10月经济运行情况的报告", date(2026, 11, 3)
    )
    from_document = file_from_document(
        line=line, period_start=date(2026, 10, 1), document=document, by=county.keeper.user
    )
    light = file_lightly(
        line=quarterly,
        period_start=date(2026, 7, 1),
        title="三季度工作总结",
        uploads=[report_file()],
        by=county.liaisons[0].user,
    )
    line_retire(line=quarterly, ends_on=date(2026, 12, 31), version=1, by=county.keeper.user)
    common = [
        "/reporting/checklist/",
        f"/reporting/checklist/?unit={county.units[0].pk}",
        f"/reporting/checklist/{line.pk}/",
        f"/reporting/checklist/{quarterly.pk}/",
        "/reporting/filings/",
        "/reporting/filings/new/",
        f"/reporting/filings/new/?line={line.pk}",
        f"/reporting/filings/{from_document.pk}/",
        f"/reporting/filings/{light.pk}/",
    ]
    pages = {"wenshu": [*common, "/reporting/checklist/new/"], "czj_llr": common}
    assert codes_on_pages(pages, signed_in) == {}
    events = AuditEvent.objects.filter(action__startswith="reporting.")
    assert {event.action for event in events} >= {
        "reporting.checklist.add",
        "reporting.checklist.edit",
        "reporting.checklist.retire",
        "reporting.checklist.delete",
        "reporting.filing.from_document",
        "reporting.filing.light",
    }
    assert unnamed_details("reporting.") == []
