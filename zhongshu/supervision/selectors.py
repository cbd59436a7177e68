"""Reads: the ledger (台账) with filters and keyset paging, one item's page, and the progress wall.

The ledger pages by id (newest first) with `id < cursor`: a page deep in a million rows costs what the first
page costs, and no `count(*)` is run. Every read goes through `access.policy.visible`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from zhongshu.access.levels import Classification
from zhongshu.access.policy import Action, scope_filter, viewer_of, visible
from zhongshu.org.models import Unit
from zhongshu.supervision.models import ItemUnit, Source, SupervisionItem, UnitRole, WallSnapshot, overdue_q
from zhongshu.supervision.states import ESCALATING_STATES, ItemState
from zhongshu.supervision.wall import SETTLED, recent_ids, snapshot_time

PAGE_SIZE = 50


@dataclass(frozen=True)
class LedgerFilter:
    source: str = ""
    unit_id: int | None = None
    state: str = ""
    overdue: bool = False
    leader_id: int | None = None
    period_from: date | None = None
    period_to: date | None = None
    kind: str = ""
    q: str = ""

    @classmethod
    def from_params(cls, params: Any) -> LedgerFilter:
        def number(name: str) -> int | None:
            raw = str(params.get(name, "") or "").strip()
            return int(raw) if raw.isdigit() else None

        def day(name: str) -> date | None:
            raw = str(params.get(name, "") or "").strip()
            try:
                return date.fromisoformat(raw) if raw else None
            except ValueError:
                return None

        source = str(params.get("source", "") or "")
        state = str(params.get("state", "") or "")
        return cls(
            source=source if source in Source.values else "",
            unit_id=number("unit"),
            state=state if state in ItemState.values else "",
            overdue=str(params.get("overdue", "")) in {"1", "true", "on"},
            leader_id=number("leader"),
            period_from=day("from"),
            period_to=day("to"),
            kind=str(params.get("kind", "") or "")[:20],
            q=str(params.get("q", "") or "").strip()[:100],
        )

    def as_params(self) -> dict[str, str]:
        values = {
            "source": self.source,
            "unit": str(self.unit_id or ""),
            "state": self.state,
            "overdue": "1" if self.overdue else "",
            "leader": str(self.leader_id or ""),
            "from": self.period_from.isoformat() if self.period_from else "",
            "to": self.period_to.isoformat() if self.period_to else "",
            "kind": self.kind,
            "q": self.q,
        }
        return {key: value for key, value in values.items() if value}


def filtered_items(user: Any, flt: LedgerFilter, today: date | None = None) -> QuerySet[SupervisionItem]:
    today = today or timezone.localdate()
    return _apply_filter(visible(SupervisionItem.objects.all(), user), flt, today)


def _apply_filter(
    items: QuerySet[SupervisionItem], flt: LedgerFilter, today: date
) -> QuerySet[SupervisionItem]:
    if flt.source:
        items = items.filter(source=flt.source)
    if flt.unit_id:
        items = items.filter(pk__in=ItemUnit.objects.filter(unit_id=flt.unit_id).values("item_id"))
    if flt.state:
        items = items.filter(state=flt.state)
    if flt.overdue:
        items = items.filter(overdue_q(today))
    if flt.leader_id:
        items = items.filter(leader_id=flt.leader_id)
    if flt.period_from:
        items = items.filter(assigned_on__gte=flt.period_from)
    if flt.period_to:
        items = items.filter(assigned_on__lte=flt.period_to)
    if flt.kind:
        items = items.filter(kind=flt.kind)
    if flt.q:
        items = items.filter(title__contains=flt.q)
    return items


@dataclass
class LedgerRow:
    item: SupervisionItem
    co_units: list[str] = field(default_factory=list)
    overdue: bool = False


@dataclass
class LedgerPage:
    rows: list[LedgerRow]
    next_cursor: int | None


def _with_co_units(items: list[SupervisionItem], today: date) -> list[LedgerRow]:
    names: dict[int, list[str]] = defaultdict(list)
    links = (
        ItemUnit.objects.filter(item_id__in=[item.pk for item in items], role=UnitRole.CO)
        .order_by("id")
        .values_list("item_id", "unit__name")
    )
    for item_id, name in links:
        names[item_id].append(name)
    return [LedgerRow(item, names[item.pk], item.is_overdue(today)) for item in items]


def ledger_page(
    user: Any, flt: LedgerFilter, *, after: int | None = None, size: int = PAGE_SIZE
) -> LedgerPage:
    """One page of the ledger: a fixed number of queries whatever the page or the filter."""
    today = timezone.localdate()
    items = filtered_items(user, flt, today).select_related("lead_unit", "leader")
    if after is not None:
        items = items.filter(pk__lt=after)
    found = list(items.order_by("-id")[: size + 1])
    more = len(found) > size
    found = found[:size]
    return LedgerPage(_with_co_units(found, today), found[-1].pk if more and found else None)


def ledger_rows(user: Any, flt: LedgerFilter, *, chunk: int = 2000) -> Any:
    """Every ledger row in order, page by page (for the Excel export)."""
    after = None
    while True:
        page = ledger_page(user, flt, after=after, size=chunk)
        yield from page.rows
        if page.next_cursor is None:
            return
        after = page.next_cursor


# --- The progress wall ------------------------------------------------------------------------------


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
        return round(100 * self.on_time / self.closed, 1) if self.closed else None


@dataclass
class Wall:
    by_state: list[tuple[str, str, int]]
    total: int
    closed: int
    on_time: int
    overdue_open: int
    trend: list[tuple[str, int]]
    units: list[UnitFigures]

    @property
    def on_time_rate(self) -> float | None:
        return round(100 * self.on_time / self.closed, 1) if self.closed else None

    @property
    def max_state(self) -> int:
        return max([count for _, _, count in self.by_state] or [1]) or 1

    @property
    def max_trend(self) -> int:
        return max([count for _, count in self.trend] or [1]) or 1


def _month_ends(today: date, months: int) -> list[date]:
    ends = []
    first = today.replace(day=1)
    for _ in range(months - 1):
        ends.append(first - timedelta(days=1))
        first = (first - timedelta(days=1)).replace(day=1)
    return [*reversed(ends), today]


def visible_split(items: QuerySet[SupervisionItem], user: Any) -> tuple[QuerySet[SupervisionItem], ...]:
    """`visible(items, user)` as two disjoint parts whose union is the same rows: the non-secret bulk, filtered
    by the classification column alone (plus the module's own scope), and the few state secrets, filtered by
    the full policy with its need-to-know checks. Aggregates over a million rows then read an index only.

    Non-secret records (公开/内部) are visible to every business person the policy lets in at all, within the
    module's scope; `tests/supervision/test_wall.py` proves the split equals `visible()` for each kind of
    viewer.
    """
    viewer = viewer_of(user)
    if scope_filter(SupervisionItem, viewer, Action.VIEW) is None:
        return items.none(), items.none()
    plain = items.filter(classification__lte=Classification.INTERNAL)
    narrowed = SupervisionItem.access_scope(viewer, Action.VIEW)
    if narrowed is not None:
        plain = plain.filter(narrowed)
    secret = visible(items.filter(classification__gt=Classification.INTERNAL), viewer)
    return plain, secret


# A NOT NULL column held by both wall indexes: counting it counts rows (Django counts `*` only unfiltered)
# without leaving the index.
_ROW = "classification"


def _late_at(end: date) -> Q:
    """Overdue at the end of a month: its deadline had passed and it was not yet closed."""
    return Q(assigned_on__lte=end, deadline__lt=end) & (Q(closed_on__isnull=True) | Q(closed_on__gt=end))


def _unit_state_rows(items: QuerySet[SupervisionItem], today: date, ends: list[date]) -> Any:
    """One row per (lead unit, state), with month-end counts for the trend when `ends` is given (for items not
    closed only): read from the covering index `sup_item_wall`."""
    return (
        items.order_by()
        .values_list("lead_unit_id", "state")
        .annotate(
            n=Count("*"),
            on_time=Count(_ROW, filter=Q(closed_on_time=True)),
            late_closed=Count(_ROW, filter=Q(closed_on_time=False)),
            past_deadline=Count(_ROW, filter=Q(deadline__lt=today)),
            workdays=Sum("handling_workdays"),
            timed=Count("handling_workdays"),
            # Only for items not closed, whose closed_on is empty (set at close-out, cleared on reopening): the
            # rest of `_late_at` would read the table, not the index.
            **{
                f"m{i}": Count(_ROW, filter=Q(assigned_on__lte=end, deadline__lt=end))
                for i, end in enumerate(ends)
            },
        )
    )


def _raw_rows(queryset: Any) -> list[tuple[Any, ...]]:
    """The rows of a values_list query as the driver returns them: integers and strings need no converting,
    and skipping Django's per-value converters matters over tens of thousands of grouped rows."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _trend_rows(
    items: QuerySet[SupervisionItem], ends: list[date], today: date, *, open_too: bool = True
) -> list[dict[str, int]]:
    """The month-end counts of `_late_at` over the items that can count: those not closed, and those closed
    after the first month end — range reads of the `sup_item_trend` index, not a scan of every item. With
    `open_too=False` only the closed ones (the caller counted the others in `_unit_state_rows`)."""
    figures = {f"m{i}": Count(_ROW, filter=_late_at(end)) for i, end in enumerate(ends)}
    rows = [items.filter(closed_on__gt=ends[0], deadline__lt=today).order_by().aggregate(**figures)]
    if open_too:
        rows.append(items.filter(closed_on__isnull=True, deadline__lt=today).order_by().aggregate(**figures))
    return rows


