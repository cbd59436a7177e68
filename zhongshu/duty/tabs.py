"""The duty pages' tab bar (值班表, 值班记录, 抽查, 突发事件, 预案演练, 去向): core.tabs, named "duty". Each part
registers its tab from its views module with who may see it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from zhongshu.core.tabs import Tab, tab_bar

BAR = tab_bar("duty", "值班应急")


def register_tab(
    name: str, label: str, url_name: str, order: int, allowed: Callable[[Any], bool] = lambda user: True
) -> None:
    BAR.register(name, label, url_name, order, allowed)


def tabs_for(user: Any) -> list[Tab]:
    return BAR.for_user(user)
