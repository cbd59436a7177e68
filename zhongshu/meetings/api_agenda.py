"""The meetings API's agenda part (mounted under /api/meetings): the agenda with its materials' state, and
the same actions as the page through the same contracts (`schemas_agenda`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema, Status

from zhongshu.accounts.actors import actor_of
from zhongshu.core.inputs import Input, request_body
from zhongshu.meetings import agenda
from zhongshu.meetings.actions import RULES
from zhongshu.meetings.api_access import api_meeting
from zhongshu.meetings.models import Meeting
from zhongshu.meetings.schemas_agenda import (
    MaterialIn,
    TopicAddIn,
    TopicMoveIn,
    TopicRemoveIn,
    TopicsReorderIn,
    agenda_action,
)

router = Router()


class MaterialFileOut(Schema):
    id: int
    name: str
    size: int
    url: str


class TopicOut(Schema):
    id: int
    order: int
    title: str
    presenter: str | None
    presenter_id: int | None
    presenter_unit: str | None
    presenter_unit_id: int | None
    minutes_planned: int | None
    materials_due: date
    materials_due_note: str
    materials_submitted_at: datetime | None
    materials_state: str  # pending | submitted | late | missing
    materials_state_label: str
    late: bool
    files: list[MaterialFileOut]


class AgendaOut(Schema):
    meeting: int
    title: str
    version: int
    actions: list[str]  # what the viewer may do to the meeting now (meetings.actions), as the page offers
    materials_workdays: int
    topics: list[TopicOut]


def meeting_for(request: HttpRequest, pk: int) -> Meeting:
    return api_meeting(request, pk)


def agenda_out(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    meeting.refresh_from_db()
    topics = []
    for row in agenda.agenda_rows(meeting):
        topic = row.topic
        topics.append(
            {
                "id": topic.pk,
                "order": topic.order,
                "title": topic.title,
                "presenter": topic.presenter.name if topic.presenter else None,
                "presenter_id": topic.presenter_id,
                "presenter_unit": topic.presenter_unit.name if topic.presenter_unit else None,
                "presenter_unit_id": topic.presenter_unit_id,
                "minutes_planned": topic.minutes_planned,
                "materials_due": row.due.date,
                "materials_due_note": row.due.note,
                "materials_submitted_at": topic.materials_submitted_at,
                "materials_state": row.state,
                "materials_state_label": row.state_label,
                "late": row.late,
                "files": [
                    {
                        "id": f.pk,
                        "name": f.file.original_name,
                        "size": f.file.size,
                        "url": reverse("meetings:material_file", args=[meeting.pk, topic.pk, f.pk]),
                    }
                    for f in row.files
                ],
            }
        )
    return {
        "meeting": meeting.pk,
        "title": meeting.title,
        "version": meeting.version,
        "actions": RULES.available(request.user, meeting),
        "materials_workdays": agenda.materials_workdays(),
        "topics": topics,
    }


def _act(request: HttpRequest, pk: int, action: str) -> dict[str, Any]:
    meeting = meeting_for(request, pk)
    agenda_action(action, meeting=meeting, by=actor_of(request), data=Input.of(request))
    return agenda_out(request, meeting)


@router.get("/{meeting_id}/agenda", response=AgendaOut, summary="议题与材料")
def get_agenda(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    return agenda_out(request, meeting_for(request, meeting_id))


@router.post(
    "/{meeting_id}/topics",
    response={201: AgendaOut},
    summary="添加议题",
    openapi_extra=request_body(TopicAddIn),
)
def add_topic(request: HttpRequest, meeting_id: int) -> Status[dict[str, Any]]:
    return Status(201, _act(request, meeting_id, "topic_add"))


@router.post(
    "/{meeting_id}/topics/order",
    response=AgendaOut,
    summary="调整议题顺序（全部议题的 id，按新顺序）",
    openapi_extra=request_body(TopicsReorderIn),
)
def reorder_topics(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    return _act(request, meeting_id, "topics_reorder")


@router.post(
    "/{meeting_id}/topics/move",
    response=AgendaOut,
    summary="上移或下移一个议题",
    openapi_extra=request_body(TopicMoveIn),
)
def move_topic(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    return _act(request, meeting_id, "topic_move")


@router.post(
    "/{meeting_id}/topics/remove",
    response=AgendaOut,
    summary="删除议题",
    openapi_extra=request_body(TopicRemoveIn),
)
def remove_topic(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    return _act(request, meeting_id, "topic_remove")


@router.post(
    "/{meeting_id}/topics/material",
    response=AgendaOut,
    summary="报送议题材料（multipart）",
    openapi_extra=request_body(MaterialIn),
)
def submit_material(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    return _act(request, meeting_id, "material")
