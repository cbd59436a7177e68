"""The meetings API's sign-in part, mounted under /api/meetings by meetings/api.py: the sign-in table (late and
absent derived), opening sign-in, signing in with the code and the secretary's marking — the page's
contracts and services (schemas_seating)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from zhongshu.accounts.actors import actor_of
from zhongshu.core.inputs import IdParam, Input, request_body
from zhongshu.meetings import signin
from zhongshu.meetings.actions import RULES, attendee_of
from zhongshu.meetings.api_access import api_meeting
from zhongshu.meetings.models import Meeting
from zhongshu.meetings.roles import is_meeting_office
from zhongshu.meetings.schemas_seating import MarkIn, OpenSignInIn, SignInIn, seating_action

router = Router(tags=["签到"])


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    return api_meeting(request, pk)


def _row(row: signin.SignInRow) -> dict[str, Any]:
    return {
        "attendee": row.attendee.pk,
        "name": row.name,
        "unit": row.unit,
        "reply": row.attendee.reply,
        "substitute_for": row.substitute_for or None,
        "signed_in_at": row.signed_in_at,
        "by_secretary": row.by_secretary,
        "status": row.status,
    }


def _sign_in_out(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    """The staff get the whole table and the code; anyone else who may see the meeting their own line."""
    meeting.refresh_from_db()
    office = is_meeting_office(request.user)
    rows = signin.sign_in_rows(meeting)
    if not office:
        mine = attendee_of(request.user, meeting)
        rows = [row for row in rows if mine is not None and row.attendee.pk == mine.pk]
    valid = signin.code_valid(meeting)
    return {
        "meeting": {
            "id": meeting.pk,
            "title": meeting.title,
            "state": meeting.state,
            "version": meeting.version,
        },
        "open": valid,
        "code": meeting.sign_in_code if office and valid else None,
        "expires_at": meeting.sign_in_expires_at if valid else None,
        "url": request.build_absolute_uri(signin.sign_in_path(meeting, meeting.sign_in_code))
        if office and valid
        else None,
        "rows": [_row(row) for row in rows],
        "counts": signin.counts(rows) if office else None,
        "actions": RULES.available(request.user, meeting, among=["open_sign_in", "mark_present", "sign_in"]),
    }


@router.get("/{meeting_id}/sign-in", summary="签到情况（迟到、缺席按时间推算）")
def get_sign_in(request: HttpRequest, meeting_id: IdParam) -> dict[str, Any]:
    return _sign_in_out(request, _meeting(request, meeting_id))


def _act(request: HttpRequest, meeting_id: int, action: str) -> dict[str, Any]:
    meeting = _meeting(request, meeting_id)
    seating_action(action, meeting=meeting, by=actor_of(request), data=Input.of(request))
    return _sign_in_out(request, meeting)


@router.post("/{meeting_id}/sign-in", summary="签到（签到码）", openapi_extra=request_body(SignInIn))
def sign_in(request: HttpRequest, meeting_id: IdParam) -> dict[str, Any]:
    return _act(request, meeting_id, "sign_in")


@router.post("/{meeting_id}/sign-in/open", summary="开启签到", openapi_extra=request_body(OpenSignInIn))
def open_sign_in(request: HttpRequest, meeting_id: IdParam) -> dict[str, Any]:
    return _act(request, meeting_id, "open")


@router.post("/{meeting_id}/sign-in/mark", summary="代为签到", openapi_extra=request_body(MarkIn))
def mark(request: HttpRequest, meeting_id: IdParam) -> dict[str, Any]:
    return _act(request, meeting_id, "mark")
