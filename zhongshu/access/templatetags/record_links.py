"""`{% load record_links %}` then `{% record_links record %}`: one way to show a record's 来源 and 由此产生 on any
record's page (access.links, through the access policy, for the signed-in person)."""

from __future__ import annotations

from typing import Any

from django import template
from django.db import models

from zhongshu.access.links import made_from, source_of

register = template.Library()


@register.inclusion_tag("access/_record_links.html", takes_context=True)
def record_links(context: template.Context, record: models.Model) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None) if request is not None else context.get("user")
    return {"source": source_of(record, user), "made_from": made_from(record, user)}
