"""The meetings API's scheduling part (mounted under /api/meetings): rooms, 调整时间地点 and the conflict check.
The same contracts and services as the pages (schemas_scheduling)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from zhongshu.access.policy import get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.core.inputs import IdParam, Input, request_body
from zhongshu.meetings import rooms
from zhongshu.meetings.actions import RULES
from zhongshu.meetings.api_access import api_allowed
from zhongshu.meetings.models import Meeting, Room
from zhongshu.meetings.scheduling import meeting_conflicts
from zhongshu.meetings.schemas_scheduling import ConflictQuery, RoomIn, ScheduleIn

router = Router()


class RoomOut(Schema):
    id: int
    name: str
    place: str
    capacity: int
    equipment: str
    has_video: bool
    cleared_for_classified: bool
    active: bool
    sort_order: int


class ConflictOut(Schema):
    kind: str  # room | person
    who: str
    subject_id: int
    other: str  # meeting | engagement
    other_id: int | None  # None when the viewer may not see the other event
    title: str  # 另有安排 when the viewer may not see it
    starts_at: datetime
    ends_at: datetime
    url: str | None


class SlotOut(Schema):
    starts_at: datetime
    ends_at: datetime


class ConflictCheckOut(Schema):
    conflicts: list[ConflictOut]
    slots: list[SlotOut]


class ScheduledOut(Schema):
    id: int
    starts_at: datetime
    ends_at: datetime
    room: int | None
    conflict_override: str
    version: int
    actions: list[str]
    conflicts: list[ConflictOut]


def _room_out(room: Room) -> dict[str, Any]:
    return {
        "id": room.pk,
        "name": room.name,
        "place": room.place,
        "capacity": room.capacity,
        "equipment": room.equipment,
        "has_video": room.has_video,
        "cleared_for_classified": room.cleared_for_classified,
        "active": room.active,
        "sort_order": room.sort_order,
    }


@router.get("/rooms", response=list[RoomOut], summary="会议室")
def room_list(request: HttpRequest, active: bool = False) -> list[dict[str, Any]]:
    api_allowed(request)
    return [_room_out(room) for room in rooms.room_list(active_only=active)]


@router.post("/rooms", response={201: RoomOut}, summary="新增会议室", openapi_extra=request_body(RoomIn))
def room_create(request: HttpRequest) -> Status[dict[str, Any]]:
    api_allowed(request)
    room = RoomIn.parse(Input.of(request), request.user).create(by=actor_of(request))
    return Status(201, _room_out(room))


@router.get("/rooms/{room_id}", response=RoomOut, summary="会议室")
def room_get(request: HttpRequest, room_id: IdParam) -> dict[str, Any]:
    api_allowed(request)
    return _room_out(get_object_or_404(Room, pk=room_id))


@router.put("/rooms/{room_id}", response=RoomOut, summary="修改会议室", openapi_extra=request_body(RoomIn))
def room_update(request: HttpRequest, room_id: IdParam) -> dict[str, Any]:
    api_allowed(request)
    room = get_object_or_404(Room, pk=room_id)
    return _room_out(RoomIn.parse(Input.of(request), request.user).update(room, by=actor_of(request)))


@router.get("/conflicts", response=ConflictCheckOut, summary="时间冲突检查与空闲时段")
def conflict_check(request: HttpRequest) -> dict[str, Any]:
    """Query: starts_at, ends_at (2026-12-07T09:00), room, people (repeated or comma-separated; attendees and
    chair alike), meeting (the meeting being edited, left out of the check)."""
    api_allowed(request)
    query = ConflictQuery.parse(Input(request.GET), request.user)
    return {
        "conflicts": [conflict.as_dict() for conflict in query.conflicts(request.user)],
        "slots": [{"starts_at": start, "ends_at": end} for start, end in query.slots()],
    }


@router.post(
    "/{meeting_id}/schedule",
    response=ScheduledOut,
    summary="调整时间地点",
    openapi_extra=request_body(ScheduleIn),
)
def schedule(request: HttpRequest, meeting_id: IdParam) -> dict[str, Any]:
    api_allowed(request)
    meeting = get_for(request.user, Meeting, meeting_id)
    meeting = ScheduleIn.parse(Input.of(request), request.user).apply(meeting, by=actor_of(request))
    return {
        "id": meeting.pk,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "room": meeting.room_id,
        "conflict_override": meeting.conflict_override,
        "version": meeting.version,
        "actions": RULES.available(request.user, meeting),
        "conflicts": [c.as_dict() for c in meeting_conflicts(meeting, request.user)],
    }
