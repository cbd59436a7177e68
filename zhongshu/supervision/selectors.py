"""Reads: the ledger (台账) with filters and keyset paging, one item's page, and the progress wall.

The ledger pages by id (newest first) with `id < cursor`: a page deep in a million rows costs what the first
page costs, and no `count(*)` is run. Every read goes through `access.policy.visible`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from zhongshu.access.policy import visible
from zhongshu.supervision.models import ItemUnit, Source, SupervisionItem, UnitRole
from zhongshu.supervision.states import OPEN_STATES, ItemState

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
    items = visible(SupervisionItem.objects.all(), user)
    if flt.source:
        items = items.filter(source=flt.source)
    if flt.unit_id:
        items = items.filter(pk__in=ItemUnit.objects.filter(unit_id=flt.unit_id).values("item_id"))
    if flt.state:
        items = items.filter(state=flt.state)
    if flt.overdue:
        items = items.filter(state__in=OPEN_STATES, deadline__lt=today)
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


def progress_wall(user: Any, flt: LedgerFilter | None = None, *, months: int = 6, top: int = 20) -> Wall:
    """Figures for 挂图督查: three aggregate queries over the visible items, whatever their number."""
    today = timezone.localdate()
    items = filtered_items(user, flt or LedgerFilter(), today).order_by()
    open_late = Q(state__in=OPEN_STATES, deadline__lt=today)
    counts = dict(items.values_list("state").annotate(n=Count("id")).values_list("state", "n"))
    ends = _month_ends(today, months)
    # An item was overdue at the end of a month when its deadline had passed and it was not yet closed.
    trend_figures = items.aggregate(
        closed=Count("id", filter=Q(state=ItemState.CLOSED)),
        on_time=Count("id", filter=Q(state=ItemState.CLOSED, closed_on_time=True)),
        overdue_open=Count("id", filter=open_late),
        **{
            f"m{i}": Count(
                "id",
                filter=Q(assigned_on__lte=end, deadline__lt=end)
                & (Q(closed_on__isnull=True) | Q(closed_on__gt=end)),
            )
            for i, end in enumerate(ends)
        },
    )
    per_unit = (
        items.filter(lead_unit__isnull=False)
        .values("lead_unit", "lead_unit__name")
        .annotate(
            total=Count("id"),
            closed=Count("id", filter=Q(state=ItemState.CLOSED)),
            on_time=Count("id", filter=Q(state=ItemState.CLOSED, closed_on_time=True)),
            overdue=Count("id", filter=open_late | Q(state=ItemState.CLOSED, closed_on_time=False)),
            avg=Avg("handling_workdays"),
        )
    )
    units = [
        UnitFigures(
            row["lead_unit"],
            row["lead_unit__name"],
            row["total"],
            row["closed"],
            row["on_time"],
            row["overdue"],
            round(row["avg"], 1) if row["avg"] is not None else None,
        )
        for row in per_unit
    ]
    # 按期办结率 first, then fewer overdue items, then quicker handling.
    units.sort(key=lambda u: (-(u.on_time_rate or 0), u.overdue, u.avg_workdays or 0, u.name))
    return Wall(
        by_state=[(state.value, state.label, counts.get(state.value, 0)) for state in ItemState],
        total=sum(counts.values()),
        closed=trend_figures["closed"],
        on_time=trend_figures["on_time"],
        overdue_open=trend_figures["overdue_open"],
        trend=[(f"{end:%Y-%m}", trend_figures[f"m{i}"]) for i, end in enumerate(ends)],
        units=units[:top] if top else units,
    )
