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

    @property
    def title(self) -> str:
        return TITLES.get(self.name, self.name)

    @property
    def template(self) -> str:
        return f"meetings/_section_{self.name}.html"


_SECTIONS: dict[str, Section] = {}

# The page's contents bar names each section; a part without a name here shows under its code name.
TITLES = {
    "application": "申请与审批",
    "scheduling": "时间地点",
    "notice": "通知与回执",
    "seating": "座次",
    "signin": "签到",
    "agenda": "议题与材料",
    "secrecy": "保密管理",
    "minutes": "纪要与议定事项",
}


def register_section(name: str, order: int, context: SectionContext) -> None:
    _SECTIONS[name] = Section(name, order, context)


def sections() -> list[Section]:
    return sorted(_SECTIONS.values(), key=lambda section: (section.order, section.name))
