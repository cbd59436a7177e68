"""The instructions part's JSON API, under /api/information/instructions: the 批示 the viewer may see (each
with the supervision items made from it), one, record one on an item or a distributed issue (item or issue,
text, given_on; an editor adds leader_name and level for a higher leader's), and turn one into a supervision
item. Every action goes through the page's contract and services; a refusal is JSON."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from zhongshu.access.policy import get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.core.inputs import IdParam, Input
from zhongshu.information import instructions
from zhongshu.information.models import InfoInstruction, InfoReport, PublicationIssue
from zhongshu.information.roles import may_use_information
from zhongshu.information.schemas_instructions import InstructionIn

router = Router(tags=["领导批示"])


def _allowed(request: HttpRequest) -> None:
    if not may_use_information(request.user):
        raise Forbidden("无权使用信息报送", code="not_allowed")


def _out(instruction: InfoInstruction, links: list[Any], may_supervise: bool) -> dict[str, Any]:
    return {
        "id": instruction.pk,
        "item": instruction.item_id,
        "issue": instruction.issue_id,
        "leader_id": instruction.leader_id,
        "leader": instructions.leader_label(instruction),
        "level": instruction.level,
        "text": instruction.text,
        "given_on": instruction.given_on.isoformat(),
        "supervised": instruction.supervised_at is not None,
        "made": [link.as_dict() for link in links],
        "actions": ["supervise"] if may_supervise else [],
    }


def _one(request: HttpRequest, instruction: InfoInstruction) -> dict[str, Any]:
    if instruction.item_id is not None:
        rows = instructions.instruction_rows(request.user, item=instruction.item)
    else:
        rows = instructions.instruction_rows(request.user, issue=instruction.issue)
    for row in rows:
        if row[0].pk == instruction.pk:
            return _out(*row)
    raise ServiceError("记录不存在或无权访问", code="not_found")


@router.get("/instructions", summary="领导批示（pending=1：待转督办）")
def list_instructions(request: HttpRequest, pending: bool = False) -> dict[str, Any]:
    _allowed(request)
    rows = instructions.instruction_rows(request.user)
    if pending:
        rows = [row for row in rows if row[0].supervised_at is None]
    return {"instructions": [_out(*row) for row in rows]}


@router.get("/instructions/{instruction_id}", summary="一条领导批示")
def get_instruction(request: HttpRequest, instruction_id: IdParam) -> dict[str, Any]:
    _allowed(request)
    return _one(request, get_for(request.user, InfoInstruction, instruction_id))


@router.post(
    "/instructions", summary="记录领导批示（item 或 issue, text, given_on；上级领导：leader_name, level）"
)
def record_instruction(request: HttpRequest) -> dict[str, Any]:
    _allowed(request)
    if not instructions.may_record(request.user):
        raise Forbidden("只有县领导本人或信息科编辑可以记录领导批示", code="not_allowed")
    data = Input.of(request)
    item_id = data.integer("item", label="信息", low=1)
    issue_id = data.integer("issue", label="刊期", low=1)
    contract = InstructionIn.parse(data)
    if item_id is not None and issue_id is None:
        instruction = contract.apply(by=actor_of(request), item=get_for(request.user, InfoReport, item_id))
    elif issue_id is not None and item_id is None:
        issue = get_for(request.user, PublicationIssue, issue_id)
        instruction = contract.apply(by=actor_of(request), issue=issue)
    else:
        raise ServiceError(
            "请指明批示的信息（item）或刊期（issue），二者选一", code="record_required", field="item"
        )
    return _one(request, instruction)


@router.post("/instructions/{instruction_id}/supervise", summary="批示转为督办事项")
def supervise_instruction(request: HttpRequest, instruction_id: IdParam) -> dict[str, Any]:
    _allowed(request)
    instruction = get_for(request.user, InfoInstruction, instruction_id)
    instructions.instruction_supervise(by=actor_of(request), instruction=instruction)
    return _one(request, InfoInstruction.objects.get(pk=instruction.pk))
