"""Unread notices as a to-do source for the workbench (`source(user) -> Iterable[TodoItem]`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from zhongshu.notifications.selectors import notices_for


def unread_notices(user: Any, limit: int = 20) -> Iterator[Any]:
    from zhongshu.core.todos import TodoItem

    for notice in notices_for(user, unread_only=True)[:limit]:
        yield TodoItem(
            title=notice.title,
            url=notice.link or reverse("notifications:list"),
            kind="notice",
            source_label="消息",
            at=notice.created_at,
        )
