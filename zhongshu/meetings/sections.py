"""The meeting page is made of sections, one per part of the module (application, schedule, notice and
replies, seating, sign-in, agenda and materials, secrecy, minutes and decisions). Each part owns its
template `meetings/_section_<name>.html` and a context function, registered here from its views module, so
the parts grow without editing one another's code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from zhongshu.meetings.models import Meeting

SectionContext = Callable[[HttpRequest, Meeting], dict[str, Any]]


@dataclass(frozen=True)
class Section:
    name: str  # the template is meetings/_section_<name>.html
    order: int
    context: SectionContext


_SECTIONS: dict[str, Section] = {}


def register_section(name: str, order: int, context: SectionContext) -> None:
    _SECTIONS[name] = Section(name, order, context)


def sections() -> list[Section]:
    return sorted(_SECTIONS.values(), key=lambda section: (section.order, section.name))
