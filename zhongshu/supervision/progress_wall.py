"""挂图督查: the progress wall's figures — items by state, the overdue trend, the on-time rate and the unit
ranking — over the items the viewer may see.

The overdue trend is derived, never stored: an item was overdue on day d when it had been assigned by d, its
deadline was before d, and by the end of d it had neither asked for completion (申请办结) nor been closed — the
same rule as `overdue_q` today, so the trend's last point is the wall's 逾期未办结. A report sent back
(退回重办重报) clears its request, so the item counts as late from its deadline until its accepted request:
the returned work was not done. A reopened item (回头看重启) counts from its new assignment.

A million items cannot be read row by row on every view. The figures come from a few grouped reads of
covering indexes, each answering one row per lead unit (at most a few thousand), and, for the office's
unfiltered view, the daily snapshot of the items that can no longer change (`wall.py`); the rest is counted
live on every view, so the wall is right even when the snapshot is days old or missing.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, F, IntegerField, Q, QuerySet, Sum, Value
from django.utils import timezone

from zhongshu.access.policy import Action, scope_filter, viewer_of, visible
from zhongshu.base.levels import Classification
from zhongshu.org.models import Unit
from zhongshu.supervision.models import SupervisionItem, WallSnapshot, late_on, overdue_q
from zhongshu.supervision.selectors import LedgerFilter, apply_ledger_filter
from zhongshu.supervision.states import ItemState
from zhongshu.supervision.wall import SETTLED, recent_ids, snapshot_time

# A withdrawn item (作废) was never the units' work: the wall neither counts nor shows it. The grouped reads
# (`_unit_rows`) read these states only; the trend needs no state condition, as a withdrawn item was never
# assigned and `late_on` asks for an assignment day.
STATES = [str(state) for state in ItemState.values if state != ItemState.WITHDRAWN]
NOT_CLOSED = [state for state in STATES if state != ItemState.CLOSED]
# A NOT NULL column held by every wall index: counting it counts rows (Django counts `*` only unfiltered)
# without leaving the index.
_ROW = "classification"


@dataclass
class UnitFigures:
    unit_id: int
    name: str
    total: int
    closed: int
    on_time: int
    overdue: int
    avg_workdays: float | None

    @property
    def on_time_rate(self) -> float | None:
        return _rate(self.on_time, self.closed)


@dataclass
class Wall:
    by_state: list[tuple[str, str, int]]
    total: int
    closed: int
    on_time: int
    overdue_open: int
    # (day, overdue items that day): the last `weeks` weeks, a point a week, the last one today.
    trend: list[tuple[date, int]]
    units: list[UnitFigures]

    @property
    def on_time_rate(self) -> float | None:
        return _rate(self.on_time, self.closed)


def _rate(on_time: int, closed: int) -> float | None:
    return round(100 * on_time / closed, 1) if closed else None


def week_points(today: date, weeks: int) -> list[date]:
    """The trend's days: today and the same weekday of each of the `weeks - 1` weeks before, oldest first."""
    return [today - timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]


@dataclass(frozen=True)
class _Split:
    plain: QuerySet[SupervisionItem]
    secret: QuerySet[SupervisionItem]
    # Whether the module narrows the viewer to some items (a unit's liaison): then the snapshot, which counts
    # every non-secret item, does not apply.
    narrowed: bool


def _split(items: QuerySet[SupervisionItem], user: Any) -> _Split:
    viewer = viewer_of(user)
    if scope_filter(SupervisionItem, viewer, Action.VIEW) is None:
        return _Split(items.none(), items.none(), True)
    plain = items.filter(classification__lte=Classification.INTERNAL)
    narrowed = SupervisionItem.access_scope(viewer, Action.VIEW)
    if narrowed is not None:
        plain = plain.filter(narrowed)
    secret = visible(items.filter(classification__gt=Classification.INTERNAL), viewer)
    return _Split(plain, secret, narrowed != Q())


def visible_split(items: QuerySet[SupervisionItem], user: Any) -> tuple[QuerySet[SupervisionItem], ...]:
    """`visible(items, user)` as two disjoint parts whose union is the same rows: the non-secret bulk, filtered
    by the classification column alone (plus the module's own scope), and the few state secrets, filtered by
    the full policy with its need-to-know checks. Aggregates over a million rows then read an index only.

    Non-secret records (公开/内部) are visible to every business person the policy lets in at all, within the
    module's scope; `tests/supervision/test_wall.py` proves the split equals `visible()` for each kind of
    viewer.
    """
    split = _split(items, user)
    return split.plain, split.secret


