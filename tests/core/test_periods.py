"""core.periods: the month, quarter or year statistics are asked for by — bounds, codes, labels, the period
before, the whole periods inside a range, and what a page or the API may be given."""

from __future__ import annotations

from datetime import date

import pytest

from zhongshu.core.errors import ServiceError
from zhongshu.core.periods import CalendarPeriod, whole_periods


def test_periods_know_their_days_codes_and_names() -> None:
    december = CalendarPeriod.parse("2026-12")
    assert (december.start, december.end, december.code, december.label) == (
        date(2026, 12, 1),
        date(2026, 12, 31),
        "2026-12",
        "2026年12月",
    )
    q1 = CalendarPeriod.parse("2027-q1")
    assert (q1.start, q1.end, q1.code, q1.label) == (
        date(2027, 1, 1),
        date(2027, 3, 31),
        "2027-Q1",
        "2027年第一季度",
    )
    assert (CalendarPeriod.parse("2026-Q4").start, CalendarPeriod.parse("2026-Q4").end) == (
        date(2026, 10, 1),
        date(2026, 12, 31),
    )
    assert CalendarPeriod.parse("2028-02").end == date(2028, 2, 29)
    year = CalendarPeriod.parse(" 2026 ")
    assert (year.start, year.end, year.code, year.label, year.number) == (
        date(2026, 1, 1),
        date(2026, 12, 31),
        "2026",
        "2026年",
        1,
    )


def test_the_period_before_crosses_the_year() -> None:
    assert CalendarPeriod.of("month", 2026, 1).previous() == CalendarPeriod.of("month", 2025, 12)
    assert CalendarPeriod.of("quarter", 2026, 1).previous() == CalendarPeriod.of("quarter", 2025, 4)
    assert CalendarPeriod.of("quarter", 2026, 3).previous() == CalendarPeriod.of("quarter", 2026, 2)
    assert CalendarPeriod.of("year", 2026).previous() == CalendarPeriod.of("year", 2025)
    assert CalendarPeriod.containing("quarter", date(2026, 8, 31)) == CalendarPeriod.of("quarter", 2026, 3)


def test_whole_periods_inside_a_range() -> None:
    codes = [period.code for period in whole_periods(date(2026, 2, 1), date(2026, 6, 30))]
    assert codes == ["2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-Q2"]
    assert "2025" in [period.code for period in whole_periods(date(2025, 1, 1), date(2025, 12, 31))]


@pytest.mark.parametrize("raw", ["2026-13", "2026-00", "2026-Q5", "1999", "26-11", "2026/11", "", "二〇二六"])
def test_anything_else_is_refused_saying_what_is_expected(raw: str) -> None:
    with pytest.raises(ServiceError) as refused:
        CalendarPeriod.parse(raw)
    assert refused.value.code == "bad_period" and "2026-Q4" in refused.value.message


def test_out_of_range_numbers_are_value_errors() -> None:
    for kind, number in (("month", 13), ("quarter", 0), ("week", 1)):
        with pytest.raises(ValueError):
            CalendarPeriod.of(kind, 2026, number)
