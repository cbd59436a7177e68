"""The meetings API's seating part, mounted under /api/meetings by meetings/api.py: the 座次 as stored (with
the convention in force) and the staff's actions — arrange, swap, move — through the page's contracts and
services (schemas_seating)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from zhongshu.accounts.actors import actor_of
from zhongshu.core.inputs import IdParam, Input, request_body
from zhongshu.meetings import seating
from zhongshu.meetings.actions import RULES
from zhongshu.meetings.api_access import api_meeting
from zhongshu.meetings.models import Meeting
from zhongshu.meetings.schemas_seating import ArrangeIn, MoveIn, SwapIn, seating_action

router = Router(tags=["座次"])


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    return api_meeting(request, pk)


def _seat(seat: seating.SeatView) -> dict[str, Any]:
    return {
        "attendee": seat.attendee_id,
        "row": seat.row,
        "position": seat.position,
        "name": seat.name,
        "title": seat.title,
        "substitute_for": seat.substitute_for or None,
        "by_hand": seat.by_hand,
    }


def _seating_out(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    meeting.refresh_from_db()
    chart = seating.chart(meeting)
    return {
        "meeting": {
            "id": meeting.pk,
            "title": meeting.title,
            "state": meeting.state,
            "version": meeting.version,
        },
        "convention": {
            "code": chart.convention.code,
            "label": chart.convention.label,
            "rule": chart.convention.rule,
        },
        "platform": [_seat(seat) for seat in chart.platform],
        "rows": [[_seat(seat) for seat in row] for row in chart.rows],
        "stale": seating.is_stale(meeting, chart),
        "actions": RULES.available(request.user, meeting, among=["seat"]),
    }


@router.get("/{meeting_id}/seating", summary="座次（主席台与台下各排，自台下看从左至右）")
def get_seating(request: HttpRequest, meeting_id: IdParam) -> dict[str, Any]:
    return _seating_out(request, _meeting(request, meeting_id))


def _act(request: HttpRequest, meeting_id: int, action: str) -> dict[str, Any]:
    meeting = _meeting(request, meeting_id)
    seating_action(action, meeting=meeting, by=actor_of(request), data=Input.of(request))
    return _seating_out(request, meeting)


@router.post("/{meeting_id}/seating/arrange", summary="按排座规则排座", openapi_extra=request_body(ArrangeIn))
def arrange(request: HttpRequest, meeting_id: IdParam) -> dict[str, Any]:
    return _act(request, meeting_id, "arrange")


@router.post("/{meeting_id}/seating/swap", summary="对调座位", openapi_extra=request_body(SwapIn))
def swap(request: HttpRequest, meeting_id: IdParam) -> dict[str, Any]:
    return _act(request, meeting_id, "swap")


@router.post("/{meeting_id}/seating/move", summary="移到空座位", openapi_extra=request_body(MoveIn))
def move(request: HttpRequest, meeting_id: IdParam) -> dict[str, Any]:
    return _act(request, meeting_id, "move")