def _awaiting_look_back() -> Any:
    # A subquery by the partial index on look_back_due: SQLite would rather scan an index in GROUP BY order.
    return SupervisionItem.objects.filter(look_back_due__isnull=False).order_by().values("pk")


def _wall_sources(
    user: Any, parts: list[QuerySet[SupervisionItem]], flt: LedgerFilter
) -> tuple[list[tuple[QuerySet[SupervisionItem], bool]], list[Any]]:
    """The item sets to count live (with whether to keep only their closed rows), and the snapshot rows
    standing for the rest (see `wall.py`)."""
    viewer = viewer_of(user)
    if scope_filter(SupervisionItem, viewer, Action.VIEW) is None:
        return [], []
    plain, secret = parts
    # The snapshot counts every non-secret item: only a viewer the module does not narrow may use it.
    narrowed = SupervisionItem.access_scope(viewer, Action.VIEW)
    built_at = snapshot_time() if flt == LedgerFilter() and narrowed == Q() else None
    if built_at is None:
        return [(plain, False), (secret, False)], []
    live = [
        (plain.filter(state__in=[s for s in ItemState.values if s != ItemState.CLOSED]), False),
        # Closed items awaiting their look-back (by the partial index on look_back_due); an item in another
        # state with a look-back date is counted by the line above, so only its closed rows are kept.
        (plain.filter(pk__in=_awaiting_look_back()), True),
        (plain.filter(SETTLED, pk__in=recent_ids(built_at)), False),
        (secret, False),
    ]
    return live, _raw_rows(
        WallSnapshot.objects.order_by().values_list(
            "unit_id", "settled", "on_time", "late", "workdays", "timed"
        )
    )