def _raw_rows(queryset: Any) -> list[tuple[Any, ...]]:
    """The rows of a values_list query as the driver returns them: integers and strings need no converting,
    and skipping Django's per-value converters matters over thousands of grouped rows."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _unit_rows(
    items: QuerySet[SupervisionItem], today: date, ends: list[date] | None = None, *, open_only: bool = False
) -> list[tuple[Any, ...]]:
    """One row per (state, lead unit): its items, closed on time, closed late, overdue and open, and the
    working days of the closed ones; with `ends`, then how many were late on each trend day (for a small set,
    the state secrets, whose rows are few whatever the conditions). Grouped in the order of the covering index
    `sup_item_wall` (state, lead unit, ...), so neither database sorts, and SQLite is not tempted to walk the
    whole table in lead-unit order instead; a few thousand rows out whatever the item count. With `open_only`
    (a set without closed items) the closed items' figures are zero, not counted row by row."""
    closed = Q(state=ItemState.CLOSED)
    if open_only:
        zero = Value(0, output_field=IntegerField())
        closed_figures: dict[str, Any] = {"on_time": zero, "late_closed": zero}
        work: dict[str, Any] = {"workdays": zero, "timed": zero}
    else:
        closed_figures = {
            "on_time": Count(_ROW, filter=closed & Q(closed_on_time=True)),
            "late_closed": Count(_ROW, filter=closed & Q(closed_on_time=False)),
        }
        work = {
            "workdays": Sum("handling_workdays", filter=closed),
            "timed": Count("handling_workdays", filter=closed),
        }
    days = {
        f"m{i}": Count(_ROW, filter=late_on(end, closed=False) & Q(closed_on__isnull=True))
        + Count(_ROW, filter=late_on(end, closed=True))
        for i, end in enumerate(ends or [])
    }
    return _raw_rows(
        items.exclude(state=ItemState.WITHDRAWN)
        .order_by()
        .values_list("state", "lead_unit_id")
        .annotate(
            n=Count(_ROW),
            **closed_figures,
            late_open=Count(_ROW, filter=overdue_q(today)),
            **work,
            **days,
        )
    )


def _trend_counts(items: QuerySet[SupervisionItem], ends: list[date], today: date) -> list[int]:
    """The counts of `late_on` on each trend day over the only items that can count — range reads of the
    `sup_item_trend` index, not a scan of every item: those not closed whose deadline has passed, and those
    closed after the first day, later than their deadline (late on a day means closed after it and due
    before it)."""
    first = ends[0]
    still_open = items.filter(closed_on__isnull=True, deadline__lt=today)
    # Most open items behind their deadline were so already on the first day, and so on every one after
    # unless they asked for completion: counted once, not tested day by day.
    always = still_open.filter(
        deadline__lt=first, assigned_on__lte=first, completion_requested_at__isnull=True
    )
    late_since = still_open.exclude(
        deadline__lt=first, assigned_on__lte=first, completion_requested_at__isnull=True
    )
    closed_late = items.filter(closed_on__gt=first, deadline__lt=today).filter(closed_on__gt=F("deadline"))
    counts = [always.order_by().aggregate(n=Count(_ROW))["n"]] * len(ends)
    for part, closed in ((late_since, False), (closed_late, True)):
        days = part.order_by().aggregate(
            **{f"m{i}": Count(_ROW, filter=late_on(end, closed=closed)) for i, end in enumerate(ends)}
        )
        counts = [count + (days[f"m{i}"] or 0) for i, count in enumerate(counts)]
    return counts


def _live_sets(
    split: _Split, flt: LedgerFilter
) -> tuple[list[tuple[QuerySet[SupervisionItem], bool]], datetime | None]:
    """The non-secret item sets to count live (each with whether it holds open items only), and the snapshot
    time when the snapshot stands for the rest."""
    built_at = snapshot_time() if flt == LedgerFilter() and not split.narrowed else None
    if built_at is None:
        return [(split.plain, False)], None
    plain = split.plain
    return [
        # Everything not closed: ranges of `sup_item_wall`.
        (plain.filter(state__in=NOT_CLOSED), True),
        # Closed, awaiting the look-back: the covering partial index `sup_item_awaiting`.
        (plain.filter(look_back_due__isnull=False, state=ItemState.CLOSED), False),
        # Settled since (or just before) the snapshot was built: by primary key.
        (plain.filter(SETTLED, pk__in=recent_ids(built_at)), False),
    ], built_at


