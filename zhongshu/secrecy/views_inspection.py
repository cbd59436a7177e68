"""机要保密 · inspection: pages (filled in by this part)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []


def register() -> None:
    """Register this part's tab and its registries (to-dos, ticks, search, links, workbench panels)."""
