from __future__ import annotations

import json

from django import template

from zhongshu.audit import vocabulary
from zhongshu.base.levels import Classification

register = template.Library()


@register.filter
def classification_label(value: int) -> str:
    return str(Classification(value).label) if value in Classification.values else str(value)


@register.filter
def details_text(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""


@register.filter
def action_label(value: str) -> str:
    return vocabulary.action_label(value)


@register.filter
def object_type_label(value: str) -> str:
    return vocabulary.object_type_label(value)


@register.filter
def detail_items(event: object) -> list[tuple[str, str]]:
    return vocabulary.detail_items(getattr(event, "object_type", ""), getattr(event, "details", None))
