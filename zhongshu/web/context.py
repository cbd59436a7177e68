"""Template context shared by every page: the signed-in account's person, the navigation and the count of
unread notices beside 消息."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest

from zhongshu.core.navigation import navigation_for
from zhongshu.notifications.selectors import unread_count

# The navigation entry that carries the unread badge.
NOTICES_NAV = "notifications:list"


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "unread_notices": 0}

    # A template calls this when it shows the badge (the full page's bar; a partial never does): one COUNT
    # over the (recipient, read_at, created_at) index, at most once a request.
    @cache
    def unread_notices() -> int:
        return unread_count(user)

    return {
        "nav_items": navigation_for(request),
        "unread_notices": unread_notices,
        "notices_nav": NOTICES_NAV,
    }
