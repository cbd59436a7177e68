"""Reads of a person's inbox. A notice is only ever shown to its recipient."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from zhongshu.notifications.models import Notice


def notices_for(user: Any, *, unread_only: bool = False) -> QuerySet[Notice]:
    queryset = Notice.objects.filter(recipient_id=user.pk)
    if unread_only:
        queryset = queryset.filter(read_at__isnull=True)
    return queryset.order_by("-created_at", "-id")


def unread_count(user: Any) -> int:
    return Notice.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def notice_of(user: Any, pk: Any) -> Notice | None:
    """The user's own notice `pk`, or None (for a missing notice and someone else's alike)."""
    try:
        return Notice.objects.filter(recipient_id=user.pk).get(pk=int(pk))
    except (Notice.DoesNotExist, ValueError, TypeError):
        return None
