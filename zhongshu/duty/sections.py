"""The incident page is made of sections (core.sections, page "duty.incident"): the incident and its reports
against the clock (incidents part), the contingency plan's steps for its level, leaders' instructions and
filing (plans part). Each part owns its template `duty/_incident_<name>.html` and a context function,
registered from its views module's register(), so the parts grow without editing one another's code."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from zhongshu.core.sections import Section, section_page
from zhongshu.duty.models import Incident

SectionContext = Callable[[HttpRequest, Incident], dict[str, Any]]
INCIDENT_PAGE = section_page("duty.incident")


def register_incident_section(name: str, title: str, order: int, context: SectionContext) -> None:
    INCIDENT_PAGE.register(name, title, order, f"duty/_incident_{name}.html", context)


def incident_sections() -> list[Section]:
    return INCIDENT_PAGE.ordered()
