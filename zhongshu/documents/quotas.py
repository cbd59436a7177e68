"""精文减会 for documents: the 发文 kind of yearly quota (`zhongshu.quotas`), counted here — the unit's
registered outgoing documents of the year — and the written explanations of a count over last year's, which
the 额度 page lists through the access policy. The limits, the overrides and the arithmetic live in quotas.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count
from django.urls import reverse

from zhongshu.access.policy import visible
from zhongshu.documents.models import Direction, OfficialDocument
from zhongshu.quotas.registry import Explanation, QuotaKind, register_quota_kind
from zhongshu.quotas.services import quota_status
from zhongshu.quotas.status import QuotaStatus

DOCUMENTS_QUOTA = "documents"


def _registered(**filters: Any) -> Any:
    return OfficialDocument.objects.filter(direction=Direction.OUTGOING, doc_serial__isnull=False, **filters)


def registered_count(unit_id: int | None, year: int) -> int:
    return int(_registered(owner_unit_id=unit_id, doc_year=year).count())


def registered_counts(year: int) -> dict[int | None, int]:
    """Every unit's registered count for the year, in one query."""
    rows = _registered(doc_year=year).values("owner_unit_id").annotate(n=Count("id"))
    return {row["owner_unit_id"]: row["n"] for row in rows}


def explanations(user: Any, year: int) -> dict[int, list[Explanation]]:
    """The explanations of documents registered over last year's count, those the viewer may see."""
    explained: dict[int, list[Explanation]] = defaultdict(list)
    documents = visible(_registered(doc_year=year).exclude(count_explanation=""), user).order_by("doc_serial")
    for document in documents:
        explained[document.owner_unit_id or 0].append(
            Explanation(
                reference=document.doc_number,
                url=reverse("documents:detail", args=[document.pk]),
                text=document.count_explanation,
            )
        )
    return dict(explained)


def document_quota_status(unit_id: int | None, year: int) -> QuotaStatus:
    return quota_status(kind=DOCUMENTS_QUOTA, unit_id=unit_id, year=year)


def register() -> None:
    register_quota_kind(
        QuotaKind(
            code=DOCUMENTS_QUOTA,
            label="发文",
            noun="件",
            count=registered_count,
            counts=registered_counts,
            explanations=explanations,
            order=10,
        )
    )
