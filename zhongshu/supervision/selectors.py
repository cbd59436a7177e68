"""Reads: the ledger (台账) with filters and keyset paging (the progress wall is `progress_wall.py`).

The ledger pages by id (newest first) with `id < cursor`: a page deep in a million rows costs what the first
page costs, and no `count(*)` is run (only a capped one, to choose how SQLite reads a period). Every read goes
through `access.policy.visible`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import DateField, F, Func, Max, Q, QuerySet
from django.utils import timezone

from zhongshu.access.policy import visible
from zhongshu.attachments.models import Attachment
from zhongshu.core.inputs import parse_id
from zhongshu.supervision.models import (
    ItemUnit,
    ProgressReport,
    Source,
    SupervisionItem,
    UnitRole,
    overdue_q,
)
from zhongshu.supervision.states import OPEN_STATES, ItemState

PAGE_SIZE = 50


# Not yet closed: a draft (待交办) already names its leader; a closed item (已销号) has left his desk.
UNCLOSED_STATES = (ItemState.DRAFT, *OPEN_STATES)


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
    open: bool = False  # not yet closed (待交办 to 申请办结): what a leader has on his desk

    @classmethod
    def from_params(cls, params: Any) -> LedgerFilter:
        def number(name: str) -> int | None:
            # An id the filter cannot hold (not digits, or past the column's range) filters nothing.
            return parse_id(str(params.get(name, "") or ""))

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
            open=str(params.get("open", "")) in {"1", "true", "on"},
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
            "open": "1" if self.open else "",
        }
        return {key: value for key, value in values.items() if value}


def filtered_items(user: Any, flt: LedgerFilter, today: date | None = None) -> QuerySet[SupervisionItem]:
    today = today or timezone.localdate()
    return apply_ledger_filter(visible(SupervisionItem.objects.all(), user), flt, today)


def apply_ledger_filter(
    items: QuerySet[SupervisionItem], flt: LedgerFilter, today: date, *, keep_withdrawn: bool = False
) -> QuerySet[SupervisionItem]:
    """The ledger's filter. `keep_withdrawn` leaves the withdrawn items in when no state is chosen, for a
    reader that drops them itself where it groups by state (the wall), so its other reads carry no state
    condition."""
    if flt.source:
        items = items.filter(source=flt.source)
    if flt.unit_id:
        items = items.filter(pk__in=ItemUnit.objects.filter(unit_id=flt.unit_id).values("item_id"))
    # A withdrawn item (作废) is in the 已作废 filter alone, never among the active lists.
    if flt.state:
        items = items.filter(state=flt.state)
    elif not keep_withdrawn:
        items = items.exclude(state=ItemState.WITHDRAWN)
    if flt.open:
        items = items.filter(state__in=UNCLOSED_STATES)
    if flt.overdue:
        items = items.filter(overdue_q(today))
    if flt.leader_id:
        items = items.filter(leader_id=flt.leader_id)
    items = items.filter(_period_q(flt))
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


# A period holding more items than this is read newest first on SQLite (see `_wide_period_on_sqlite`).
WIDE_PERIOD = 5000


def _period_q(flt: LedgerFilter, field: Any = "assigned_on") -> Q:
    period = Q()
    if flt.period_from:
        period &= Q(**{f"{field}__gte": flt.period_from})
    if flt.period_to:
        period &= Q(**{f"{field}__lte": flt.period_to})
    return period


def _wide_period_on_sqlite(flt: LedgerFilter) -> bool:
    """Whether to page a period filter by primary key on SQLite. Knowing no more of a date range than its
    bounds, SQLite reads every item of a wide period through the index on assignment dates and sorts them by
    id for one page (a hundred days of a million-item ledger: over 100 ms); walking the items newest first
    from the period's newest item finds a page at once. A narrow period stays on the index. A capped count
    of the index decides (PostgreSQL's statistics decide well alone)."""
    if connection.vendor != "sqlite" or not (flt.period_from or flt.period_to):
        return False
    return SupervisionItem.objects.filter(_period_q(flt)).order_by()[:WIDE_PERIOD].count() >= WIDE_PERIOD


def _newest_first_in_period(
    items: QuerySet[SupervisionItem], flt: LedgerFilter, after: int | None
) -> QuerySet[SupervisionItem]:
    window = SupervisionItem.objects.filter(_period_q(flt))
    if after is not None:
        window = window.filter(pk__lt=after)
    # Read from the index on (assigned_on, id) alone.
    newest = window.order_by().aggregate(newest=Max("pk"))["newest"]
    if newest is None:
        return items.none()
    # `+assigned_on` keeps SQLite off the index on assignment dates: it walks the items by id from `newest`.
    day = Func(F("assigned_on"), template="+%(expressions)s", output_field=DateField())
    return items.alias(assigned_day=day).filter(_period_q(flt, "assigned_day"), pk__lte=newest)


def ledger_page(
    user: Any, flt: LedgerFilter, *, after: int | None = None, size: int = PAGE_SIZE
) -> LedgerPage:
    """One page of the ledger: a fixed number of queries whatever the page or the filter."""
    today = timezone.localdate()
    if _wide_period_on_sqlite(flt):
        items = filtered_items(user, replace(flt, period_from=None, period_to=None), today)
        items = _newest_first_in_period(items, flt, after)
    else:
        items = filtered_items(user, flt, today)
    items = items.select_related("lead_unit", "leader")
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


def item_reports(item: SupervisionItem) -> list[ProgressReport]:
    """The item's progress reports, each with its files as `report.files`: two queries however many reports
    (the item's page once asked for each report's files on its own)."""
    reports = list(item.reports.select_related("unit", "milestone"))
    files: dict[int, list[Attachment]] = defaultdict(list)
    if reports:
        attachments = Attachment.objects.filter(
            content_type=ContentType.objects.get_for_model(ProgressReport),
            object_id__in=[report.pk for report in reports],
        ).select_related("file")
        for attachment in attachments:
            files[attachment.object_id].append(attachment)
    for report in reports:
        report.files = files[report.pk]  # type: ignore[attr-defined]
    return reports
