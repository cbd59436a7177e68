"""Pages of the meetings module's schedule part: its routes (`urlpatterns`, included by meetings/urls.py) and its
section of the meeting page (`register`, called from MeetingsConfig.ready())."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []


def register() -> None:
    """Register this part's section of the meeting page (meetings.sections.register_section), if it has one."""
