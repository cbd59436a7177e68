"""When a checklist line falls due: its periods and each one's due date on the office's working-day calendar.

- monthly / quarterly / yearly: the periods are calendar months, quarters (Jan–Mar, …) and years; the filing for
  a period is due on the `due_working_days`-th working day after the period's last day (an empty
  `due_working_days` counts as 0: due on the period's last day itself). Working days are counted by
  zhongshu.workdays, so a holiday (休) pushes the due date on and a make-up working day (班) counts.
- by_date: one period a year, the calendar year; due on `due_on`'s month and day in that year (29 February is
  the 28th in other years); when that day is not a working day, due on the next working day.
- ad_hoc: filed matter by matter; no periods.

The first period is the one holding `starts_on` (for by_date: the first yearly due date on or after
`starts_on`); a retired line (`ends_on`) has no period that ends after `ends_on` (for by_date: no due date
after it), so its history keeps counting and nothing new falls due.

`Period.start` is the date a filing for that period records (ChecklistFiling.period_start): the first day of
the month, quarter or year (1 January for a by_date line).

Pure: no query. The calendar comes from the process-wide cached snapshot, so a call costs a few
microseconds per period.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from zhongshu.reporting.models import ChecklistLine, Cycle
from zhongshu.workdays.calendar import add_workdays, is_workday

PERIODIC = (Cycle.MONTHLY, Cycle.QUARTERLY, Cycle.YEARLY)
_MONTHS = {Cycle.MONTHLY: 1, Cycle.QUARTERLY: 3, Cycle.YEARLY: 12}


@dataclass(frozen=True)
class Period:
    start: date  # the period a filing covers (ChecklistFiling.period_start)
    end: date
    due_on: date  # the last day a filing counts as on time (working-day calendar)


def _shift(first: date, months: int) -> date:
    """The first of the month `months` after `first` (a first of a month)."""
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_start_of(cycle: str, day: date) -> date:
    """The first day of the month, quarter or year (per `cycle`) holding `day`."""
    if cycle == Cycle.MONTHLY:
        return day.replace(day=1)
    if cycle == Cycle.QUARTERLY:
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return date(day.year, 1, 1)


def _periodic(line: ChecklistLine, start: date, end: date) -> Iterator[Period]:
    months = _MONTHS[Cycle(line.cycle)]
    lag = line.due_working_days or 0
    # A period whose last day falls before `earliest_end` is due before `start`: the `lag`-th working day after
    # it comes before the `lag`-th working day before `start`'s successor count (due dates grow with the end).
    earliest_end = add_workdays(start, -lag) if lag else start
    first = period_start_of(line.cycle, line.starts_on)
    lower = period_start_of(line.cycle, earliest_end)
    current = max(first, lower)
    while True:
        following = _shift(current, months)
        period_end = following - timedelta(days=1)
        if period_end > end:  # due on or after the period's end: nothing later can fall in the range
            return
        if line.ends_on is not None and period_end > line.ends_on:
            return
        due = add_workdays(period_end, lag)
        if due > end:
            return
        if due >= start:
            yield Period(current, period_end, due)
        current = following


def _on_or_after_workday(day: date) -> date:
    while not is_workday(day):
        day += timedelta(days=1)
    return day


def _nominal(due_on: date, year: int) -> date:
    if due_on.month == 2 and due_on.day == 29:
        try:
            return date(year, 2, 29)
        except ValueError:
            return date(year, 2, 28)
    return date(year, due_on.month, due_on.day)


def by_date_due(due_on: date, year: int) -> date:
    """A by-date line's due date in `year`: `due_on`'s month and day, or the next working day after it."""
    return _on_or_after_workday(_nominal(due_on, year))


def _by_date(line: ChecklistLine, start: date, end: date) -> Iterator[Period]:
    assert line.due_on is not None
    # The working-day roll can push a due date into the next year, so begin a year early.
    for year in range(max(start.year - 1, line.starts_on.year), end.year + 1):
        nominal = _nominal(line.due_on, year)
        if nominal < line.starts_on:
            continue
        if line.ends_on is not None and nominal > line.ends_on:
            return
        due = _on_or_after_workday(nominal)
        if start <= due <= end:
            yield Period(date(year, 1, 1), date(year, 12, 31), due)


def periods_of(line: ChecklistLine, start: date, end: date) -> list[Period]:
    """The line's periods whose due date falls in [start, end], in order; none for an ad-hoc line."""
    if end < start:
        return []
    if line.cycle in PERIODIC:
        return list(_periodic(line, start, end))
    if line.cycle == Cycle.BY_DATE and line.due_on is not None:
        return list(_by_date(line, start, end))
    return []
