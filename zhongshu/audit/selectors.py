"""Reading the audit log: the auditor's filters and keyset pages (by seq, never OFFSET)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone

from zhongshu.audit.models import AuditEvent

PAGE_SIZE = 50


@dataclass(frozen=True)
class AuditFilter:
    """What the auditor narrowed the log to. Dates are local (Asia/Shanghai) calendar days, inclusive."""

    actor: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    date_from: date | None = None
    date_to: date | None = None

    def as_params(self) -> dict[str, str]:
        """The filters in use, as query-string values (also what the log records about a read)."""
        return {
            name: value.isoformat() if isinstance(value, date) else value
            for name, value in asdict(self).items()
            if value
        }


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def filtered_events(filters: AuditFilter) -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.all()
    if filters.actor:
        qs = qs.filter(actor_name=filters.actor)
    if filters.action:
        # "auth.*" means every action under auth.
        if filters.action.endswith("*"):
            qs = qs.filter(action__startswith=filters.action[:-1])
        else:
            qs = qs.filter(action=filters.action)
    if filters.object_type:
        qs = qs.filter(object_type=filters.object_type)
    if filters.object_id:
        qs = qs.filter(object_id=filters.object_id)
    if filters.date_from:
        qs = qs.filter(occurred_at__gte=_start_of(filters.date_from))
    if filters.date_to:
        qs = qs.filter(occurred_at__lt=_start_of(filters.date_to + timedelta(days=1)))
    return qs


@dataclass(frozen=True)
class EventPage:
    events: list[AuditEvent]
    next_cursor: int | None  # pass as `before` (newest first) or `after` (oldest first) for the next page


def newest_first_page(filters: AuditFilter, *, before: int | None = None, size: int = PAGE_SIZE) -> EventPage:
    qs = filtered_events(filters).order_by("-seq")
    if before is not None:
        qs = qs.filter(seq__lt=before)
    return _page(list(qs[: size + 1]), size)


def oldest_first_page(filters: AuditFilter, *, after: int | None = None, size: int = PAGE_SIZE) -> EventPage:
    qs = filtered_events(filters).order_by("seq")
    if after is not None:
        qs = qs.filter(seq__gt=after)
    return _page(list(qs[: size + 1]), size)


def _page(rows: list[AuditEvent], size: int) -> EventPage:
    if len(rows) > size:
        return EventPage(rows[:size], rows[size - 1].seq)
    return EventPage(rows, None)


def all_filtered_events(filters: AuditFilter, chunk: int = 2000) -> Iterator[AuditEvent]:
    """Every matching event, oldest first, fetched in keyset chunks (for the CSV export)."""
    after: int | None = None
    while True:
        page = oldest_first_page(filters, after=after, size=chunk)
        yield from page.events
        if page.next_cursor is None:
            return
        after = page.next_cursor


def known_actions() -> list[str]:
    """The action names for the filter's suggestions. A DISTINCT over a large log is a full index scan,
    so the list is cached for a few minutes: a new action shows up late, which is fine for suggestions."""

    def load() -> list[str]:
        return list(AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct())

    return cache.get_or_set("audit:known_actions", load, timeout=300) or []
