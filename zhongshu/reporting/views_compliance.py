"""请示报告 · compliance: the part's pages. (Skeleton: the part's helper fills this in.)"""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []


def register() -> None:
    """The part's tab (tabs.BAR.register) and its registries."""
