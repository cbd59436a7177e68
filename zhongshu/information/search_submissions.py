"""Information items (信息) in the one search (zhongshu.search.registry): every item that has left its unit or is
still with it, found by its title, text, unit and writer; the policy decides who sees each result."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from zhongshu.information.models import InfoReport
from zhongshu.search.registry import SearchSource, SearchText, register_source

TEXT_MAX = 4000


def item_text(item: InfoReport) -> SearchText | None:
    from zhongshu.information.submissions import item_url

    moment = item.submitted_at or item.created_at
    return SearchText(
        title=item.title,
        body="\n".join([item.get_info_type_display(), item.body[:TEXT_MAX]]),
        url=item_url(item),
        date=timezone.localdate(moment),
        unit_id=item.unit_id,
        names=(item.unit.name, item.author.name),
    )


def items_to_index() -> QuerySet[InfoReport]:
    return InfoReport.objects.select_related("unit", "author")


def register() -> None:
    register_source(
        SearchSource(
            kind="information_item",
            label="信息",
            model=InfoReport,
            to_text=item_text,
            queryset=items_to_index,
        )
    )
