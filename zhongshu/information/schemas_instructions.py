"""One input contract for recording a 领导批示, read the same way by the pages and the API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zhongshu.accounts.actors import Actor
from zhongshu.core.inputs import Input
from zhongshu.information import instructions
from zhongshu.information.models import InfoInstruction, InfoReport, PublicationIssue

LEVEL_CHOICES = ("", *instructions.HIGHER_LEVELS)


@dataclass(frozen=True)
class InstructionIn:
    text: str
    given_on: date | None
    leader_name: str
    level: str

    @classmethod
    def parse(cls, data: Input) -> InstructionIn:
        return cls(
            text=data.text("text", label="批示内容"),
            given_on=data.date("given_on", label="批示日期"),
            leader_name=data.text("leader_name", label="批示领导"),
            level=data.choice("level", LEVEL_CHOICES, label="批示层级"),
        )

    def apply(
        self, *, by: Actor, item: InfoReport | None = None, issue: PublicationIssue | None = None
    ) -> InfoInstruction:
        return instructions.instruction_record(
            by=by,
            item=item,
            issue=issue,
            text=self.text,
            given_on=self.given_on,
            leader_name=self.leader_name,
            level=self.level,
        )