@dataclass
class _Tally:
    """The figures summed over the grouped rows."""

    by_state: dict[str, int]
    # unit id → [total, closed, on time, overdue (open and late, or closed late), working days, items timed]
    units: dict[int, list[int]]
    on_time: int = 0
    overdue_open: int = 0

    def add(self, rows: list[tuple[Any, ...]]) -> None:
        """Rows of `_unit_rows` (trend counts, if any, after the eighth column are left alone)."""
        by_state, units, closed_state = self.by_state, self.units, ItemState.CLOSED.value
        for state, unit_id, n, on_time, late_closed, late_open, workdays, timed, *_ in rows:
            by_state[state] += n
            self.on_time += on_time
            self.overdue_open += late_open
            if unit_id is None:
                continue
            unit = units.get(unit_id)
            if unit is None:
                unit = units[unit_id] = [0, 0, 0, 0, 0, 0]
            unit[0] += n
            if state == closed_state:
                unit[1] += n
            unit[2] += on_time
            unit[3] += late_open + late_closed
            unit[4] += workdays or 0
            unit[5] += timed


def _ranked(units: dict[int, list[int]], top: int) -> list[UnitFigures]:
    """按期办结率 first, then fewer overdue items, then quicker handling, then the name: the names are
    fetched only for the units that can make the top (all of them when `top` is 0)."""
    figures = {
        unit_id: UnitFigures(
            unit_id, "", total, closed, on_time, late, round(workdays / timed, 1) if timed else None
        )
        for unit_id, (total, closed, on_time, late, workdays, timed) in units.items()
    }
    keys = {
        unit_id: (-(unit.on_time_rate or 0), unit.overdue, unit.avg_workdays or 0)
        for unit_id, unit in figures.items()
    }
    candidates = list(figures)
    if top and len(candidates) > top:
        last = heapq.nsmallest(top, keys.values())[-1]
        candidates = [unit_id for unit_id in candidates if keys[unit_id] <= last]
    names = dict(_raw_rows(Unit.objects.filter(pk__in=candidates).order_by().values_list("pk", "name")))
    ranked = [figures[unit_id] for unit_id in candidates]
    for unit in ranked:
        unit.name = names.get(unit.unit_id, "")
    ranked.sort(key=lambda unit: (*keys[unit.unit_id], unit.name))
    return ranked[:top] if top else ranked


def progress_wall(user: Any, flt: LedgerFilter | None = None, *, weeks: int = 8, top: int = 20) -> Wall:
    """Figures for 挂图督查 over the items the viewer may see, under the ledger's filter."""
    today = timezone.localdate()
    flt = flt or LedgerFilter()
    ends = week_points(today, weeks)
    split = _split(apply_ledger_filter(SupervisionItem.objects.all(), flt, today, keep_withdrawn=True), user)
    live, built_at = _live_sets(split, flt)
    tally = _Tally({state: 0 for state in STATES}, {})
    for part, open_only in live:
        tally.add(_unit_rows(part, today, open_only=open_only))
    # The state secrets: few, found by the classification index and checked against need-to-know; their
    # trend counts come with their grouped read, not from the trend index's ranges.
    trend = [0] * len(ends)
    secret_rows = _unit_rows(split.secret, today, ends)
    tally.add(secret_rows)
    for row in secret_rows:
        trend = [total + count for total, count in zip(trend, row[8:], strict=True)]
    if built_at is not None:
        snapshot = WallSnapshot.objects.order_by().values_list(
            "unit_id", "settled", "on_time", "late", "workdays", "timed"
        )
        tally.add(
            [
                (ItemState.CLOSED.value, unit_id, settled, on_time, late, 0, workdays, timed)
                for unit_id, settled, on_time, late, workdays, timed in _raw_rows(snapshot)
            ]
        )
    # The trend of the rest counts no snapshot: the items it needs are found by range.
    trend = [
        total + count for total, count in zip(trend, _trend_counts(split.plain, ends, today), strict=True)
    ]
    return Wall(
        by_state=[
            (state.value, state.label, tally.by_state[state.value]) for state in ItemState if state in STATES
        ],
        total=sum(tally.by_state.values()),
        closed=tally.by_state[ItemState.CLOSED],
        on_time=tally.on_time,
        overdue_open=tally.overdue_open,
        trend=list(zip(ends, trend, strict=True)),
        units=_ranked(tally.units, top),
    )
