"""督查事项 as records made from another (a leader's 批示 on a document, later a meeting decision): registered
from `SupervisionConfig.ready()` in `access.links`, so the item's page shows its source and the source's page
lists the item, without supervision and the source's module importing each other."""

from __future__ import annotations

from django.urls import reverse

from zhongshu.access.links import register_derived
from zhongshu.supervision.models import SupervisionItem


def register() -> None:
    register_derived(
        SupervisionItem,
        type_field="source_type",
        id_field="source_id",
        noun="督查事项",
        title=lambda item: item.title,
        url=lambda item: reverse("supervision:item", args=[item.pk]),
        state=lambda item: str(item.get_state_display()),
    )
