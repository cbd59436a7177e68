"""The meetings API's secrecy part (mounted under /api/meetings): a 涉密会议's checklist and numbered copies,
and 结束会议, through the same contracts as the page (`schemas_secrecy`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from zhongshu.accounts.actors import actor_of
from zhongshu.core.inputs import Input, request_body
from zhongshu.meetings.actions import RULES, closing_refusal
from zhongshu.meetings.api_agenda import meeting_for
from zhongshu.meetings.models import Meeting
from zhongshu.meetings.schemas_secrecy import (
    CloseIn,
    CopyHandOutIn,
    CopyReturnIn,
    SecrecyCheckIn,
    secrecy_action,
)
from zhongshu.meetings.secrecy import secrecy_state

router = Router()


class CheckOut(Schema):
    item: str
    label: str
    done: bool
    checked_by: str | None
    checked_at: datetime | None
    note: str


class CopyOut(Schema):
    id: int
    material: str
    copy_number: int
    topic_id: int | None
    holder: str
    holder_id: int
    handed_out_at: datetime
    handed_out_by: str | None
    returned_at: datetime | None
    returned_to: str | None


class SecrecyOut(Schema):
    meeting: int
    title: str
    state: str
    version: int
    classified: bool
    actions: list[str]
    checklist: list[CheckOut]
    checklist_complete: bool
    copies: list[CopyOut]
    copies_out: int
    # Why the meeting may not be closed yet ({"code", "message"}), or null.
    close_refused: dict[str, str] | None


def _name(user: Any) -> str | None:
    person = getattr(user, "person_or_none", None) if user is not None else None
    return person.name if person is not None else None


def secrecy_out(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    meeting.refresh_from_db()
    state = secrecy_state(meeting)
    refusal = closing_refusal(meeting)
    return {
        "meeting": meeting.pk,
        "title": meeting.title,
        "state": meeting.state,
        "version": meeting.version,
        "classified": state.classified,
        "actions": RULES.available(request.user, meeting),
        "checklist": [
            {
                "item": line.item,
                "label": line.label,
                "done": line.entry is not None,
                "checked_by": _name(line.entry.checked_by) if line.entry else None,
                "checked_at": line.entry.checked_at if line.entry else None,
                "note": line.entry.note if line.entry else "",
            }
            for line in state.checklist
        ],
        "checklist_complete": state.complete,
        "copies": [
            {
                "id": copy.pk,
                "material": copy.material,
                "copy_number": copy.copy_number,
                "topic_id": copy.topic_id,
                "holder": copy.holder.name,
                "holder_id": copy.holder_id,
                "handed_out_at": copy.handed_out_at,
                "handed_out_by": _name(copy.handed_out_by),
                "returned_at": copy.returned_at,
                "returned_to": _name(copy.returned_to),
            }
            for copy in state.copies
        ],
        "copies_out": state.out,
        "close_refused": {"code": refusal.code, "message": refusal.message} if refusal else None,
    }


def _act(request: HttpRequest, pk: int, action: str) -> dict[str, Any]:
    meeting = meeting_for(request, pk)
    secrecy_action(action, meeting=meeting, by=actor_of(request), data=Input.of(request))
    return secrecy_out(request, meeting)


@router.get("/{meeting_id}/secrecy", response=SecrecyOut, summary="保密检查与涉密材料份号")
def get_secrecy(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    return secrecy_out(request, meeting_for(request, meeting_id))


@router.post(
    "/{meeting_id}/secrecy/checks",
    response=SecrecyOut,
    summary="记录一项保密检查",
    openapi_extra=request_body(SecrecyCheckIn),
)
def record_check(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    return _act(request, meeting_id, "secrecy_check")


@router.post(
    "/{meeting_id}/copies",
    response=SecrecyOut,
    summary="发放涉密材料（登记份号和领取人）",
    openapi_extra=request_body(CopyHandOutIn),
)
def hand_out_copy(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    return _act(request, meeting_id, "copy_hand_out")


@router.post(
    "/{meeting_id}/copies/return",
    response=SecrecyOut,
    summary="收回涉密材料",
    openapi_extra=request_body(CopyReturnIn),
)
def return_copy(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    return _act(request, meeting_id, "copy_return")


@router.post(
    "/{meeting_id}/close",
    response=SecrecyOut,
    summary="结束会议",
    openapi_extra=request_body(CloseIn),
)
def close_meeting(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    return _act(request, meeting_id, "close")
