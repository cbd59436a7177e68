"""The process-wide cached calendar: every listed day in memory, with prefix counts for O(1) arithmetic.

Reads never query per call. The cache is dropped when this process enters a schedule (on commit) and is
reloaded when the one-row `CalendarRevision` shows that another process changed it; that row is read at
most once per `CHECK_INTERVAL` seconds.

While a transaction that entered a schedule is still open, the thread that holds it sees its own uncommitted
calendar (so a recount inside that transaction counts with the new year), and no other thread does: that
calendar lives in a thread-local override bound to the atomic block that wrote it, checked against the
revision once that block has ended inside a longer transaction, and dropped when the transaction ends.
"""

from __future__ import annotations

import threading
import time
import weakref
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection, transaction

CHECK_INTERVAL = 1.0

# Dates in this window are answered from prefix counts; outside it (far past or future) by walking day by day.
FAST_FIRST = date(2000, 1, 1).toordinal()
FAST_LAST = date(2100, 12, 31).toordinal()


@dataclass(frozen=True)
class Snapshot:
    revision: int
    holidays: frozenset[int]  # ordinals of listed holidays (休)
    workdays: frozenset[int]  # ordinals of make-up working days (班)
    names: dict[int, str]
    years: dict[int, str]  # year -> source, for years with a schedule
    cumulative: list[int]  # cumulative[i]: working days in (FAST_FIRST, FAST_FIRST + i]
    workday_list: list[int]  # workday_list[k]: the ordinal of the (k+1)-th working day after FAST_FIRST

    def is_workday(self, ordinal: int) -> bool:
        if ordinal in self.workdays:
            return True
        if ordinal in self.holidays:
            return False
        return date.fromordinal(ordinal).weekday() < 5

    def count(self, ordinal: int) -> int:
        """Working days in (FAST_FIRST, ordinal]; only for ordinals inside the fast window."""
        return self.cumulative[ordinal - FAST_FIRST]

    def nth_workday(self, total: int) -> int:
        """The working day whose count is `total` (>= 1), or -1 beyond the window."""
        return self.workday_list[total - 1] if 0 < total <= len(self.workday_list) else -1


def build_snapshot(revision: int, days: list[tuple[date, str, str]], years: dict[int, str]) -> Snapshot:
    holidays = frozenset(d.toordinal() for d, kind, _ in days if kind == "holiday")
    workdays = frozenset(d.toordinal() for d, kind, _ in days if kind == "workday")
    names = {d.toordinal(): name for d, _, name in days}
    cumulative = [0]
    workday_list: list[int] = []
    weekday = date.fromordinal(FAST_FIRST).weekday()
    for ordinal in range(FAST_FIRST + 1, FAST_LAST + 1):
        weekday = (weekday + 1) % 7
        if ordinal in workdays or (weekday < 5 and ordinal not in holidays):
            workday_list.append(ordinal)
        cumulative.append(len(workday_list))
    return Snapshot(revision, holidays, workdays, names, dict(years), cumulative, workday_list)


def _read_revision() -> int:
    from zhongshu.workdays.models import CalendarRevision

    number = CalendarRevision.objects.filter(pk=1).values_list("number", flat=True).first()
    return number or 0


def load_snapshot() -> Snapshot:
    from zhongshu.workdays.models import CalendarDay, HolidaySchedule

    revision = _read_revision()
    days = list(CalendarDay.objects.values_list("date", "kind", "name"))
    years = dict(HolidaySchedule.objects.values_list("year", "source"))
    return build_snapshot(revision, days, years)


class _Cache:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.snapshot: Snapshot | None = None
        self.checked_at = 0.0
        self.local = threading.local()


_cache = _Cache()


def _override() -> Snapshot | None:
    """This thread's uncommitted calendar, if its current transaction entered a schedule."""
    entry: tuple[Any, Snapshot] | None = getattr(_cache.local, "override", None)
    if entry is None:
        return None
    block_ref, snapshot = entry
    blocks = connection.atomic_blocks
    if blocks:
        block = block_ref()
        if block is not None and any(b is block for b in blocks):
            return snapshot
        # The atomic block that wrote it has ended inside a longer transaction: released (the revision is
        # still ours) or rolled back (it is not). One cheap query tells, until the transaction ends.
        if _read_revision() == snapshot.revision:
            return snapshot
    # Committed or rolled back without telling us: forget it, and re-check the shared cache at once.
    _cache.local.override = None
    _cache.checked_at = 0.0
    return None


def current() -> Snapshot:
    """The calendar to count with now."""
    override = _override()
    if override is not None:
        return override
    now = time.monotonic()
    snapshot = _cache.snapshot
    if snapshot is not None and now - _cache.checked_at < CHECK_INTERVAL:
        return snapshot
    with _cache.lock:
        snapshot = _cache.snapshot
        if snapshot is None or _read_revision() != snapshot.revision:
            snapshot = load_snapshot()
            _cache.snapshot = snapshot
        _cache.checked_at = time.monotonic()
        return snapshot


def invalidate() -> None:
    """Drop the shared cache: the next read reloads it."""
    with _cache.lock:
        _cache.snapshot = None
        _cache.checked_at = 0.0


def calendar_changed() -> None:
    """Call inside the transaction that changed the calendar, after the change is written.

    Bumps the revision (so other processes reload), gives this thread the new calendar until the
    transaction ends, and drops the shared cache once it commits.
    """
    from django.db.models import F

    from zhongshu.workdays.models import CalendarRevision

    if not CalendarRevision.objects.filter(pk=1).update(number=F("number") + 1):
        CalendarRevision.objects.create(pk=1, number=1)
    snapshot = load_snapshot()
    blocks = connection.atomic_blocks
    if blocks:
        _cache.local.override = (weakref.ref(blocks[-1]), snapshot)
        transaction.on_commit(_committed)
    else:
        invalidate()


def _committed() -> None:
    _cache.local.override = None
    invalidate()


def forget() -> None:
    """Drop the shared cache and this thread's uncommitted calendar (for tests that roll back writes)."""
    _cache.local.override = None
    invalidate()


def walk(start: int, n: int, snapshot: Snapshot) -> int:
    """Step `n` working days from ordinal `start` one day at a time (the slow path, outside the window)."""
    step = 1 if n > 0 else -1
    remaining = abs(n)
    ordinal = start
    while remaining:
        ordinal += step
        if snapshot.is_workday(ordinal):
            remaining -= 1
    return ordinal
