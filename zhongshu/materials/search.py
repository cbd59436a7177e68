"""How a material reads in the search index: its title, its cleaned text, its date and its owner's unit.
A withdrawn material, or one still being ingested, reads as nothing, so saving its withdrawal removes its
entry and the end of its ingest adds it."""

from __future__ import annotations

from django.db.models import QuerySet

from zhongshu.materials.models import Material
from zhongshu.search.registry import SearchSource, SearchText, register_source


def material_text(material: Material) -> SearchText | None:
    if material.is_withdrawn or material.ingesting:
        return None
    return SearchText(
        title=material.title,
        body=material.text,
        url=f"/materials/{material.pk}/",
        date=material.date,
        unit_id=material.owner_unit_id,
        reference=material.source,
    )


def all_materials() -> QuerySet[Material]:
    return Material.objects.all()  # the library's manager: withdrawn materials are not indexed


def register_search() -> None:
    register_source(
        SearchSource(
            kind="material", label="素材", model=Material, to_text=material_text, queryset=all_materials
        )
    )
