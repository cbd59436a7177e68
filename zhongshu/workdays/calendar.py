"""Working-day arithmetic over the cached calendar. Every deadline in working days is counted here.

A day is a working day when the year's schedule lists it as a make-up working day (班), or it is Monday to
Friday and not listed as a holiday (休). A year with no schedule is counted by weekends only, and a deadline
that crosses such a year is provisional: `deadline_in_workdays` says so, with the note to show.

Counting walks like a person with a calendar: forwards, the days after `start` up to and including the
answer; backwards, the days before `start` down to and including the answer. So
`workdays_between(a, add_workdays(a, n)) == n` for every `a` and `n`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zhongshu.workdays.snapshot import FAST_FIRST, FAST_LAST, Snapshot, current, walk


def _years_text(years: tuple[int, ...]) -> str:
    return "、".join(str(year) for year in years) + "年节假日安排尚未录入"


@dataclass(frozen=True)
class WorkdayDeadline:
    date: date
    provisional: bool
    missing_years: tuple[int, ...]

    @property
    def note(self) -> str:
        if not self.provisional:
            return ""
        return _years_text(self.missing_years) + "，期限为暂定"


def is_workday(d: date) -> bool:
    return current().is_workday(d.toordinal())


def _add(snapshot: Snapshot, start: int, n: int) -> int:
    if n == 0:
        return start
    if FAST_FIRST < start <= FAST_LAST:
        # Forwards, the answer is the working day numbered count(start) + n. Backwards, the |n|-th working
        # day before `start` is numbered count(start - 1) + n + 1: exactly |n| working days lie in [it, start).
        cumulative = snapshot.cumulative
        offset = start - FAST_FIRST
        total = cumulative[offset] + n if n > 0 else cumulative[offset - 1] + n + 1
        found = snapshot.nth_workday(total)
        if found != -1:
            return found
    return walk(start, n, snapshot)


def _inside(*ordinals: int) -> bool:
    return all(FAST_FIRST <= o <= FAST_LAST for o in ordinals)


def add_workdays(start: date, n: int) -> date:
    """The date `n` working days after `start` (`start` not counted); n=0 gives `start`, n<0 goes back."""
    return date.fromordinal(_add(current(), start.toordinal(), n))


def _between(snapshot: Snapshot, a: int, b: int) -> int:
    if a == b:
        return 0
    if b < a:
        # Mirror of the forward count: working days in [b, a), negated.
        return -_count_range(snapshot, b - 1, a - 1)
    return _count_range(snapshot, a, b)


def _count_range(snapshot: Snapshot, after: int, upto: int) -> int:
    """Working days in (after, upto]."""
    if _inside(after, upto):
        return snapshot.count(upto) - snapshot.count(after)
    return sum(1 for o in range(after + 1, upto + 1) if snapshot.is_workday(o))


def workdays_between(a: date, b: date) -> int:
    """Working days after `a` up to and including `b`; when b < a, minus those in [b, a)."""
    return _between(current(), a.toordinal(), b.toordinal())


def has_schedule(year: int) -> bool:
    return year in current().years


def missing_years(a: date, b: date) -> tuple[int, ...]:
    """The years from a's to b's (either order, inclusive) that have no schedule yet."""
    first, last = sorted((a.year, b.year))
    years = current().years
    return tuple(year for year in range(first, last + 1) if year not in years)


def deadline_in_workdays(start: date, n: int) -> WorkdayDeadline:
    snapshot = current()
    end = date.fromordinal(_add(snapshot, start.toordinal(), n))
    years = snapshot.years
    if start.year == end.year:  # the common case, kept cheap for tick jobs
        missing: tuple[int, ...] = () if start.year in years else (start.year,)
    else:
        first, last = sorted((start.year, end.year))
        missing = tuple(year for year in range(first, last + 1) if year not in years)
    return WorkdayDeadline(end, bool(missing), missing)


def schedule_note(d: date) -> str:
    """ "2027年节假日安排尚未录入" when d's year has no schedule yet, else ""."""
    return "" if has_schedule(d.year) else _years_text((d.year,))


def day_name(d: date) -> str:
    """The holiday or make-up day's name (e.g. 春节), or "" for an ordinary day."""
    return current().names.get(d.toordinal(), "")
