"""Pages of the duty module's incidents part: its urlpatterns (included by duty/urls.py) and register(), which
adds its tab (duty.tabs) and its registries."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []


def register() -> None:
    """The part's tab and registries, called once from DutyConfig.ready()."""
