"""The swaps part's demo on the county of the tests (the rosters part's demo is not wired here): one swap
approved and one pending in the office's rosters, a New Year call with units filed, one late, some missing;
built twice, it adds nothing."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from zhongshu.demo.build import DemoResult
from zhongshu.demo.duty_swaps import build_demo_swaps
from zhongshu.duty import roster_calls
from zhongshu.duty.models import RosterCall, ShiftSwap, SwapState


def test_the_demo_builds_swaps_and_a_new_year_call(county):
    today = timezone.localdate()
    year = today.year + 1
    for offset in range(2, 8):  # the office's officers on the coming week
        county.put_shift(county.duty_officers[offset % 3], today + timedelta(days=offset))
    for day in (date(year, 1, 1), date(year, 1, 2), date(year, 1, 3)):
        county.put_shift(county.emergency_officer, day, unit=county.emergency, full_day=True)
        county.put_shift(county.water_liaison, day, unit=county.water, full_day=True)
    result = DemoResult()
    build_demo_swaps(result)
    states = sorted(ShiftSwap.objects.values_list("state", flat=True))
    assert states == [SwapState.APPROVED, SwapState.PENDING]
    call = RosterCall.objects.get()
    assert call.starts_on == date(year, 1, 1) and call.title == f"{year}年元旦假期值班表报备"
    filings = {f.unit.name: f.state for f in roster_calls.call_filings(call)}
    assert sorted([filings["县应急管理局"], filings["县水利局"]]) == ["filed", "late"]
    assert "overdue" in filings.values() or "waiting" in filings.values()
    assert result.created == {"换班申请": 2, "值班表报备通知": 1, "值班表报备": 2}
    again = DemoResult()
    build_demo_swaps(again)
    assert not again.changed
