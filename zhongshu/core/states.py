"""State machines as data: a table of (state, action) → new state, shared by every module.

Documents, supervision items, workflows and their steps each declare one `TransitionTable`; an action not in
the table raises `InvalidTransition` with a Chinese message naming the record, its state and the action.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import models

from zhongshu.core.actions import Refusal, not_now


@dataclass(frozen=True)
class TransitionTable:
    noun: str  # what the message calls the record: 公文, 事项, 步骤, 流程
    code: str  # the stable error code for an action out of order
    states: type[models.TextChoices]
    actions: type[models.TextChoices]
    transitions: Mapping[tuple[str, str], str]

    def next(self, state: str, action: str) -> str:
        try:
            return self.transitions[(state, action)]
        except KeyError:
            raise self.refused(state, action).error() from None

    def refused(self, state: str, action: str) -> Refusal:
        """The answer to `action` out of order in `state`, as a value the action rules return."""
        return not_now(f"{self.noun}{self.states(state).label}，不能{self.actions(action).label}", self.code)

    def refusal(self, state: str, action: str) -> Refusal | None:
        """None when the table allows `action` from `state`; otherwise what `next` would raise, as a value."""
        return None if (state, action) in self.transitions else self.refused(state, action)

    def allowed_actions(self, state: str) -> list[str]:
        return [action for (from_state, action) in self.transitions if from_state == state]