def progress_wall(user: Any, flt: LedgerFilter | None = None, *, months: int = 6, top: int = 20) -> Wall:
    """Figures for 挂图督查: a few grouped reads of covering indexes over the visible items, and for the
    office's unfiltered view the daily snapshot of the items that can no longer change."""
    today = timezone.localdate()
    flt = flt or LedgerFilter()
    ends = _month_ends(today, months)
    trend = [0] * len(ends)
    parts = [_apply_filter(part, flt, today) for part in visible_split(SupervisionItem.objects.all(), user)]
    live, snapshot = _wall_sources(user, parts, flt)
    grouped = []
    for i, (part, closed_only) in enumerate(live):
        # With the snapshot, the first live set is the non-secret items not closed (closed_on is set at
        # close-out and cleared on reopening): its trend counts come with its grouped read.
        with_trend = bool(snapshot) and i == 0
        for row in _raw_rows(_unit_state_rows(part, today, ends if with_trend else [])):
            if closed_only and row[1] != ItemState.CLOSED:
                continue
            grouped.append(row[:8])
            for m in range(len(ends)) if with_trend else ():
                trend[m] += row[8 + m]
    for i, part in enumerate(parts):
        for month_counts in _trend_rows(part, ends, today, open_too=not (snapshot and i == 0)):
            for m in range(len(ends)):
                trend[m] += month_counts[f"m{m}"] or 0
    grouped += [
        (unit_id, ItemState.CLOSED.value, n, on_time_n, late, 0, workdays, timed)
        for unit_id, n, on_time_n, late, workdays, timed in snapshot
    ]
    escalating = {str(state) for state in ESCALATING_STATES}
    counts: dict[str, int] = defaultdict(int)
    per_unit: dict[int, list[int]] = {}
    closed = on_time = overdue_open = 0
    for unit_id, state, n, unit_on_time, late_closed, past_deadline, workdays, timed in grouped:
        counts[state] += n
        late_open = past_deadline if state in escalating else 0
        overdue_open += late_open
        if state == ItemState.CLOSED:
            closed += n
            on_time += unit_on_time
        if unit_id is None:
            continue
        # total, closed, on time, overdue (open and late, or closed late), working days, items timed
        figures = per_unit.setdefault(unit_id, [0, 0, 0, 0, 0, 0])
        figures[0] += n
        if state == ItemState.CLOSED:
            figures[1] += n
            figures[2] += unit_on_time
        figures[3] += late_open + late_closed
        figures[4] += workdays or 0
        figures[5] += timed
    names = dict(_raw_rows(Unit.objects.filter(pk__in=list(per_unit)).order_by().values_list("pk", "name")))
    units = [
        UnitFigures(
            unit_id,
            names.get(unit_id, ""),
            total,
            unit_closed,
            unit_on_time,
            late,
            round(workdays / timed, 1) if timed else None,
        )
        for unit_id, (total, unit_closed, unit_on_time, late, workdays, timed) in per_unit.items()
    ]
    # 按期办结率 first, then fewer overdue items, then quicker handling.
    units.sort(key=lambda u: (-(u.on_time_rate or 0), u.overdue, u.avg_workdays or 0, u.name))
    return Wall(
        by_state=[(state.value, state.label, counts.get(state.value, 0)) for state in ItemState],
        total=sum(counts.values()),
        closed=closed,
        on_time=on_time,
        overdue_open=overdue_open,
        trend=[(f"{end:%Y-%m}", trend[i]) for i, end in enumerate(ends)],
        units=units[:top] if top else units,
    )
