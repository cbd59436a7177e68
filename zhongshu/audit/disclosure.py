"""Bulk reads of state secrets, audited: one event per list, search page, API list or export.

保守国家秘密法 asks to record who learned which state secret. Opening one record is recorded by
`access.policy.get_for`; a list, a search page, an API list or an export shows titles (and snippets) of many
records at once, so each such request writes ONE event naming how many records of each level (秘密 and above)
it showed and which they were (type and id). Titles never go into the log: the auditor reads it, and a title
of a 机密 record is itself 机密.

The counting reads the `classification` of the rows the page already fetched (no query per row, none at all
when nothing classified was shown); the event costs the chain's usual append. A request that showed nothing
classified writes nothing: 公开 and 内部 lists would otherwise bury the events that matter.

Lists already in memory call `audit_shown(...)`; a streamed export passes its rows through `Shown.each(...)`
and records with `Shown.record(...)` once the file is written (exports are always audited, classified or not).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TypeVar

from zhongshu.audit.models import AuditEvent
from zhongshu.audit.services import audit_record
from zhongshu.base.levels import Classification

T = TypeVar("T")
Ref = Callable[[Any], tuple[str, Any]]


def _level(row: Any) -> int:
    value = row.get("classification") if isinstance(row, Mapping) else getattr(row, "classification", 0)
    return int(value or 0)


def _ref(row: Any) -> tuple[str, Any]:
    """A model instance names itself by its label and key (the log's usual object type and id)."""
    return row._meta.label_lower, row.pk


class Shown:
    """The tally of the state secrets one request showed: counts per level, and their ids per record type."""

    def __init__(self, *, ref: Ref | None = None) -> None:
        self._ref = ref or _ref
        self.counts: Counter[int] = Counter()
        self.records: dict[str, list[str]] = {}
        self.rows = 0

    def add(self, row: Any) -> None:
        self.rows += 1
        level = _level(row)
        if level < Classification.CONFIDENTIAL:
            return
        self.counts[level] += 1
        object_type, object_id = self._ref(row)
        self.records.setdefault(object_type, []).append(str(object_id))

    def each(self, rows: Iterable[T]) -> Iterator[T]:
        """Pass streamed rows through, counting them on the way (an export's `iterator()`)."""
        for row in rows:
            self.add(row)
            yield row

    @property
    def classified(self) -> int:
        return sum(self.counts.values())

    @property
    def highest(self) -> int:
        return max(self.counts, default=0)

    def details(self) -> dict[str, Any]:
        """Counts by level label (秘密, 机密, 绝密: what the auditor reads) and the records by type and id."""
        counts = {Classification(level).label: self.counts[level] for level in sorted(self.counts)}
        return {"classified": counts, "records": self.records} if self.counts else {}

    def record(
        self,
        actor: Any,
        *,
        action: str,
        route: str,
        always: bool = False,
        object_type: str = "",
        details: dict[str, Any] | None = None,
    ) -> AuditEvent | None:
        """Write the request's one event: when it showed a state secret, or `always` (an export)."""
        if not self.counts and not always:
            return None
        return audit_record(
            actor=actor,
            action=action,
            object_type=object_type,
            classification=self.highest,
            details={"route": route, "rows": self.rows, **(details or {}), **self.details()},
        )


def audit_shown(
    actor: Any,
    rows: Iterable[T],
    *,
    route: str,
    action: str = "record.list",
    ref: Ref | None = None,
) -> list[T]:
    """Audit the rows a list, search page or API list is about to show; returns them as a list.

    Call it once per request with every row the answer shows (a queryset is fetched here once and its cache
    serves the template after). `action` is `record.list` for lists and API lists, `record.search` for a
    search page; `route` names the page or endpoint (`documents.inbox`, `api.search`).
    """
    shown = Shown(ref=ref)
    fetched = list(rows)
    for row in fetched:
        shown.add(row)
    shown.record(actor, action=action, route=route)
    return fetched
