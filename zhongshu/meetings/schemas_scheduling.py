"""One input contract per action of the scheduling part (rooms, 调整时间地点, the conflict check), read alike
from a page's form and an API call's JSON body (`core.inputs.Input`); people through org.inputs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from zhongshu.access.policy import visible
from zhongshu.accounts.actors import Actor
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input, max_length_of
from zhongshu.meetings import rooms, scheduling
from zhongshu.meetings.models import Meeting, Room
from zhongshu.org import inputs as org_inputs


def parse_datetime(data: Input, name: str, *, label: str) -> datetime | None:
    """A local date and time as a form's datetime-local or an ISO 8601 string sends it (seconds optional)."""
    raw = data.value(name)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if not isinstance(raw, str):
        raise ServiceError(f"{label}格式不正确", code="bad_datetime", field=name)
    try:
        value = datetime.fromisoformat(raw.strip().replace(" ", "T", 1))
    except ValueError:
        raise ServiceError(
            f"{label}格式不正确：{raw.strip()[:40]}（应为 2026-12-07T09:00）", code="bad_datetime", field=name
        ) from None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _room(data: Input, *, active_only: bool = True) -> Room | None:
    choices = Room.objects.filter(active=True) if active_only else Room.objects.all()
    return data.record("room", choices, label="会议室", code="unknown_room")


# --- rooms ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoomIn:
    """新增或修改会议室."""

    name: str
    place: str
    capacity: int | None
    equipment: str
    has_video: bool
    cleared_for_classified: bool
    active: bool
    sort_order: int

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> RoomIn:
        return cls(
            name=data.text("name", label="名称", max_length=max_length_of(Room, "name")).strip(),
            place=data.text("place", label="位置", max_length=max_length_of(Room, "place")).strip(),
            capacity=data.integer("capacity", label="容纳人数", low=1, high=5000),
            equipment=data.text(
                "equipment", label="设备", max_length=max_length_of(Room, "equipment")
            ).strip(),
            has_video=data.flag("has_video", label="可开视频会议"),
            cleared_for_classified=data.flag("cleared_for_classified", label="可召开涉密会议"),
            active=data.flag("active", label="启用", default=not data.is_form),
            sort_order=data.integer("sort_order", label="排序", low=0, high=9999) or 0,
        )

    def fields(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "place": self.place,
            "capacity": self.capacity,
            "equipment": self.equipment,
            "has_video": self.has_video,
            "cleared_for_classified": self.cleared_for_classified,
            "active": self.active,
            "sort_order": self.sort_order,
        }

    def create(self, *, by: Actor) -> Room:
        return rooms.room_create(by=by, **self.fields())

    def update(self, room: Room, *, by: Actor) -> Room:
        return rooms.room_update(room, by=by, **self.fields())


# --- 调整时间地点 -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScheduleIn:
    starts_at: datetime | None
    ends_at: datetime | None
    room: Room | None
    override_reason: str
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> ScheduleIn:
        return cls(
            starts_at=parse_datetime(data, "starts_at", label="开始时间"),
            ends_at=parse_datetime(data, "ends_at", label="结束时间"),
            room=_room(data),
            override_reason=data.text("override_reason", label="冲突说明"),
            version=data.integer("version", label="版本号", low=1),
        )

    def apply(self, meeting: Meeting, *, by: Actor) -> Meeting:
        return scheduling.meeting_schedule(
            meeting,
            by=by,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            room=self.room,
            override_reason=self.override_reason,
            version=self.version,
        )


# --- the conflict check while an applicant types --------------------------------------------------------------

# The application form may name its people in any of these fields; the check takes them all.
PEOPLE_FIELDS = ("people", "attendees", "chair")


@dataclass(frozen=True)
class ConflictQuery:
    starts_at: datetime
    ends_at: datetime
    room: Room | None
    people_ids: list[int]
    exclude_meeting_id: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> ConflictQuery:
        starts_at, ends_at = scheduling.check_span(
            starts_at=parse_datetime(data, "starts_at", label="开始时间"),
            ends_at=parse_datetime(data, "ends_at", label="结束时间"),
        )
        raw: dict[str, list[Any]] = {}
        for name in PEOPLE_FIELDS:
            values: list[Any] = []
            for value in data.values(name):
                values += value.split(",") if isinstance(value, str) else [value]
            raw[name] = [value for value in values if not (isinstance(value, str) and not value.strip())]
        people = org_inputs.people(
            Input({"people": sum(raw.values(), [])}), "people", viewer, label="参会人员"
        )
        exclude = data.integer("meeting", label="会议", low=1)
        if exclude is not None:
            found = visible(Meeting.objects.filter(pk=exclude), viewer).values_list("pk", flat=True).first()
            if found is None:
                raise ServiceError(f"会议不存在：{exclude}", code="unknown_meeting", field="meeting")
        return cls(
            starts_at=starts_at,
            ends_at=ends_at,
            room=_room(data, active_only=False),
            people_ids=[person.pk for person in people],
            exclude_meeting_id=exclude,
        )

    def conflicts(self, viewer: Any) -> list[scheduling.Conflict]:
        return scheduling.conflicts_for(
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            room_id=self.room.pk if self.room else None,
            people_ids=self.people_ids,
            exclude_meeting_id=self.exclude_meeting_id,
            viewer=viewer,
        )

    def slots(self, count: int = 5) -> list[tuple[datetime, datetime]]:
        day_from = max(timezone.localtime(self.starts_at).date(), timezone.localdate())
        return scheduling.free_slots(
            day_from=day_from,
            duration=self.duration,
            room_id=self.room.pk if self.room else None,
            people_ids=self.people_ids,
            count=count,
            exclude_meeting_id=self.exclude_meeting_id,
        )

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at

    @property
    def day(self) -> date:
        return timezone.localtime(self.starts_at).date()
