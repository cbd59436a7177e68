"""periods_of against the seeded 2026 calendar: National Day 1–7 October (休), Saturday 10 October a make-up
working day (班); New Year 1–3 January 2026 (休), Sunday 4 January 2026 (班)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from zhongshu.reporting.models import ChecklistLine, Cycle
from zhongshu.reporting.periods import Period, by_date_due, periods_of

pytestmark = pytest.mark.django_db

OCT_1, OCT_31 = date(2026, 10, 1), date(2026, 10, 31)


def line(cycle: str, **fields: Any) -> ChecklistLine:
    fields.setdefault("starts_on", date(2020, 1, 1))
    return ChecklistLine(cycle=cycle, **fields)


def test_monthly_due_moved_by_national_day() -> None:
    # September ends Wed 30 Sep. Working days after it: 1–7 Oct 休; Thu 8 (1), Fri 9 (2), Sat 10 班 (3),
    # Mon 12 (4), Tue 13 (5). Without the holiday it would be Wed 7 Oct.
    monthly = line(Cycle.MONTHLY, due_working_days=5)
    assert periods_of(monthly, OCT_1, OCT_31) == [
        Period(date(2026, 9, 1), date(2026, 9, 30), date(2026, 10, 13))
    ]
    assert periods_of(monthly, OCT_1, date(2026, 10, 12)) == []
    assert periods_of(monthly, date(2026, 10, 13), date(2026, 10, 13))[0].due_on == date(2026, 10, 13)


def test_quarterly_and_yearly() -> None:
    # Q3 ends 30 Sep; the 10th working day: 8, 9, 10(班), 12, 13, 14, 15, 16, 19, 20 October.
    quarterly = line(Cycle.QUARTERLY, due_working_days=10)
    assert periods_of(quarterly, OCT_1, OCT_31) == [
        Period(date(2026, 7, 1), date(2026, 9, 30), date(2026, 10, 20))
    ]
    # 2025 ends Wed 31 Dec; 1–3 Jan 2026 休, Sun 4 Jan 班 (1), 5 (2), 6 (3), 7 (4), 8 (5).
    yearly = line(Cycle.YEARLY, due_working_days=5)
    assert periods_of(yearly, date(2026, 1, 1), date(2026, 12, 31)) == [
        Period(date(2025, 1, 1), date(2025, 12, 31), date(2026, 1, 8))
    ]
    assert periods_of(yearly, OCT_1, OCT_31) == []


def test_a_year_of_monthly_periods_in_order() -> None:
    monthly = line(Cycle.MONTHLY, due_working_days=3)
    periods = periods_of(monthly, date(2026, 1, 1), date(2026, 12, 31))
    # December 2025's report (due in January) to November 2026's (due in December).
    assert [p.start for p in periods] == [date(2025, 12, 1)] + [date(2026, m, 1) for m in range(1, 12)]
    assert all(a.due_on < b.due_on for a, b in zip(periods, periods[1:], strict=False))


def test_by_date_rolls_to_the_next_working_day() -> None:
    by_date = line(Cycle.BY_DATE, due_on=date(2024, 10, 1))
    # 1 Oct 2026 is a holiday, the holiday lasts to the 7th: due Thu 8 Oct.
    assert periods_of(by_date, OCT_1, OCT_31) == [
        Period(date(2026, 1, 1), date(2026, 12, 31), date(2026, 10, 8))
    ]
    assert by_date_due(date(2024, 10, 15), 2026) == date(2026, 10, 15)  # a Thursday: unchanged
    assert by_date_due(date(2024, 10, 17), 2026) == date(2026, 10, 19)  # Saturday → Monday
    assert by_date_due(date(2024, 2, 29), 2027) == date(2027, 3, 1)  # 28 Feb 2027 is a Sunday


def test_starts_and_ends() -> None:
    late_start = line(Cycle.MONTHLY, due_working_days=5, starts_on=date(2026, 10, 15))
    assert periods_of(late_start, OCT_1, OCT_31) == []  # September's period is before its first
    # October ends Sat 31 Oct; 2, 3, 4, 5, 6 November.
    assert periods_of(late_start, date(2026, 11, 1), date(2026, 11, 30)) == [
        Period(date(2026, 10, 1), date(2026, 10, 31), date(2026, 11, 6))
    ]
    retired = line(Cycle.MONTHLY, due_working_days=5, ends_on=date(2026, 9, 15))
    assert periods_of(retired, OCT_1, OCT_31) == []
    assert [p.start for p in periods_of(retired, date(2026, 9, 1), date(2026, 9, 30))] == [date(2026, 8, 1)]
    by_date = line(Cycle.BY_DATE, due_on=date(2024, 10, 1), starts_on=date(2026, 10, 2))
    assert periods_of(by_date, OCT_1, OCT_31) == []  # 1 October 2026 came before it started


def test_no_lag_and_ad_hoc() -> None:
    same_day = line(Cycle.MONTHLY, due_working_days=None)
    # Due on the period's last day itself: October's report on Sat 31 October.
    assert periods_of(same_day, OCT_1, OCT_31) == [Period(date(2026, 10, 1), date(2026, 10, 31), OCT_31)]
    assert periods_of(line(Cycle.AD_HOC), OCT_1, OCT_31) == []
    assert periods_of(line(Cycle.MONTHLY, due_working_days=5), OCT_31, OCT_1) == []
