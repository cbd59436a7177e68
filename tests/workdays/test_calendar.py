"""Working-day arithmetic against the official schedules the package seeded (2004–2026)."""

from datetime import date, timedelta

import chinese_calendar
import pytest

from zhongshu.workdays.calendar import (
    WorkdayDeadline,
    add_workdays,
    day_name,
    deadline_in_workdays,
    has_schedule,
    is_workday,
    missing_years,
    schedule_note,
    workdays_between,
)

pytestmark = pytest.mark.django_db


def reference_add(start: date, n: int) -> date:
    """The definition, walked one day at a time."""
    day, step, left = start, (1 if n > 0 else -1), abs(n)
    while left:
        day += timedelta(days=step)
        if is_workday(day):
            left -= 1
    return day


def test_every_seeded_day_agrees_with_the_package():
    day = date(2004, 1, 1)
    while day <= date(2026, 12, 31):
        assert is_workday(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


def test_spring_festival_2026_is_off_from_15_to_23_february_with_two_makeup_saturdays():
    assert [d.day for d in (date(2026, 2, day) for day in range(13, 25)) if not is_workday(d)] == list(
        range(15, 24)
    )
    assert is_workday(date(2026, 2, 14))  # Saturday, 调休上班
    assert is_workday(date(2026, 2, 28))  # Saturday, 调休上班
    assert date(2026, 2, 14).weekday() == 5 and date(2026, 2, 28).weekday() == 5
    assert day_name(date(2026, 2, 17)) == "春节"
    assert day_name(date(2026, 2, 14)) == "春节调休"


def test_a_five_working_day_deadline_from_friday_13_february_2026_skips_spring_festival():
    # Sat 14 (make-up) is day 1, then 15–23 off, then Tue 24 … Fri 27.
    assert add_workdays(date(2026, 2, 13), 5) == date(2026, 2, 27)
    assert add_workdays(date(2026, 2, 13), 6) == date(2026, 2, 28)  # the make-up Saturday
    assert add_workdays(date(2026, 2, 13), 1) == date(2026, 2, 14)
    assert workdays_between(date(2026, 2, 13), date(2026, 2, 27)) == 5


def test_national_day_2026():
    assert [d.day for d in (date(2026, 10, day) for day in range(1, 12)) if not is_workday(d)] == [
        1,
        2,
        3,
        4,
        5,
        6,
        7,
        11,
    ]
    assert is_workday(date(2026, 9, 20)) and is_workday(date(2026, 10, 10))  # make-up Sunday and Saturday
    assert add_workdays(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert add_workdays(date(2026, 9, 30), 3) == date(2026, 10, 10)
    assert add_workdays(date(2026, 10, 8), -1) == date(2026, 9, 30)


def test_2025_holidays_and_makeup_days():
    off = [
        date(2025, 1, 1),
        date(2025, 1, 28),
        date(2025, 2, 4),
        date(2025, 4, 4),
        date(2025, 5, 5),
        date(2025, 5, 31),
        date(2025, 6, 2),
        date(2025, 10, 1),
        date(2025, 10, 8),
    ]
    makeup = [date(2025, 1, 26), date(2025, 2, 8), date(2025, 4, 27), date(2025, 9, 28), date(2025, 10, 11)]
    assert [is_workday(d) for d in off] == [False] * len(off)
    assert [is_workday(d) for d in makeup] == [True] * len(makeup)
    assert add_workdays(date(2025, 9, 26), 1) == date(2025, 9, 28)  # the make-up Sunday
    assert add_workdays(date(2025, 9, 26), 3) == date(2025, 9, 30)
    assert add_workdays(date(2025, 9, 30), 1) == date(2025, 10, 9)
    # 1 January is a holiday, so the days after it hold all of 2025's working days.
    assert workdays_between(date(2025, 1, 1), date(2025, 12, 31)) == 248


def test_zero_and_negative_counts():
    friday = date(2026, 11, 20)
    assert add_workdays(friday, 0) == friday
    assert add_workdays(date(2026, 11, 22), 0) == date(2026, 11, 22)  # a Sunday stays itself
    assert add_workdays(date(2026, 11, 22), -1) == friday
    assert add_workdays(date(2026, 11, 23), -1) == friday
    assert workdays_between(date(2026, 11, 23), friday) == -1
    assert workdays_between(friday, friday) == 0


def test_round_trip_and_fast_path_match_the_definition_around_holidays_and_year_ends():
    starts = [date(2025, 12, 20) + timedelta(days=i) for i in range(0, 80)]
    starts += [date(2026, 9, 20) + timedelta(days=i) for i in range(0, 25)]
    starts += [date(2026, 12, 20) + timedelta(days=i) for i in range(0, 20)]
    for start in starts:
        for n in (-25, -7, -1, 0, 1, 2, 5, 10, 30):
            end = add_workdays(start, n)
            assert end == reference_add(start, n), (start, n)
            assert workdays_between(start, end) == n, (start, n)


def test_counting_outside_the_fast_window_walks_the_same_rules():
    assert add_workdays(date(1999, 12, 30), 2) == reference_add(date(1999, 12, 30), 2) == date(2000, 1, 3)
    assert add_workdays(date(2000, 1, 3), -2) == date(1999, 12, 30)
    assert add_workdays(date(2100, 12, 30), 3) == date(2101, 1, 4)
    assert workdays_between(date(1999, 12, 31), date(2000, 1, 4)) == 2
    assert workdays_between(date(2101, 1, 4), date(2100, 12, 30)) == -3


def test_years_without_a_schedule_count_weekends_only_and_say_so():
    assert has_schedule(2026) and not has_schedule(2027)
    assert is_workday(date(2027, 1, 1))  # New Year's Day 2027, unknown until entered
    assert missing_years(date(2026, 12, 1), date(2028, 1, 5)) == (2027, 2028)
    assert missing_years(date(2027, 3, 1), date(2026, 3, 1)) == (2027,)
    assert missing_years(date(2026, 1, 1), date(2026, 12, 31)) == ()
    assert schedule_note(date(2027, 1, 4)) == "2027年节假日安排尚未录入"
    assert schedule_note(date(2026, 1, 4)) == ""


def test_a_deadline_running_into_2027_is_provisional_with_its_note():
    deadline = deadline_in_workdays(date(2026, 12, 25), 5)
    assert deadline == WorkdayDeadline(date(2027, 1, 1), True, (2027,))
    assert deadline.note == "2027年节假日安排尚未录入，期限为暂定"
    firm = deadline_in_workdays(date(2026, 11, 20), 5)
    assert firm == WorkdayDeadline(date(2026, 11, 27), False, ())
    assert firm.note == ""
    assert (
        WorkdayDeadline(date(2028, 1, 3), True, (2027, 2028)).note
        == "2027、2028年节假日安排尚未录入，期限为暂定"
    )
