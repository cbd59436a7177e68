"""The tab bar every duty page shows (`{% duty_tabs "rosters" %}`)."""

from __future__ import annotations

from typing import Any

from django import template

from zhongshu.duty.tabs import tabs_for

register = template.Library()


@register.inclusion_tag("duty/_tabs.html", takes_context=True)
def duty_tabs(context: dict[str, Any], current: str) -> dict[str, Any]:
    return {"tabs": tabs_for(context["request"].user), "current": current}
