"""The search box and its filters, parsed once for the page and the API alike."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from zhongshu.base.levels import Classification
from zhongshu.core.errors import ServiceError
from zhongshu.search.registry import source_for_kind
from zhongshu.search.selectors import SearchFilters


def _int(raw: Any, label: str, field: str, *, low: int, high: int) -> int | None:
    if raw in (None, ""):
        return None
    text = str(raw).strip()
    if not text.isdigit() or not low <= int(text) <= high:
        raise ServiceError(f"{label}无效：{text[:20]}", code="invalid_filter", field=field)
    return int(text)


def filters_from(params: Mapping[str, Any]) -> SearchFilters:
    """Filters from request parameters; a value that names nothing is an error, never silently ignored."""
    kind = str(params.get("kind") or "").strip()
    if kind and source_for_kind(kind) is None:
        raise ServiceError(f"类型无效：{kind[:20]}", code="invalid_filter", field="kind")
    return SearchFilters(
        kind=kind,
        year=_int(params.get("year"), "年度", "year", low=1900, high=2200),
        unit_id=_int(params.get("unit"), "单位", "unit", low=1, high=2**62),
        classification=_int(
            params.get("classification"),
            "密级",
            "classification",
            low=min(Classification.values),
            high=max(Classification.values),
        ),
    )


def page_from(params: Mapping[str, Any]) -> int:
    return _int(params.get("page"), "页码", "page", low=1, high=10_000) or 1
