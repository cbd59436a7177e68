"""Reads of the 素材库, every one through the access policy: the library list with its filters, one
material's shared passages (only with materials the viewer may also see), the 金句 list, and the 问题库,
which joins the research problems kept here with the supervision problems read live from 督查督办.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from zhongshu.access.policy import visible
from zhongshu.materials.models import KeySentence, Material, MaterialType, Problem, SimilarPassage, Tag

PAGE_SIZE = 50
SENTENCE_PAGE_SIZE = 100


@dataclass(frozen=True)
class LibraryFilter:
    material_type: str = ""
    tag: str = ""
    source: str = ""
    date_from: date | None = None
    date_to: date | None = None
    q: str = ""

    @classmethod
    def from_params(cls, params: Any) -> LibraryFilter:
        def day(key: str) -> date | None:
            raw = str(params.get(key) or "").strip()
            try:
                return date.fromisoformat(raw) if raw else None
            except ValueError:
                return None

        material_type = str(params.get("type") or "")
        return cls(
            material_type=material_type if material_type in MaterialType.values else "",
            tag=str(params.get("tag") or "").strip()[:30],
            source=str(params.get("source") or "").strip()[:100],
            date_from=day("from"),
            date_to=day("to"),
            q=str(params.get("q") or "").strip()[:100],
        )

    def apply(self, queryset: QuerySet[Material]) -> QuerySet[Material]:
        if self.material_type:
            queryset = queryset.filter(material_type=self.material_type)
        if self.tag:
            queryset = queryset.filter(
                Exists(Material.tags.through.objects.filter(material_id=OuterRef("pk"), tag__name=self.tag))
            )
        if self.source:
            queryset = queryset.filter(source__icontains=self.source)
        if self.date_from:
            queryset = queryset.filter(date__gte=self.date_from)
        if self.date_to:
            queryset = queryset.filter(date__lte=self.date_to)
        if self.q:
            queryset = queryset.filter(Q(title__icontains=self.q) | Q(source__icontains=self.q))
        return queryset


def library(user: Any, flt: LibraryFilter) -> QuerySet[Material]:
    queryset = visible(Material.objects.all(), user)
    return (
        flt.apply(queryset)
        .prefetch_related("tags")
        .annotate(sentence_count=Count("key_sentences", distinct=True))
        .defer("text", "removals")
        .order_by("-created_at", "-id")
    )


def all_tags() -> QuerySet[Tag]:
    return Tag.objects.all()


@dataclass(frozen=True)
class SharedPassage:
    other: Material
    here_seq: int
    there_seq: int
    here: str
    there: str
    length: int


def shared_passages(user: Any, material: Material) -> list[SharedPassage]:
    """Passages this material shares with others the viewer may see, longest first."""
    allowed = visible(Material.objects.all(), user).values("pk")
    rows = (
        SimilarPassage.objects.filter(
            Q(a_material=material, b_material__in=allowed) | Q(b_material=material, a_material__in=allowed)
        )
        .select_related("a", "b", "a_material", "b_material")
        .order_by("-length", "id")
    )
    result = []
    for row in rows:
        mine_is_a = row.a_material_id == material.pk
        result.append(
            SharedPassage(
                other=row.b_material if mine_is_a else row.a_material,
                here_seq=(row.a if mine_is_a else row.b).seq,
                there_seq=(row.b if mine_is_a else row.a).seq,
                here=row.passage_in("a" if mine_is_a else "b"),
                there=row.passage_in("b" if mine_is_a else "a"),
                length=row.length,
            )
        )
    return result


def key_sentences(
    user: Any, *, material_type: str = "", tag: str = "", pinned_only: bool = False
) -> QuerySet[KeySentence]:
    materials = visible(Material.objects.all(), user)
    if material_type in MaterialType.values:
        materials = materials.filter(material_type=material_type)
    if tag:
        materials = materials.filter(tags__name=tag)
    queryset = KeySentence.objects.filter(material__in=materials.values("pk")).select_related("material")
    user_id = getattr(user, "pk", None) or 0
    queryset = queryset.annotate(
        pinned=Exists(
            KeySentence.pinned_by.through.objects.filter(keysentence_id=OuterRef("pk"), user_id=user_id)
        )
    )
    if pinned_only:
        queryset = queryset.filter(pinned=True)
    return queryset.order_by("-pinned", "-score", "id")


def research_problems(user: Any) -> QuerySet[Problem]:
    return visible(Problem.objects.all(), user).select_related("unit").prefetch_related("tags")


def supervision_problems(user: Any) -> QuerySet[Any]:
    """Problems found by supervision (整改), read live from 督查督办 through its access-filtered selector."""
    from zhongshu.supervision.rectification import visible_problems

    return visible_problems(user).select_related("lead_unit", "problem_list").order_by("-id")
