"""The rosters part's demo on the demo county itself: three duty roles, people in rotation and duty phones for
the county office, the 应急管理局 and the first town, and for each a published roster of the coming four weeks
and one of a month through the latest public holiday the office's calendar holds, with a leader and an officer
on 24-hour duty on every holiday day. The demo enters no holiday schedule of its own; built twice, it adds
nothing the second time."""

from __future__ import annotations

import io

from django.utils import timezone

from zhongshu.demo.build import DemoResult, build_demo
from zhongshu.demo.duty_rosters import build_demo_rosters
from zhongshu.duty.models import DutyPoint, DutyRoster, RosterState, ShiftKind
from zhongshu.workdays.models import CalendarDay, DayKind, HolidaySchedule, ScheduleSource


def test_the_demo_rosters_cover_this_week_and_the_latest_holiday(db):
    build_demo(io.StringIO())  # calls the part once, as the duty demo wires it
    today = timezone.localdate()
    assert not HolidaySchedule.objects.exclude(source=ScheduleSource.PACKAGE).exists()
    assert DutyPoint.objects.filter(unit__code__in=["XWB", "YJJ", "T01"]).count() == 3
    rosters = list(DutyRoster.objects.select_related("unit"))
    assert {roster.state for roster in rosters} == {RosterState.PUBLISHED}
    current = [r for r in rosters if r.starts_on <= today <= r.ends_on]
    assert sorted(r.unit.code for r in current) == ["T01", "XWB", "YJJ"]
    latest = CalendarDay.objects.filter(kind=DayKind.HOLIDAY, date__lte=today).order_by("-date").first()
    assert latest is not None
    through_holiday = [r for r in rosters if r.starts_on < latest.date <= r.ends_on]
    assert sorted(r.unit.code for r in through_holiday) == ["T01", "XWB", "YJJ"]
    for roster in through_holiday:
        assert latest.name in roster.title
        shifts = roster.shifts.filter(day=latest.date).select_related("role")
        assert {s.role.code for s in shifts} >= {"leader", "officer"}, roster.unit.code
        assert {s.kind for s in shifts} == {ShiftKind.FULL_DAY}
    again = DemoResult()
    build_demo_rosters(again)
    assert not again.changed
