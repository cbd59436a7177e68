"""Reads: the catalogue (档案目录) with filters and keyset paging, records waiting to be filed (待归档), items
due for appraisal (derived, never stored), the same-day figures, and use requests. Every read of items goes
through `access.policy.visible`, so lists, counts and figures never include what the reader may not see."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone

from zhongshu.access.policy import visible
from zhongshu.archives.filing import FilingSource, filing_sources
from zhongshu.archives.models import (
    FILE_ROLE_ORDER,
    ArchiveFile,
    ArchiveItem,
    ArchiveUse,
    ItemState,
    Retention,
    UseState,
)

PAGE_SIZE = 50


@dataclass(frozen=True)
class CatalogueFilter:
    year: int | None = None
    retention: str = ""
    org_code: str = ""
    state: str = ""
    q: str = ""

    @classmethod
    def from_params(cls, params: Any) -> CatalogueFilter:
        raw_year = str(params.get("year", "") or "").strip()
        retention = str(params.get("retention", "") or "")
        state = str(params.get("state", "") or "")
        return cls(
            year=int(raw_year) if raw_year.isascii() and raw_year.isdigit() and len(raw_year) == 4 else None,
            retention=retention if retention in Retention.values else "",
            org_code=str(params.get("org", "") or "").strip()[:32],
            state=state if state in ItemState.values else "",
            q=str(params.get("q", "") or "").strip()[:100],
        )

    def as_params(self) -> dict[str, str]:
        values = {
            "year": str(self.year or ""),
            "retention": self.retention,
            "org": self.org_code,
            "state": self.state,
            "q": self.q,
        }
        return {key: value for key, value in values.items() if value}


def item_files(item: ArchiveItem) -> list[ArchiveFile]:
    """The item's files as its page and the API list them: the 定稿正本 (PDF) first, its 可编辑稿 (DOCX)
    next, then the attachments; in filing order within each."""
    return sorted(
        item.files.select_related("stored"),
        key=lambda f: (FILE_ROLE_ORDER.get(f.role, 9), f.sort_order, f.pk),
    )


def catalogue_items(user: Any, flt: CatalogueFilter) -> QuerySet[ArchiveItem]:
    items = visible(ArchiveItem.objects.all(), user)
    if flt.year:
        items = items.filter(year=flt.year)
    if flt.retention:
        items = items.filter(retention=flt.retention)
    if flt.org_code:
        items = items.filter(org_code=flt.org_code)
    if flt.state:
        items = items.filter(state=flt.state)
    if flt.q:
        items = items.filter(
            Q(title__contains=flt.q) | Q(reference_code__contains=flt.q) | Q(doc_number__contains=flt.q)
        )
    return items


@dataclass
class CataloguePage:
    items: list[ArchiveItem]
    next_cursor: int | None


def catalogue_page(user: Any, flt: CatalogueFilter, after: int | None = None) -> CataloguePage:
    """Newest filings first, keyset-paged on id (no count: a count would be one more query to leak from)."""
    items = catalogue_items(user, flt).order_by("-id")
    if after:
        items = items.filter(id__lt=after)
    rows = list(items[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return CataloguePage(rows, rows[-1].pk if more and rows else None)


def catalogue_rows(user: Any, flt: CatalogueFilter) -> QuerySet[ArchiveItem]:
    """The catalogue in its filing order (class by class, item number within a class)."""
    return catalogue_items(user, flt).order_by("fonds", "year", "retention", "org_code", "item_number")


# --- 待归档 ------------------------------------------------------------------------------------------------


@dataclass
class PendingRecord:
    source: FilingSource
    record: Any
    title: str
    reason: str | None


def pending_records(user: Any, limit: int = 200) -> list[PendingRecord]:
    """Closed records the user may see that are not filed yet, source by source, newest first."""
    rows: list[PendingRecord] = []
    for source in filing_sources():
        content_type = ContentType.objects.get_for_model(source.model)
        filed = ArchiveItem.objects.filter(source_type=content_type).values("source_id")
        records = source.pending(visible(source.model._default_manager.all(), user)).exclude(pk__in=filed)
        for record in records.order_by("-pk")[:limit]:
            rows.append(
                PendingRecord(
                    source, record, str(getattr(record, "title", record)), source.is_fileable(record)
                )
            )
    return rows


# --- 鉴定 --------------------------------------------------------------------------------------------------


def due_for_appraisal_q(today: date) -> Q:
    """Items whose retention period has ended (counted from the year after their year), or whose 'keep'
    decision named a year now reached; permanent items never."""
    ended = Q(retention=Retention.Y10, year__lte=today.year - 11) | Q(
        retention=Retention.Y30, year__lte=today.year - 31
    )
    return (
        ((Q(review_year__isnull=True) & ended) | Q(review_year__isnull=False, review_year__lte=today.year))
        & ~Q(retention=Retention.PERMANENT)
        & ~Q(state=ItemState.DESTROYED)
    )


def items_due_for_appraisal(user: Any, today: date | None = None) -> QuerySet[ArchiveItem]:
    today = today or timezone.localdate()
    return visible(ArchiveItem.objects.all(), user).filter(due_for_appraisal_q(today)).order_by("year", "id")


# --- 当天移交、当天整理、当天入库 ---------------------------------------------------------------------------


@dataclass
class SameDayFigures:
    period: str
    start: date
    end: date  # inclusive
    handed_over: int = 0
    arranged_same_day: int = 0
    shelved_same_day: int = 0
    by_day: list[dict[str, Any]] = field(default_factory=list)

    @property
    def arranged_rate(self) -> float:
        return self.arranged_same_day / self.handed_over if self.handed_over else 0.0

    @property
    def shelved_rate(self) -> float:
        return self.shelved_same_day / self.handed_over if self.handed_over else 0.0


PERIODS = {"day": "日", "week": "周", "month": "月"}


def period_bounds(period: str, day: date) -> tuple[date, date]:
    if period == "week":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    if period == "month":
        start = day.replace(day=1)
        following = (start + timedelta(days=32)).replace(day=1)
        return start, following - timedelta(days=1)
    return day, day


def same_day_figures(user: Any, period: str, day: date) -> SameDayFigures:
    """Of the items handed over in the period, how many were arranged and shelved on the day of hand-over
    (local time). Counts only what the reader may see."""
    period = period if period in PERIODS else "day"
    start, end = period_bounds(period, day)
    zone = timezone.get_current_timezone()
    since = datetime.combine(start, time.min, tzinfo=zone)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone)
    rows = visible(ArchiveItem.objects.all(), user).filter(
        handed_over_at__gte=since, handed_over_at__lt=until, imported_at__isnull=True
    )
    figures = SameDayFigures(period, start, end)
    per_day: Counter[tuple[date, str]] = Counter()
    for handed, arranged, shelved in rows.values_list("handed_over_at", "arranged_at", "shelved_at"):
        handed_day = timezone.localtime(handed, zone).date()
        figures.handed_over += 1
        per_day[(handed_day, "handed_over")] += 1
        if arranged is not None and timezone.localtime(arranged, zone).date() == handed_day:
            figures.arranged_same_day += 1
            per_day[(handed_day, "arranged")] += 1
        if shelved is not None and timezone.localtime(shelved, zone).date() == handed_day:
            figures.shelved_same_day += 1
            per_day[(handed_day, "shelved")] += 1
    current = start
    while current <= end:
        figures.by_day.append(
            {
                "day": current,
                "handed_over": per_day[(current, "handed_over")],
                "arranged": per_day[(current, "arranged")],
                "shelved": per_day[(current, "shelved")],
            }
        )
        current += timedelta(days=1)
    return figures


# --- 利用 --------------------------------------------------------------------------------------------------


def my_uses(user: Any) -> QuerySet[ArchiveUse]:
    mine = ArchiveUse.objects.filter(requester__user_id=getattr(user, "pk", 0) or 0)
    return visible(mine, user).order_by("-requested_at", "-id")


def uses_waiting(user: Any) -> QuerySet[ArchiveUse]:
    """Requests waiting for a decision: the head sees every one, items by 档号 only; titles show on the page
    only where the head may see the item."""
    waiting = ArchiveUse.objects.filter(state=UseState.REQUESTED)
    return visible(waiting, user).select_related("requester", "item").order_by("requested_at", "id")


def loans_out(user: Any) -> QuerySet[ArchiveUse]:
    loans = ArchiveUse.objects.filter(kind="borrow", state=UseState.APPROVED)
    return visible(loans, user).select_related("requester", "item").order_by("due_back", "id")


def destructions_waiting(user: Any) -> list[ArchiveItem]:
    """Items whose latest appraisal proposes destruction: the archives head's second decision."""
    from zhongshu.archives.models import Appraisal, Decision

    proposed = Appraisal.objects.filter(decision=Decision.PROPOSE_DESTROY).values("item_id")
    items = visible(ArchiveItem.objects.filter(pk__in=proposed), user).exclude(state=ItemState.DESTROYED)
    waiting = []
    for item in items.prefetch_related("appraisals__by"):
        history = sorted(item.appraisals.all(), key=lambda a: (a.at, a.pk))
        if history and history[-1].decision == Decision.PROPOSE_DESTROY:
            item.proposal = history[-1]  # type: ignore[attr-defined]
            waiting.append(item)
    return waiting
