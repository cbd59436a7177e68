"""The tab bar a module's pages show: `{% module_tabs "duty" current_tab %}` (core.tabs)."""

from __future__ import annotations

from typing import Any

from django import template

from zhongshu.core.tabs import tab_bar

register = template.Library()


@register.inclusion_tag("core/_tabs.html", takes_context=True)
def module_tabs(context: dict[str, Any], module: str, current: str = "") -> dict[str, Any]:
    bar = tab_bar(module)
    return {"label": bar.label, "tabs": bar.for_user(context["request"].user), "current": current}
