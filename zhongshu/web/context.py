"""Template context shared by every page: the signed-in account's person and the navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from zhongshu.core.navigation import navigation_for


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {"nav_items": navigation_for(request)}
