"""The progress wall's derived snapshot: per lead unit, the figures of items that can no longer change.

An item is settled when it is closed and its look-back is done (`look_back_due` cleared): no transition
leaves that state, so its figures are fixed. Settled non-secret items are the bulk of a ledger that has run
for years; counting them once a day instead of on every view keeps the wall quick at a million items.

The snapshot is never the truth. `wall_snapshot_rebuild` (a tick, idempotent) recounts it from the items;
the wall adds, live, everything the snapshot leaves out: items not settled, state secrets (need-to-know is
checked per viewer), and any item created or touched (an `ItemEvent`) within `MARGIN` before the
snapshot was built or since. The rebuild leaves out exactly those same recent items, so nothing is counted
twice and nothing settled after the rebuild is missed. Without a snapshot, the wall counts everything live.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from zhongshu.base.levels import Classification
from zhongshu.supervision.models import ItemEvent, SupervisionItem, WallSnapshot
from zhongshu.supervision.states import ItemState

# Longer than any write transaction: an item settled in a transaction that began before a rebuild and
# committed after it is still inside the margin, so it is counted live.
MARGIN = timedelta(minutes=10)
SETTLED = Q(state=ItemState.CLOSED, look_back_due__isnull=True)


def recent_ids(built_at: datetime) -> set[int]:
    """Items created or touched since `MARGIN` before `built_at`: a day's activity, fetched as ids so the
    queries that use them go by primary key."""
    since = built_at - MARGIN
    created = SupervisionItem.objects.filter(created_at__gte=since).order_by().values_list("pk", flat=True)
    touched = ItemEvent.objects.filter(at__gte=since).order_by().values_list("item_id", flat=True)
    return {*created, *touched}


def settled_for_snapshot(items: QuerySet[SupervisionItem], built_at: datetime) -> QuerySet[SupervisionItem]:
    """The non-secret settled items a snapshot built at `built_at` counts."""
    return (
        items.filter(SETTLED, classification__lte=Classification.INTERNAL, lead_unit__isnull=False)
        .exclude(pk__in=recent_ids(built_at))
        .order_by()
    )


def snapshot_time() -> datetime | None:
    return WallSnapshot.objects.order_by().values_list("built_at", flat=True).first()


def wall_snapshot_rebuild(today: object = None) -> int:
    """Recount the snapshot from the items (the tick's signature takes an optional day). Returns its rows."""
    built_at = timezone.now()
    rows = (
        settled_for_snapshot(SupervisionItem.objects.all(), built_at)
        .values_list("lead_unit_id")
        .annotate(
            n=Count("classification"),
            on_time=Count("classification", filter=Q(closed_on_time=True)),
            late=Count("classification", filter=Q(closed_on_time=False)),
            workdays=Sum("handling_workdays"),
            timed=Count("handling_workdays"),
        )
    )
    snapshots = [
        WallSnapshot(
            unit_id=unit_id,
            settled=n,
            on_time=on_time,
            late=late,
            workdays=workdays or 0,
            timed=timed,
            built_at=built_at,
        )
        for unit_id, n, on_time, late, workdays, timed in rows
    ]
    with transaction.atomic():
        WallSnapshot.objects.all().delete()
        WallSnapshot.objects.bulk_create(snapshots, batch_size=2000)
    return len(snapshots)
