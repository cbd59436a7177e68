"""Official documents as the source of other records (a supervision item made from a 批示): how `access.links`
names and links them, registered from `DocumentsConfig.ready()`."""

from __future__ import annotations

from django.urls import reverse

from zhongshu.access.links import register_linked
from zhongshu.documents.models import OfficialDocument


def register() -> None:
    register_linked(
        OfficialDocument,
        noun="公文",
        title=lambda document: document.title,
        url=lambda document: reverse("documents:detail", args=[document.pk]),
    )
