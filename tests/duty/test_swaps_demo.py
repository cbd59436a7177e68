"""The swaps part's demo on the county of the tests (the rosters part's demo is not wired here): one swap
approved and one pending in the office's rosters, a call for the latest public holiday of the office's calendar
with units filed, one late, some missing; built twice, it adds nothing."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from zhongshu.demo.build import DemoResult
from zhongshu.demo.duty_swaps import build_demo_swaps
from zhongshu.duty import roster_calls
from zhongshu.duty.models import RosterCall, ShiftSwap, SwapState
from zhongshu.workdays.models import CalendarDay, DayKind


def test_the_demo_builds_swaps_and_a_call_for_the_latest_holiday(county):
    today = timezone.localdate()
    latest = CalendarDay.objects.filter(kind=DayKind.HOLIDAY, date__lte=today).order_by("-date").first()
    holiday = [
        day.date
        for day in CalendarDay.objects.filter(
            kind=DayKind.HOLIDAY, name=latest.name, date__year=latest.date.year
        )
    ]
    for offset in range(2, 8):  # the office's officers on the coming week
        county.put_shift(county.duty_officers[offset % 3], today + timedelta(days=offset))
    for day in holiday:
        county.put_shift(county.emergency_officer, day, unit=county.emergency, full_day=True)
        county.put_shift(county.water_liaison, day, unit=county.water, full_day=True)
    result = DemoResult()
    build_demo_swaps(result)
    states = sorted(ShiftSwap.objects.values_list("state", flat=True))
    assert states == [SwapState.APPROVED, SwapState.PENDING]
    call = RosterCall.objects.get()
    assert (call.starts_on, call.ends_on) == (min(holiday), max(holiday))
    assert call.title == f"{min(holiday).year}年{latest.name}假期值班表报备"
    filings = {f.unit.name: f.state for f in roster_calls.call_filings(call)}
    assert sorted([filings["县应急管理局"], filings["县水利局"]]) == ["filed", "late"]
    assert "overdue" in filings.values() or "waiting" in filings.values()
    assert result.created == {"shift_swaps": 2, "roster_calls": 1, "roster_filings": 2}
    again = DemoResult()
    build_demo_swaps(again)
    assert not again.changed
