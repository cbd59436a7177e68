"""A module's pages share one bar of tabs (值班应急: 值班表, 值班记录 …; 信息报送: 报送, 刊物 …). Each part of a
module registers its tab from its own views module with who may see it, so the parts grow without editing one
another; the bar is drawn by `{% module_tabs "duty" current_tab %}` (core.templatetags.module_tabs)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse


def _everyone(user: Any) -> bool:
    return True


@dataclass(frozen=True)
class Tab:
    name: str  # the part's code name; a page marks its tab by passing current_tab=name
    label: str
    url_name: str
    order: int
    allowed: Callable[[Any], bool]

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass
class TabBar:
    module: str  # the module's code name: duty, information, reporting
    label: str  # the bar's accessible name: 值班应急
    tabs: dict[str, Tab] = field(default_factory=dict)

    def register(
        self,
        name: str,
        label: str,
        url_name: str,
        order: int,
        allowed: Callable[[Any], bool] = _everyone,
    ) -> None:
        self.tabs[name] = Tab(name, label, url_name, order, allowed)

    def for_user(self, user: Any) -> list[Tab]:
        return sorted(
            (tab for tab in self.tabs.values() if tab.allowed(user)), key=lambda tab: (tab.order, tab.name)
        )


_BARS: dict[str, TabBar] = {}


def tab_bar(module: str, label: str = "") -> TabBar:
    """The module's bar, made on first use (the module's tabs.py names it once with its label)."""
    bar = _BARS.get(module)
    if bar is None:
        bar = _BARS[module] = TabBar(module, label)
    return bar
