"""One home for "which actions may this person take on this record now".

Each module declares, per record type, one `ActionRules`: for every action a rule that looks at the record's
state (its `TransitionTable`), the person's roles and their ownership of the record, and answers `None`
(allowed) or a `Refusal` (why not, with the stable code and the Chinese message the service has always
given). Three places ask the same rules:

* the page offers exactly `rules.available(viewer, record)` (templates test `"submit" in actions`, never
  a state name);
* the API returns the same list with the record;
* the service that performs an action calls `rules.require(action, viewer, record)` on the locked record
  before it acts, so a request for an action the page would not offer is refused with the same answer.

A generated test per module walks every state × role × action and checks that what is offered equals what
the service accepts (tests/actions/).

Rules are plain functions of (viewer, record): they may read the database (an open step, a handling of the
viewer's unit) but never write. They judge who and when, not what is typed: a draft's rule errors, an empty
reason or a participant without clearance are input, which the service checks after the rule and reports
on the form.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from zhongshu.core.errors import Forbidden, InvalidTransition, ServiceError

Record = TypeVar("Record")


@dataclass(frozen=True)
class Refusal:
    """Why an action is not open to someone now: who may not (`forbidden`) or not in this state."""

    code: str
    message: str
    forbidden: bool = False

    def error(self) -> ServiceError:
        return (Forbidden if self.forbidden else InvalidTransition)(self.message, code=self.code)


def not_allowed(message: str, code: str) -> Refusal:
    """The person may not take this action on this record (403)."""
    return Refusal(code, message, forbidden=True)


def not_now(message: str, code: str) -> Refusal:
    """The record's state does not allow the action (409)."""
    return Refusal(code, message, forbidden=False)


Rule = Callable[[Any, Record], Refusal | None]


@dataclass(frozen=True)
class ActionRules(Generic[Record]):
    """The actions of one record type, in the order pages show them, each with its rule."""

    noun: str
    rules: Mapping[str, Rule[Record]]

    @property
    def actions(self) -> list[str]:
        return list(self.rules)

    def check(self, action: str, viewer: Any, record: Record) -> Refusal | None:
        rule = self.rules.get(action)
        if rule is None:
            return not_now(f"未知的操作：{action}", "unknown_action")
        return rule(viewer, record)

    def available(self, viewer: Any, record: Record, among: Iterable[str] | None = None) -> list[str]:
        """The actions `viewer` may take on `record` now, in page order."""
        names = self.actions if among is None else [name for name in self.actions if name in set(among)]
        return [name for name in names if self.rules[name](viewer, record) is None]

    def require(self, action: str, viewer: Any, record: Record) -> None:
        """Raise the refusal's error unless `viewer` may take `action` on `record` now."""
        refusal = self.check(action, viewer, record)
        if refusal is not None:
            raise refusal.error()
