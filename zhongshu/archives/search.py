"""How an archive item reads to the search index: its title, 档号 and full text, faceted by year and unit."""

from __future__ import annotations

from django.db.models import QuerySet

from zhongshu.archives.models import ArchiveItem
from zhongshu.search.registry import SearchSource, SearchText, register_source


def item_to_text(item: ArchiveItem) -> SearchText | None:
    return SearchText(
        title=item.display_title,
        body=item.body_text or item.title,
        url=f"/archives/items/{item.pk}/",
        date=item.date,
        unit_id=item.archiving_unit_id or item.owner_unit_id,
        reference=item.reference_code,
        numbers=(item.doc_number,),
        names=(item.responsible, item.org_name),
    )


def all_items() -> QuerySet[ArchiveItem]:
    return ArchiveItem.objects.all().prefetch_related("need_to_know_people", "need_to_know_units")


def register_search_source() -> None:
    register_source(
        SearchSource(
            kind="archive_item", label="档案", model=ArchiveItem, to_text=item_to_text, queryset=all_items
        )
    )
