"""The supervision section's own tabs, shown on each of its pages under the main navigation: the ledger
alone used to link the progress wall, the problem lists (整改) and the thresholds."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from zhongshu.supervision.roles import may_set_thresholds

register = template.Library()

# (key, label, url name); the thresholds tab only for who may set them.
TABS = (
    ("ledger", "督查台账", "supervision:home"),
    ("wall", "挂图督查", "supervision:wall"),
    ("rectification", "整改问题清单", "supervision:problem_lists"),
    ("thresholds", "督办阈值", "supervision:thresholds"),
)


@register.inclusion_tag("supervision/_tabs.html", takes_context=True)
def supervision_tabs(context: Any, current: str) -> dict[str, Any]:
    user = context["request"].user
    tabs = [
        {"label": label, "url": reverse(url_name), "current": key == current, "key": key}
        for key, label, url_name in TABS
        if key != "thresholds" or may_set_thresholds(user)
    ]
    return {"tabs": tabs}
