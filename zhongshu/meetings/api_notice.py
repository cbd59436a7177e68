"""The meetings API's notice part, mounted under /api/meetings by meetings/api.py: 发送会议通知, the notice's
DOCX, the replies with the attendance list, 参会回执 and 催报 — the same contracts and services as the page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from ninja import Router

from zhongshu.access.policy import Action, RecordNotFound
from zhongshu.accounts.actors import actor_of
from zhongshu.attachments.services import download_response
from zhongshu.core.inputs import IdParam, Input, request_body
from zhongshu.meetings import notices, replies
from zhongshu.meetings.actions import RULES, invitations_q
from zhongshu.meetings.api_access import api_meeting
from zhongshu.meetings.models import Attendee, Meeting
from zhongshu.meetings.roles import is_meeting_office
from zhongshu.meetings.schemas_notice import NotifyIn, ReplyIn

router = Router(tags=["会议通知与回执"])


def _meeting(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> Meeting:
    return api_meeting(request, pk, action)


def _line(line: replies.AttendanceLine) -> dict[str, Any]:
    return {
        "attendee": line.attendee_id,
        "name": line.name,
        "person": line.person.pk if line.person else None,
        "unit": line.unit_name,
        "invited": line.invited.pk if line.invited else None,
        "role": line.role,
        "reply": line.reply,
        "reason": line.reason,
        "replied_at": line.replied_at,
        "signed_in_at": line.signed_in_at,
    }


def _replies_out(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    """The meeting's replies: the whole list for the staff, the viewer's own invitations for anyone else."""
    meeting.refresh_from_db()
    result = replies.attendance(meeting)
    lines = result.lines
    if not is_meeting_office(request.user):
        mine = set(meeting.attendees.filter(invitations_q(request.user)).values_list("pk", flat=True))
        lines = [line for line in lines if line.attendee_id in mine]
        summary: dict[str, Any] = {}
    else:
        summary = {
            "present": [_line(line) for line in result.present],
            "absent": [_line(line) for line in result.absent],
            "sitting_in": [_line(line) for line in result.sitting_in],
            "unreplied": len(result.unreplied),
            "signed_in": result.signed_in,
        }
    attachment = notices.notice_file(meeting)
    return {
        "meeting": {
            "id": meeting.pk,
            "title": meeting.title,
            "state": meeting.state,
            "version": meeting.version,
        },
        "reply_deadline": meeting.reply_deadline,
        "notice": {"file": attachment.file.original_name, "sent_at": attachment.created_at}
        if attachment
        else None,
        "actions": RULES.available(request.user, meeting, among=("notify", "reply", "press_replies")),
        "replies": [_line(line) for line in lines],
        "attendance": summary,
    }


@router.post("/{meeting_id}/notice", summary="发送会议通知", openapi_extra=request_body(NotifyIn))
def send_notice(request: HttpRequest, meeting_id: IdParam) -> dict[str, Any]:
    meeting = _meeting(request, meeting_id)
    NotifyIn.parse(Input.of(request), request.user).apply(meeting=meeting, by=actor_of(request))
    return _replies_out(request, meeting)


@router.get("/{meeting_id}/notice/docx", summary="会议通知（DOCX）")
def notice_docx(request: HttpRequest, meeting_id: IdParam) -> HttpResponseBase:
    meeting = _meeting(request, meeting_id, Action.DOWNLOAD)
    attachment = notices.notice_file(meeting)
    if attachment is None:
        raise RecordNotFound()
    return download_response(request, attachment, check=notices.may_download, record=meeting)


@router.get("/{meeting_id}/replies", summary="参会回执与出席名单")
def list_replies(request: HttpRequest, meeting_id: IdParam) -> dict[str, Any]:
    return _replies_out(request, _meeting(request, meeting_id))


@router.post("/{meeting_id}/replies", summary="参会回执", openapi_extra=request_body(ReplyIn))
def reply(request: HttpRequest, meeting_id: IdParam) -> dict[str, Any]:
    meeting = _meeting(request, meeting_id)
    row: Attendee = ReplyIn.parse(Input.of(request), request.user, meeting=meeting).apply(
        by=actor_of(request)
    )
    out = _replies_out(request, meeting)
    out["replied"] = row.pk
    return out


@router.post("/{meeting_id}/replies/press", summary="催报")
def press(request: HttpRequest, meeting_id: IdParam) -> dict[str, Any]:
    meeting = _meeting(request, meeting_id)
    sent = replies.meeting_press_replies(meeting=meeting, by=actor_of(request))
    out = _replies_out(request, meeting)
    out["notified"] = sent
    return out
