"""The rosters part's demo on the demo county itself (build_demo first, then the part, as the lead wires it):
three duty roles, people in rotation and duty phones for the county office, the 应急管理局 and the first town,
and a published roster for each through the New Year holiday of 2027 (the assumed 2027-01-01 … 01-03, entered
when the calendar lacks 2027), with a leader and an officer on 24-hour duty on every holiday day; built
twice, it adds nothing the second time."""

from __future__ import annotations

import io
from datetime import date

from zhongshu.demo.build import DemoResult, build_demo
from zhongshu.demo.duty_rosters import build_demo_rosters
from zhongshu.duty.models import DutyPoint, DutyRoster, RosterState, ShiftKind
from zhongshu.workdays.calendar import day_name, has_schedule


def test_the_demo_rosters_run_through_new_year(db):
    build_demo(io.StringIO())
    result = DemoResult()
    build_demo_rosters(result)
    assert has_schedule(2027) and day_name(date(2027, 1, 1)) == "元旦"
    # build_demo may already call the part (once the lead wires it into the duty demo); either way the
    # county holds the part's data once.
    assert DutyPoint.objects.filter(unit__code__in=["XWB", "YJJ", "T01"]).count() == 3
    for roster in DutyRoster.objects.select_related("unit"):
        assert roster.state == RosterState.PUBLISHED
        assert roster.starts_on <= date(2026, 12, 14) and roster.ends_on >= date(2027, 1, 3)
        for day in (date(2027, 1, 1), date(2027, 1, 2), date(2027, 1, 3)):
            shifts = roster.shifts.filter(day=day).select_related("role")
            assert {s.role.code for s in shifts} >= {"leader", "officer"}, (roster.unit.code, day)
            assert {s.kind for s in shifts} == {ShiftKind.FULL_DAY}
    assert sorted(DutyRoster.objects.values_list("unit__code", flat=True)) == ["T01", "XWB", "YJJ"]
    assert DutyPoint.objects.filter(unit__code="XWB").exists()
    again = DemoResult()
    build_demo_rosters(again)
    assert not again.changed
