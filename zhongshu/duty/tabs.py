"""The duty pages share one bar of tabs (值班表, 值班记录, 抽查, 突发事件, 预案演练, 去向); each part registers
its tab from its views module with who may see it, so the parts grow without editing one another."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class Tab:
    name: str  # the part's code name; a page marks its tab with {% block duty_tab %}name{% endblock %}
    label: str
    url_name: str
    order: int
    allowed: Callable[[Any], bool]

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_TABS: dict[str, Tab] = {}


def register_tab(
    name: str, label: str, url_name: str, order: int, allowed: Callable[[Any], bool] = lambda user: True
) -> None:
    _TABS[name] = Tab(name, label, url_name, order, allowed)


def tabs_for(user: Any) -> list[Tab]:
    return sorted((tab for tab in _TABS.values() if tab.allowed(user)), key=lambda tab: (tab.order, tab.name))
