"""The checklist's rules: the office keeps every unit's list (one line to several units at once), a line's bad
input is refused with a clear message and nothing saved, an edit checks the version read, a line with filings is
retired, never deleted, and a unit sees only its own list."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.reporting.checklist_helpers import add_line, fields
from zhongshu.access.policy import visible
from zhongshu.audit.models import AuditEvent
from zhongshu.core.errors import Conflict, Forbidden, ServiceError
from zhongshu.reporting.checklist import line_add, line_delete, line_edit, line_retire
from zhongshu.reporting.models import ChecklistFiling, ChecklistLine

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"cycle": ""}, "cycle_required", "cycle"),
        ({"cycle": "weekly"}, "unknown_cycle", "cycle"),
        ({"cycle": "monthly", "due_working_days": None}, "due_working_days_required", "due_working_days"),
        ({"cycle": "quarterly", "due_working_days": 0}, "due_working_days_range", "due_working_days"),
        ({"cycle": "by_date", "due_working_days": None, "due_on": None}, "due_on_required", "due_on"),
        ({"starts_on": date(2026, 6, 1), "ends_on": date(2026, 5, 31)}, "ends_before_starts", "ends_on"),
        ({"matter": "  "}, "matter_required", "matter"),
        ({"basis": ""}, "basis_required", "basis"),
        ({"kind": "memo"}, "kind_required", "kind"),
        ({"timing": ""}, "timing_required", "timing"),
        ({"starts_on": None}, "starts_on_required", "starts_on"),
        ({"starts_on": date(1900, 1, 1)}, "date_out_of_range", "starts_on"),
    ],
)
def test_a_bad_line_is_refused_with_a_clear_message_and_nothing_saved(county, changes, code, field):
    with pytest.raises(ServiceError) as refused:
        line_add(units=county.units, fields=fields(**changes), by=county.keeper.user)
    assert refused.value.code == code
    assert refused.value.field == field
    assert refused.value.message  # Chinese, for the page
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in code)
    assert ChecklistLine.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="reporting.checklist").exists()


def test_a_line_without_a_cycle_says_so_in_chinese(county):
    with pytest.raises(ServiceError) as refused:
        line_add(units=[county.units[0]], fields=fields(cycle=""), by=county.keeper.user)
    assert refused.value.message == "请选择周期（随时、每月、每季度、每年或指定日期）"


def test_the_office_adds_one_line_to_several_units_at_once_and_each_unit_sees_only_its_own(county):
    czj, jyj, cgz = county.units
    lines = line_add(units=[czj, jyj, czj], fields=fields(), by=county.keeper.user)
    assert sorted(line.unit_id for line in lines) == sorted([czj.pk, jyj.pk])
    assert AuditEvent.objects.filter(action="reporting.checklist.add").count() == 2
    assert visible(ChecklistLine.objects.all(), county.liaisons[0].user).get().unit == czj
    assert visible(ChecklistLine.objects.all(), county.clerks[1].user).get().unit == jyj
    assert not visible(ChecklistLine.objects.all(), county.liaisons[2].user).exists()
    for keeper in (county.keeper, county.supervisor, county.director):
        assert visible(ChecklistLine.objects.all(), keeper.user).count() == 2
    assert not visible(ChecklistLine.objects.all(), county.leader.user).exists()


def test_only_the_office_keeps_the_list(county):
    with pytest.raises(Forbidden):
        line_add(units=[county.units[0]], fields=fields(), by=county.liaisons[0].user)
    line = add_line(county)
    with pytest.raises(Forbidden):
        line_edit(line=line, fields=fields(matter="改"), version=1, by=county.unit_leaders[0].user)
    assert ChecklistLine.objects.get().matter == "每月经济运行情况报告"


def test_a_periodic_line_keeps_no_date_and_an_ad_hoc_line_no_due(county):
    line = add_line(county, cycle="monthly", due_on=date(2026, 3, 1))
    assert line.due_on is None and line.due_working_days == 5
    ad_hoc = add_line(county, cycle="ad_hoc", timing="before", kind="request", matter="重大事项请示")
    assert ad_hoc.due_on is None and ad_hoc.due_working_days is None
    by_date = add_line(county, cycle="by_date", due_working_days=None, due_on=date(2026, 1, 31))
    assert by_date.due_on == date(2026, 1, 31)


def test_an_edit_checks_the_version_read(county):
    line = add_line(county)
    line_edit(line=line, fields=fields(matter="月度经济运行分析报告"), version=1, by=county.keeper.user)
    with pytest.raises(Conflict) as stale:
        line_edit(line=line, fields=fields(matter="另一人的修改"), version=1, by=county.supervisor.user)
    assert stale.value.code == "stale_version"
    line.refresh_from_db()
    assert (line.matter, line.version) == ("月度经济运行分析报告", 2)
    with pytest.raises(ServiceError) as bad:
        line_edit(line=line, fields=fields(cycle=""), version=2, by=county.keeper.user)
    assert bad.value.code == "cycle_required"
    line.refresh_from_db()
    assert line.version == 2 and line.cycle == "monthly"


def test_a_line_with_filings_is_retired_never_deleted(county):
    line = add_line(county)
    spare = add_line(county, matter="误录事项")
    line_delete(line=spare, version=1, by=county.keeper.user)
    assert not ChecklistLine.objects.filter(pk=spare.pk).exists()
    ChecklistFiling.objects.create(
        line=line,
        period_start=date(2026, 1, 1),
        title="1月经济运行情况报告",
        filed_at=datetime(2026, 2, 3, 10, tzinfo=ZoneInfo("Asia/Shanghai")),
        filed_by=county.liaisons[0].user,
    )
    with pytest.raises(ServiceError) as refused:
        line_delete(line=line, version=1, by=county.keeper.user)
    assert refused.value.code == "line_has_filings"
    with pytest.raises(ServiceError) as early:
        line_retire(line=line, ends_on=date(2025, 12, 31), version=1, by=county.keeper.user)
    assert early.value.code == "ends_before_starts"
    retired = line_retire(line=line, ends_on=date(2026, 6, 30), version=1, by=county.keeper.user)
    assert retired.ends_on == date(2026, 6, 30)
    assert retired.filings.count() == 1
    assert AuditEvent.objects.filter(action="reporting.checklist.retire").count() == 1
