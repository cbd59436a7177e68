"""The navigation bar: each entry says who sees it. Every app registers its own entries with `register_nav`
from its AppConfig.ready(); the web shell only renders them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    allowed: Callable[[Any], bool]
    order: int = 100


_ENTRIES: list[NavEntry] = []


def register_nav(label: str, url_name: str, allowed: Callable[[Any], bool], order: int = 100) -> None:
    if any(entry.url_name == url_name for entry in _ENTRIES):
        return
    _ENTRIES.append(NavEntry(label, url_name, allowed, order))
    _ENTRIES.sort(key=lambda entry: entry.order)


def navigation_for(request: HttpRequest) -> list[dict[str, object]]:
    user = request.user
    items: list[dict[str, object]] = [
        {"name": entry.url_name, "label": entry.label, "url": reverse(entry.url_name)}
        for entry in _ENTRIES
        if entry.allowed(user)
    ]
    # One entry is current: the one whose address matches most of the path (保密管理 at /org/security/, not
    # 通讯录 at /org/ as well).
    path = request.path

    def matches(url: str) -> bool:
        return path == url or (url != "/" and path.startswith(url))

    current = max(
        (item for item in items if matches(str(item["url"]))),
        key=lambda item: len(str(item["url"])),
        default=None,
    )
    for item in items:
        item["active"] = item is current
    return items
