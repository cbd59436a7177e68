"""Supervision items as a search source: the matter, its content, measures and the latest progress.

Every item is findable from 立项 on (a 待交办 item is already the office's record), until it is withdrawn
(作废): a withdrawn item leaves the index, and stays in the ledger's 已作废 filter. The search applies the
item's own access rule too (a unit's liaison finds only the items their unit leads or helps with: see
SupervisionItem.access_scope). The date is the assignment date, or the day the item was opened.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from zhongshu.search.registry import SearchSource, SearchText, register_source
from zhongshu.supervision.models import SupervisionItem
from zhongshu.supervision.states import ItemState


def item_text(item: SupervisionItem) -> SearchText | None:
    if item.state == ItemState.WITHDRAWN:
        return None
    parts = [item.body, item.measure, item.progress, item.source_note]
    return SearchText(
        title=item.title,
        body="\n".join(part for part in parts if part),
        url=f"/supervision/items/{item.pk}/",
        date=item.assigned_on or timezone.localdate(item.created_at),
        unit_id=item.lead_unit_id,
    )


def items_to_index() -> QuerySet[SupervisionItem]:
    return SupervisionItem.objects.exclude(state=ItemState.WITHDRAWN)


def register() -> None:
    register_source(
        SearchSource(
            kind="supervision_item",
            label="督查事项",
            model=SupervisionItem,
            to_text=item_text,
            queryset=items_to_index,
        )
    )
