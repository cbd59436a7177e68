"""The workbench's to-do (待办) and done (已办) lists, gathered from every module through one registry.

A module registers a function `source(user) -> Iterable[TodoItem]` from its AppConfig.ready(); the web shell
only renders the gathered list. Each source reads its own records through the access policy.

An item whose title is a record's title carries that record's `classification` and `record` (its
`_meta.label_lower` and key), filled from the row the source already read: the workbench and the API audit the
state secrets their lists show (`audit.disclosure.audit_shown`) without a query per item.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol, TypeVar

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TodoItem:
    title: str
    url: str
    kind: str
    source_label: str
    due: date | None = None
    overdue: bool = False
    note: str = ""
    at: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    classification: int = 0
    record: tuple[str, str] | None = None


TodoSource = Callable[[Any], Iterable[TodoItem]]
_TODO_SOURCES: dict[str, TodoSource] = {}
_DONE_SOURCES: dict[str, TodoSource] = {}


def register_todo_source(name: str, source: TodoSource) -> None:
    _TODO_SOURCES[name] = source


def register_done_source(name: str, source: TodoSource) -> None:
    _DONE_SOURCES[name] = source


def _gather(sources: dict[str, TodoSource], user: Any) -> list[TodoItem]:
    items: list[TodoItem] = []
    for source in sources.values():
        items.extend(source(user))
    return items


class Shown(Protocol):
    """A row whose title may be a record's title: its `record` names that record (None: no record)."""

    @property
    def record(self) -> tuple[str, str] | None: ...


ShownT = TypeVar("ShownT", bound=Shown)


def shown_records(items: Iterable[ShownT]) -> list[ShownT]:
    """The items as one list with each record once: a document can be both to do and done (or to do twice)."""
    seen: set[tuple[str, str]] = set()
    out: list[ShownT] = []
    for item in items:
        if item.record is not None:
            if item.record in seen:
                continue
            seen.add(item.record)
        out.append(item)
    return out


def todos_for(user: Any) -> list[TodoItem]:
    """Open items, overdue first, then by due date (undated last)."""
    items = _gather(_TODO_SOURCES, user)
    return sorted(items, key=lambda item: (not item.overdue, item.due or date.max, item.title))


def done_for(user: Any, limit: int = 50) -> list[TodoItem]:
    items = _gather(_DONE_SOURCES, user)
    items.sort(key=lambda item: item.at.timestamp() if item.at else 0.0, reverse=True)
    return items[:limit]
