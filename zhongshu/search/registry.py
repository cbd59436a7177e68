"""The search registry: every module that wants its records found registers a `SearchSource`.

A source names a `Classified` model, says how one record reads as a `SearchText` (or None while it must not
be found, a draft say), and which records to index in bulk. The search app keeps one index entry per record,
carrying the record's classification, owners and need-to-know, so the one access policy filters the results
inside the query. Modules register from their AppConfig.ready(), and never import the web shell.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import models
from django.db.models import QuerySet


@dataclass(frozen=True)
class SearchText:
    """What the index holds of one record: its words, and the facets the search page filters by."""

    title: str
    body: str
    url: str
    date: date | None = None
    unit_id: int | None = None
    reference: str = ""  # 文号, 档号 or another code a user may type, shown beside the title
    # More numbers the record is found by, whole or in part (a received document's 来文字号 and 收文编号).
    numbers: tuple[str, ...] = ()
    # People and units the record is found by (a document's 拟稿人, 发文单位, 来文单位).
    names: tuple[str, ...] = ()
    # The record (of the same kind) this one folds into in the results: a recipient's copy of a dispatched
    # document names its original, so a search shows one row per document (see selectors.unfolded).
    fold_into: int | None = None


@dataclass(frozen=True)
class SearchSource:
    kind: str  # the code name users filter by: "document", "archive_item", "material", "supervision_item"
    label: str  # the Chinese name on the page: 公文, 档案, 素材, 督查事项
    model: type[models.Model]
    to_text: Callable[[Any], SearchText | None]
    queryset: Callable[[], QuerySet[Any]]  # every record to index when (re)building; related rows prefetched


_SOURCES: dict[str, SearchSource] = {}


_LISTENERS: list[Callable[[SearchSource], None]] = []


def register_source(source: SearchSource) -> None:
    """Register a source. Registering the same kind again replaces it (apps may be set up twice)."""
    _SOURCES[source.kind] = source
    for listener in _LISTENERS:
        listener(source)


def on_register(listener: Callable[[SearchSource], None]) -> None:
    """Call `listener` for every source registered, before and after (the search app watches each model)."""
    _LISTENERS.append(listener)
    for source in list(_SOURCES.values()):
        listener(source)


def sources() -> list[SearchSource]:
    return list(_SOURCES.values())


def source_for_kind(kind: str) -> SearchSource | None:
    return _SOURCES.get(kind)


def source_for_model(model: type[models.Model]) -> SearchSource | None:
    for source in _SOURCES.values():
        if source.model is model:
            return source
    return None
