"""督查督办 as a follow-up of a leader's instruction (领导批示): registered from `SupervisionConfig.ready()` in
`core.instructions`, where the module holding the 批示 (documents) finds it without importing supervision."""

from __future__ import annotations

from zhongshu.accounts.actors import Actor
from zhongshu.core.instructions import Instruction, InstructionFollowUp, register_instruction_follow_up
from zhongshu.supervision.actions import SUPERVISING_ONLY
from zhongshu.supervision.models import Source, SupervisionItem
from zhongshu.supervision.roles import is_supervising
from zhongshu.supervision.services import supervision_item_open


def item_from_instruction(*, by: Actor, instruction: Instruction) -> SupervisionItem:
    """立项 from a 批示: a linked item of source 领导批示 (the opening's own permission and duplicate checks apply)."""
    return supervision_item_open(
        by=by,
        title=instruction.title,
        source=Source.INSTRUCTION,
        body=instruction.text,
        source_record=instruction.source_record,
        source_note=instruction.source_note,
        classification=instruction.classification,
        secrecy_term_years=instruction.secrecy_term_years,
        leader=instruction.leader,
    )


def register() -> None:
    register_instruction_follow_up(
        InstructionFollowUp(
            kind="supervision",
            label="转为督办事项",
            make=item_from_instruction,
            allowed=is_supervising,
            refused=SUPERVISING_ONLY,
        )
    )
