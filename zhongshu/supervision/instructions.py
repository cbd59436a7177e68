"""督查督办 as a follow-up of a leader's instruction (领导批示): registered from `SupervisionConfig.ready()` in
`core.instructions`, where the module holding the 批示 (documents) finds it without importing supervision."""

from __future__ import annotations

from django.db import transaction

from zhongshu.accounts.actors import Actor
from zhongshu.core.errors import ServiceError
from zhongshu.core.instructions import Instruction, InstructionFollowUp, register_instruction_follow_up
from zhongshu.supervision.actions import SUPERVISING_ONLY
from zhongshu.supervision.models import Source, SupervisionItem
from zhongshu.supervision.roles import is_supervising
from zhongshu.supervision.services import supervision_item_assign, supervision_item_open

SOURCE_OF_ORIGIN = {"instruction": Source.INSTRUCTION, "meeting_decision": Source.MEETING_DECISION}


def item_from_instruction(*, by: Actor, instruction: Instruction) -> SupervisionItem:
    """立项 from a 批示 or a meeting's 议定事项: a linked item of source 领导批示 or 会议议定事项 (the opening's
    own permission and duplicate checks apply). When the instruction names the lead unit and the deadline
    (a decision does), the item is assigned (交办) in the same transaction: it reaches the lead unit's 待办 at
    once, or, if the assignment is refused, nothing is opened."""
    source = SOURCE_OF_ORIGIN.get(instruction.origin)
    if source is None:
        raise ServiceError(f"未知的事项来源：{instruction.origin}", code="unknown_source")
    with transaction.atomic():
        item = supervision_item_open(
            by=by,
            title=instruction.title,
            source=source,
            body=instruction.text,
            source_record=instruction.source_record,
            source_note=instruction.source_note,
            classification=instruction.classification,
            secrecy_term_years=instruction.secrecy_term_years,
            lead_unit=instruction.lead_unit,
            leader=instruction.leader,
        )
        if instruction.lead_unit is not None and instruction.deadline is not None:
            item = supervision_item_assign(
                item=item,
                by=by,
                lead_unit=instruction.lead_unit,
                deadline=instruction.deadline,
                leader=instruction.leader,
            )
    return item


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
