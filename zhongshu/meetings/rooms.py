"""会议室: the office's meeting staff keep the rooms (capacity, equipment, video, cleared for 涉密会议,
in use). A room once used is never deleted: it is put out of use (`active=False`)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from zhongshu.accounts.actors import Actor
from zhongshu.audit.services import audit_record
from zhongshu.core.errors import Conflict, Forbidden, ServiceError
from zhongshu.meetings.models import Room
from zhongshu.meetings.roles import is_meeting_office

ROOM_FIELDS = (
    "name",
    "place",
    "capacity",
    "equipment",
    "has_video",
    "cleared_for_classified",
    "active",
    "sort_order",
)


def may_manage_rooms(user: Any) -> bool:
    return is_meeting_office(user)


def room_list(*, active_only: bool = False) -> QuerySet[Room]:
    rooms = Room.objects.all()
    return rooms.filter(active=True) if active_only else rooms


def _check(by: Actor, *, name: str, capacity: int | None) -> int:
    if not may_manage_rooms(by):
        raise Forbidden("仅会务人员（文书、办公室主任）可以管理会议室", code="not_meeting_office")
    if not name:
        raise ServiceError("请填写会议室名称", code="room_name_required", field="name")
    if capacity is None:
        raise ServiceError("请填写容纳人数", code="room_capacity_required", field="capacity")
    return capacity


def _save(room: Room) -> None:
    try:
        with transaction.atomic():
            room.save()
    except IntegrityError:
        raise Conflict(f"已有名为“{room.name}”的会议室", code="room_name_taken", field="name") from None


def room_create(
    *,
    by: Actor,
    name: str,
    capacity: int | None,
    place: str = "",
    equipment: str = "",
    has_video: bool = False,
    cleared_for_classified: bool = False,
    active: bool = True,
    sort_order: int = 0,
) -> Room:
    capacity = _check(by, name=name, capacity=capacity)
    with transaction.atomic():
        room = Room(
            name=name,
            place=place,
            capacity=capacity,
            equipment=equipment,
            has_video=has_video,
            cleared_for_classified=cleared_for_classified,
            active=active,
            sort_order=sort_order,
        )
        _save(room)
        audit_record(
            actor=by,
            action="meetings.room_create",
            target=room,
            details={field: getattr(room, field) for field in ROOM_FIELDS},
        )
    return room


def room_update(
    room: Room,
    *,
    by: Actor,
    name: str,
    capacity: int | None,
    place: str = "",
    equipment: str = "",
    has_video: bool = False,
    cleared_for_classified: bool = False,
    active: bool = True,
    sort_order: int = 0,
) -> Room:
    capacity = _check(by, name=name, capacity=capacity)
    with transaction.atomic():
        fresh = Room.objects.select_for_update().get(pk=room.pk)
        before = {field: getattr(fresh, field) for field in ROOM_FIELDS}
        fresh.name, fresh.place, fresh.capacity, fresh.equipment = name, place, capacity, equipment
        fresh.has_video, fresh.cleared_for_classified = has_video, cleared_for_classified
        fresh.active, fresh.sort_order = active, sort_order
        after = {field: getattr(fresh, field) for field in ROOM_FIELDS}
        changed = {
            field: [before[field], after[field]] for field in ROOM_FIELDS if before[field] != after[field]
        }
        if not changed:
            return fresh
        _save(fresh)
        audit_record(actor=by, action="meetings.room_update", target=fresh, details={"changed": changed})
    return fresh
