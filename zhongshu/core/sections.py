"""A record's page made of sections, one per part of a module (an information item: 正文与版本, 疑似重复, 采用,
批示; an issue: 稿件, 审核签发, 分发与回执, 批示). Each part owns its template and a context function and
registers them from its views module, so the parts grow without editing one another's code; the page renders
the sections the viewer is shown, in order, with a contents bar.

    ITEM_PAGE = section_page("information.item")
    ITEM_PAGE.register("versions", "正文与版本", 10, "information/submissions_item_versions.html", context)
    sections = ITEM_PAGE.render(request, item, extra={"actions": actions})
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

# context(request, record) → the section's template context, or None to leave the section out for this viewer
SectionContext = Callable[[HttpRequest, Any], dict[str, Any] | None]


@dataclass(frozen=True)
class Section:
    name: str  # the anchor on the page: #name
    title: str  # the heading and the contents bar's link
    order: int
    template: str
    context: SectionContext


@dataclass(frozen=True)
class RenderedSection:
    section: Section
    html: str


@dataclass
class SectionPage:
    name: str
    sections: dict[str, Section] = field(default_factory=dict)

    def register(self, name: str, title: str, order: int, template: str, context: SectionContext) -> None:
        self.sections[name] = Section(name, title, order, template, context)

    def ordered(self) -> list[Section]:
        return sorted(self.sections.values(), key=lambda section: (section.order, section.name))

    def render(
        self, request: HttpRequest, record: Any, extra: Mapping[str, Any] | None = None
    ) -> list[RenderedSection]:
        """Each section's HTML; its template sees `record`, `section`, the page's `extra` and its own context."""
        rendered = []
        for section in self.ordered():
            own = section.context(request, record)
            if own is None:
                continue
            context = {"record": record, "section": section, **(extra or {}), **own}
            rendered.append(
                RenderedSection(section, render_to_string(section.template, context, request=request))
            )
        return rendered


_PAGES: dict[str, SectionPage] = {}


def section_page(name: str) -> SectionPage:
    """The page's registry, made on first use: "information.item", "information.issue"."""
    page = _PAGES.get(name)
    if page is None:
        page = _PAGES[name] = SectionPage(name)
    return page
