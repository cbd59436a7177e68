"""The escalation level of an item, derived from data and never stored as the only truth.

`escalation_level` is a pure function of the deadline, today, the category's thresholds and the number of
unanswered 督办; working days are counted by `zhongshu.workdays`. `level_ranges` turns the same function into
deadline ranges, so a scan over every open item filters by dates inside the database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from zhongshu.supervision.models import LEVEL_ORDER, Category, EscalationRule, Level
from zhongshu.workdays.calendar import workdays_between


@dataclass(frozen=True)
class Thresholds:
    reminder_before: int = 3
    press_after: int = 5
    investigate_after: int = 10
    look_back: int = 30
    # Unanswered 督办 that send an item to 查办 whatever its deadline says.
    investigate_after_presses: int = 2


DEFAULT_THRESHOLDS = Thresholds()


def thresholds_by_category() -> dict[str, Thresholds]:
    saved = {rule.category: rule for rule in EscalationRule.objects.all()}
    result = {}
    for category in Category.values:
        rule = saved.get(category)
        result[category] = (
            Thresholds(
                reminder_before=rule.reminder_before_workdays,
                press_after=rule.press_after_workdays,
                investigate_after=rule.investigate_after_workdays,
                look_back=rule.look_back_workdays,
                investigate_after_presses=rule.investigate_after_presses,
            )
            if rule
            else DEFAULT_THRESHOLDS
        )
    return result


def escalation_level(
    *,
    deadline: date | None,
    today: date,
    thresholds: Thresholds,
    unanswered_presses: int = 0,
    between: Callable[[date, date], int] = workdays_between,
) -> Level:
    """none / reminder (due within N working days) / remind 催办 (overdue) / press 督办 (overdue by X
    working days) / investigate 查办 (overdue by Y, or the category's number of 督办 unanswered)."""
    if unanswered_presses >= thresholds.investigate_after_presses:
        return Level.INVESTIGATE
    if deadline is None:
        return Level.NONE
    if today <= deadline:
        return Level.REMINDER if between(today, deadline) <= thresholds.reminder_before else Level.NONE
    late = between(deadline, today)
    if late >= thresholds.investigate_after:
        return Level.INVESTIGATE
    if late >= thresholds.press_after:
        return Level.PRESS
    return Level.REMIND


def level_rank(level: str) -> int:
    return LEVEL_ORDER.index(Level(level))


def level_ranges(today: date, thresholds: Thresholds) -> dict[Level, tuple[date | None, date]]:
    """For each level above none, the deadlines (earliest or None for unbounded, latest) that give it today.

    The level falls as the deadline moves later, so each level is one run of dates; the walk covers far
    more calendar days than any threshold in working days can span, even across the longest holiday.
    """
    span = 3 * (thresholds.investigate_after + thresholds.reminder_before) + 40
    ranges: dict[Level, list[date]] = {}
    day = today - timedelta(days=span)
    end = today + timedelta(days=span)
    while day <= end:
        level = escalation_level(deadline=day, today=today, thresholds=thresholds)
        if level != Level.NONE:
            found = ranges.setdefault(level, [day, day])
            found[1] = day
        day += timedelta(days=1)
    result: dict[Level, tuple[date | None, date]] = {}
    for level, (first, last) in ranges.items():
        result[level] = (None if level == Level.INVESTIGATE else first, last)
    return result
