"""The minutes part's input contracts, one per action, for the meeting page and the API alike (core.inputs):
起草会议纪要, 记录议定事项, 转为督办事项, 删除议定事项."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from zhongshu.accounts.actors import Actor
from zhongshu.core.inputs import INT_LIMIT, Input, max_length_of
from zhongshu.documents.models import OfficialDocument
from zhongshu.meetings.decisions import (
    meeting_decision_add,
    meeting_decision_remove,
    meeting_decision_supervise,
)
from zhongshu.meetings.minutes import minutes_draft
from zhongshu.meetings.models import Meeting, MeetingDecision
from zhongshu.org import inputs as org_inputs
from zhongshu.org.models import Person, Unit


def _version(data: Input) -> int | None:
    """The meeting's version the page was drawn at (a change since is refused: meeting_changed)."""
    return data.integer("version", label="版本", low=1, high=INT_LIMIT)


@dataclass(frozen=True)
class DraftMinutesIn:
    """起草会议纪要: nothing to type; the text and lists come from the meeting."""

    version: int | None = None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> DraftMinutesIn:
        return cls(version=_version(data))

    def apply(self, *, meeting: Meeting, by: Actor) -> OfficialDocument:
        return minutes_draft(meeting=meeting, by=by, version=self.version)


@dataclass(frozen=True)
class DecisionIn:
    """记录议定事项: the decision, its lead unit and leader, and its deadline."""

    text: str
    lead_unit: Unit | None = None
    leader: Person | None = None
    deadline: date | None = None
    version: int | None = None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> DecisionIn:
        return cls(
            text=data.text("text", label="议定事项", max_length=max_length_of(MeetingDecision, "text")),
            lead_unit=org_inputs.unit(data, "lead_unit", viewer, label="牵头单位"),
            leader=org_inputs.person(data, "leader", viewer, label="责任领导", leaders_only=True),
            deadline=data.date("deadline", label="完成时限"),
            version=_version(data),
        )

    def apply(self, *, meeting: Meeting, by: Actor) -> MeetingDecision:
        return meeting_decision_add(
            meeting=meeting,
            by=by,
            text=self.text,
            lead_unit=self.lead_unit,
            leader=self.leader,
            deadline=self.deadline,
            version=self.version,
        )


@dataclass(frozen=True)
class SuperviseDecisionIn:
    """转为督办事项: nothing to type; the item takes the decision's text, lead unit, leader and deadline."""

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> SuperviseDecisionIn:
        return cls()

    def apply(self, *, decision: MeetingDecision, by: Actor) -> Any:
        return meeting_decision_supervise(decision=decision, by=by)


@dataclass(frozen=True)
class RemoveDecisionIn:
    """删除议定事项 (one not yet supervised)."""

    version: int | None = None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> RemoveDecisionIn:
        return cls(version=_version(data))

    def apply(self, *, decision: MeetingDecision, by: Actor) -> None:
        meeting_decision_remove(decision=decision, by=by, version=self.version)
