"""The kinds of yearly quota (精文减会): each module registers its own from its `AppConfig.ready()` — documents
`documents` (发文, 件), meetings one per meeting type (`meetings.executive`, 政府常务会, 次) — with the function
that counts what the quota limits. This app keeps the limits, the overrides and the arithmetic; what is counted
stays the module's own, so this low layer imports none of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from zhongshu.core.errors import ServiceError
from zhongshu.org.models import Unit
from zhongshu.quotas.vocabulary import AUDIT_DETAIL_VALUES

Count = Callable[[int | None, int], int]
CountByUnit = Callable[[int], dict[int | None, int]]


@dataclass(frozen=True)
class Explanation:
    """A written explanation of a count over last year's, as the 额度 page lists it: the record's reference
    (a 文号), its page and the text."""

    reference: str
    url: str
    text: str


# (viewer, year) → unit id → the explanations the viewer may see, read through the access policy.
Explanations = Callable[[Any, int], dict[int, list[Explanation]]]


@dataclass(frozen=True)
class QuotaKind:
    """`count(unit_id, year)` is the module's own count for one unit (None: records of no unit).
    `counts(year)`, optional, gives every unit's count for the year in one query, for the 额度 page;
    without it the page calls `count` per unit. `explanations(viewer, year)`, optional, lists per unit the
    written explanations of a count over last year's that the viewer may see. `verb` is what a used-up quota
    stops (须经领导同意方可继续…), the label when empty. `order` places the kind in the page's chooser."""

    code: str
    label: str
    noun: str
    count: Count
    counts: CountByUnit | None = None
    explanations: Explanations | None = None
    verb: str = ""
    order: int = 100

    def counts_for(self, year: int) -> dict[int | None, int]:
        if self.counts is not None:
            return self.counts(year)
        unit_ids = Unit.objects.filter(is_active=True).values_list("pk", flat=True)
        return {unit_id: self.count(unit_id, year) for unit_id in unit_ids}


_KINDS: dict[str, QuotaKind] = {}


def register_quota_kind(kind: QuotaKind) -> None:
    """Register (or, with the same code, replace) a kind of quota."""
    _KINDS[kind.code] = kind
    AUDIT_DETAIL_VALUES["quota_kind"][kind.code] = f"{kind.label}额度"


def unregister_quota_kind(code: str) -> None:
    """For tests that register a kind of their own."""
    _KINDS.pop(code, None)


def quota_kind(code: str) -> QuotaKind:
    try:
        return _KINDS[code]
    except KeyError:
        raise ServiceError("未知的额度类别", code="unknown_kind", field="kind") from None


def quota_kinds() -> list[QuotaKind]:
    return sorted(_KINDS.values(), key=lambda kind: (kind.order, kind.code))
