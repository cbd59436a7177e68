"""The incident page is made of sections: the incident and its reports against the clock (incidents part),
the contingency plan's steps for its level, leaders' instructions and filing (plans part). Each part owns its
template `duty/_incident_<name>.html` and a context function, registered from its views module's
register(), so the parts grow without editing one another's code."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from zhongshu.duty.models import Incident

SectionContext = Callable[[HttpRequest, Incident], dict[str, Any]]


@dataclass(frozen=True)
class Section:
    name: str  # the template is duty/_incident_<name>.html
    title: str  # the heading and the page's contents bar
    order: int
    context: SectionContext

    @property
    def template(self) -> str:
        return f"duty/_incident_{self.name}.html"


_SECTIONS: dict[str, Section] = {}


def register_incident_section(name: str, title: str, order: int, context: SectionContext) -> None:
    _SECTIONS[name] = Section(name, title, order, context)


def incident_sections() -> list[Section]:
    return sorted(_SECTIONS.values(), key=lambda section: (section.order, section.name))
