"""Escalation levels derived from the deadline, today and the thresholds, counted in working days across
the 2026 Spring Festival (休 2-15…2-23, 班 2-14 and 2-28) and National Day (休 10-1…10-7, 班 9-20 and 10-10)."""

from datetime import date

import pytest

from zhongshu.supervision.escalation import Thresholds, escalation_level, level_ranges
from zhongshu.supervision.models import Level

T = Thresholds(reminder_before=3, press_after=5, investigate_after=10)


def level(deadline, today, presses=0, thresholds=T):
    return escalation_level(deadline=deadline, today=today, thresholds=thresholds, unanswered_presses=presses)


def test_no_deadline_and_a_far_deadline_give_no_level(db):
    assert level(None, date(2026, 3, 2)) == Level.NONE
    assert level(date(2026, 3, 20), date(2026, 3, 2)) == Level.NONE


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        # Deadline Tue 2026-02-24, the first working day after the Spring Festival.
        (date(2026, 2, 9), Level.NONE),  # Mon: 10, 11, 12, 13, 14(班), 24 → 6 working days ahead
        (date(2026, 2, 12), Level.REMINDER),  # 13, 14(班), 24 → 3 working days: the reminder
        (date(2026, 2, 18), Level.REMINDER),  # in the holiday: 1 working day left
        (date(2026, 2, 24), Level.REMINDER),  # the deadline itself
        (date(2026, 2, 25), Level.REMIND),  # one working day late: 催办
        (date(2026, 3, 2), Level.PRESS),  # 25, 26, 27, 28(班), 3-2 → 5 late: 督办
        (date(2026, 3, 6), Level.PRESS),  # 25, 26, 27, 28(班), 3-2, 3, 4, 5, 6 → 9 late
        (date(2026, 3, 9), Level.INVESTIGATE),  # 10 late: 查办
    ],
)
def test_spring_festival(db, today, expected):
    assert level(date(2026, 2, 24), today) == expected


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        # Deadline Wed 2026-09-30, the last working day before National Day.
        (date(2026, 10, 1), Level.REMIND),
        (date(2026, 10, 7), Level.REMIND),  # a week of holiday is not a working day late
        (date(2026, 10, 13), Level.PRESS),  # 8, 9, 10(班), 12, 13 → 5 late
        # 8, 9, 10(班), 12, 13, 14, 15, 16, 19 → 9 late: still 督办; 查办 the next working day.
        (date(2026, 10, 19), Level.PRESS),
        (date(2026, 10, 20), Level.INVESTIGATE),
    ],
)
def test_national_day(db, today, expected):
    assert level(date(2026, 9, 30), today) == expected


def test_the_make_up_sunday_before_national_day_counts(db):
    # Sun 9-20 is a make-up working day, Sat 9-19 is not.
    assert level(date(2026, 9, 22), date(2026, 9, 18)) == Level.REMINDER  # 20(班), 21, 22 → 3 ahead


def test_two_unanswered_presses_mean_investigation_whatever_the_deadline(db):
    assert level(date(2026, 3, 20), date(2026, 3, 2), presses=2) == Level.INVESTIGATE
    assert level(date(2026, 3, 20), date(2026, 3, 2), presses=1) == Level.NONE


def test_the_presses_before_investigation_come_from_the_thresholds(db):
    patient = Thresholds(reminder_before=3, press_after=5, investigate_after=10, investigate_after_presses=3)
    assert level(date(2026, 3, 20), date(2026, 3, 2), presses=2, thresholds=patient) == Level.NONE
    assert level(date(2026, 3, 20), date(2026, 3, 2), presses=3, thresholds=patient) == Level.INVESTIGATE
    assert level(
        date(2026, 3, 20), date(2026, 3, 2), presses=1, thresholds=Thresholds(investigate_after_presses=1)
    ) == (Level.INVESTIGATE)


def test_thresholds_are_per_category(db):
    strict = Thresholds(reminder_before=1, press_after=1, investigate_after=2)
    assert level(date(2026, 2, 24), date(2026, 2, 25), thresholds=strict) == Level.PRESS
    assert level(date(2026, 2, 24), date(2026, 2, 26), thresholds=strict) == Level.INVESTIGATE


def test_level_ranges_agree_with_the_level_of_every_deadline(db):
    today = date(2026, 3, 2)
    ranges = level_ranges(today, T)
    # 2-11 is 9 working days before 3-2 (12, 13, 14(班), 24, 25, 26, 27, 28(班), 3-2), 2-10 is 10.
    assert ranges[Level.PRESS] == (date(2026, 2, 11), date(2026, 2, 24))
    assert ranges[Level.REMIND] == (date(2026, 2, 25), date(2026, 3, 1))
    assert ranges[Level.REMINDER] == (date(2026, 3, 2), date(2026, 3, 5))
    assert ranges[Level.INVESTIGATE] == (None, date(2026, 2, 10))
