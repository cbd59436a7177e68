"""The meetings API's minutes part (mounted under /api/meetings by meetings/api.py): draft the 会议纪要, list,
record and remove the 议定事项, turn one into a supervision item — the page's contracts and services."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from zhongshu.access.policy import get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.core.inputs import Input, request_body
from zhongshu.meetings.api_access import api_meeting
from zhongshu.meetings.decisions import decision_rows
from zhongshu.meetings.models import Meeting, MeetingDecision
from zhongshu.meetings.schemas_minutes import (
    DecisionIn,
    DraftMinutesIn,
    RemoveDecisionIn,
    SuperviseDecisionIn,
)

router = Router()


class MinutesOut(Schema):
    document: int  # the 纪要's id in the documents API (/api/documents/{id})
    title: str
    state: str
    url: str


class ItemLinkOut(Schema):
    """A supervision item made from a decision, as the viewer may see it."""

    kind: str | None
    id: int | None
    title: str
    url: str | None
    state: str  # the item's state label (待交办, 已交办, 办理中 …)


class DecisionOut(Schema):
    id: int
    order: int
    text: str
    lead_unit: int | None
    leader: int | None
    deadline: date | None
    supervised_at: datetime | None
    items: list[ItemLinkOut]
    actions: list[str]  # what the viewer may do to it now (supervise, remove), as the page offers


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    return api_meeting(request, pk)


def _decision(request: HttpRequest, pk: int, decision_pk: int) -> MeetingDecision:
    meeting = _meeting(request, pk)
    return get_for(request.user, MeetingDecision.objects.filter(meeting=meeting), decision_pk)


def _rows(request: HttpRequest, meeting: Meeting) -> list[dict[str, Any]]:
    return [
        {
            "id": decision.pk,
            "order": decision.order,
            "text": decision.text,
            "lead_unit": decision.lead_unit_id,
            "leader": decision.leader_id,
            "deadline": decision.deadline,
            "supervised_at": decision.supervised_at,
            "items": [
                {"kind": link.kind, "id": link.id, "title": link.title, "url": link.url, "state": link.state}
                for link in links
            ],
            "actions": actions,
        }
        for decision, links, actions in decision_rows(meeting, request.user)
    ]


@router.post(
    "/{pk}/minutes",
    response={201: MinutesOut},
    summary="起草会议纪要",
    openapi_extra=request_body(DraftMinutesIn),
)
def draft_minutes(request: HttpRequest, pk: int) -> Status[dict[str, Any]]:
    meeting = _meeting(request, pk)
    document = DraftMinutesIn.parse(Input.of(request), request.user).apply(
        meeting=meeting, by=actor_of(request)
    )
    return Status(
        201,
        {
            "document": document.pk,
            "title": document.title,
            "state": document.state,
            "url": f"/documents/{document.pk}/",
        },
    )


@router.get("/{pk}/decisions", response=list[DecisionOut], summary="议定事项及其督办情况")
def list_decisions(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    return _rows(request, _meeting(request, pk))


@router.post(
    "/{pk}/decisions",
    response={201: list[DecisionOut]},
    summary="记录议定事项",
    openapi_extra=request_body(DecisionIn),
)
def add_decision(request: HttpRequest, pk: int) -> Status[list[dict[str, Any]]]:
    meeting = _meeting(request, pk)
    DecisionIn.parse(Input.of(request), request.user).apply(meeting=meeting, by=actor_of(request))
    return Status(201, _rows(request, meeting))


@router.post(
    "/{pk}/decisions/{decision_pk}/supervise",
    response=list[DecisionOut],
    summary="议定事项转为督办事项",
    openapi_extra=request_body(SuperviseDecisionIn),
)
def supervise_decision(request: HttpRequest, pk: int, decision_pk: int) -> list[dict[str, Any]]:
    decision = _decision(request, pk, decision_pk)
    SuperviseDecisionIn.parse(Input.of(request), request.user).apply(decision=decision, by=actor_of(request))
    return _rows(request, decision.meeting)


@router.post(
    "/{pk}/decisions/{decision_pk}/remove",
    response=list[DecisionOut],
    summary="删除议定事项",
    openapi_extra=request_body(RemoveDecisionIn),
)
def remove_decision(request: HttpRequest, pk: int, decision_pk: int) -> list[dict[str, Any]]:
    decision = _decision(request, pk, decision_pk)
    meeting = decision.meeting
    RemoveDecisionIn.parse(Input.of(request), request.user).apply(decision=decision, by=actor_of(request))
    return _rows(request, meeting)
