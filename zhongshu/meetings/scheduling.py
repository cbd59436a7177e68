"""排会: conflicts for a meeting's room, chair and attendees against the booked meetings and the leaders'
other engagements; free slots on working days; and 调整时间地点 (action `schedule`) with the office's
recorded override of a double booking.

A room is taken by a meeting in BOOKED_STATES held in it; a person by a booked meeting they chair, are
invited to (unless they replied 请假 or sent someone), or were sent to as the substitute, and by their
engagements (领导活动安排, the schedule part's records, read here only). Every conflict names the other
event; one the viewer may not see (access policy) reads 另有安排 with its time and nothing else.

Searching by time window needs a bound on how long a meeting lasts: `check_span`, which every booking passes
(the application's plan, 调整时间地点), refuses a meeting of more than `LONGEST_MEETING` (`meeting_too_long`),
so every booked meeting starts at most that long before any moment it covers. The span asked about may be
of any length. Engagements (a trip may last weeks) are searched by leader, start and end.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import BooleanField, Case, Exists, OuterRef, Q, Value, When
from django.utils import timezone

from zhongshu.access.policy import Action, scope_filter, viewer_of
from zhongshu.accounts.actors import Actor
from zhongshu.core.errors import ServiceError
from zhongshu.meetings.actions import RULES
from zhongshu.meetings.models import Attendee, Engagement, Meeting, ReplyState, Room
from zhongshu.meetings.secrecy import check_room_cleared, refusals_audited
from zhongshu.meetings.services import audit, bump, locked, meeting_url, record_event
from zhongshu.meetings.states import BOOKED_STATES, MeetingAction
from zhongshu.notifications.services import notify
from zhongshu.org.models import Person
from zhongshu.workdays.calendar import is_workday

# Working hours in which free slots are suggested (the office's 上午 and 下午).
WORKING_HOURS: tuple[tuple[time, time], ...] = ((time(8, 30), time(12, 0)), (time(14, 30), time(18, 0)))
# Suggested slots start on these steps from the window's start.
SLOT_STEP = timedelta(minutes=30)
# How far ahead free slots are looked for.
SLOT_HORIZON_DAYS = 60
# The longest meeting that can be booked (see the module's docstring).
LONGEST_MEETING = timedelta(days=3)
HIDDEN_TITLE = "另有安排"
OVERRIDE_MAX = 500


@dataclass(frozen=True)
class Conflict:
    """One double booking: `kind` 'room' or 'person', `who` the room's or the person's name, and the other
    event (`other` 'meeting' or 'engagement'), its title or 另有安排, its time and its link (None when the
    viewer may not see it)."""

    kind: str
    who: str
    subject_id: int
    other: str
    other_id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    url: str | None
    visible: bool

    @property
    def text(self) -> str:
        when = f"{timezone.localtime(self.starts_at):%m-%d %H:%M}—{timezone.localtime(self.ends_at):%H:%M}"
        what = "会议室" if self.kind == "room" else ""
        return f"{what}{self.who}：{when} {self.title}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "who": self.who,
            "subject_id": self.subject_id,
            "other": self.other,
            "other_id": self.other_id if self.visible else None,
            "title": self.title,
            "starts_at": self.starts_at,
            "ends_at": self.ends_at,
            "url": self.url,
        }


def check_span(*, starts_at: datetime | None, ends_at: datetime | None) -> tuple[datetime, datetime]:
    """The time of a meeting as booked: both ends given, the end after the start, no longer than
    LONGEST_MEETING."""
    if starts_at is None:
        raise ServiceError("请填写开始时间", code="starts_at_required", field="starts_at")
    if ends_at is None:
        raise ServiceError("请填写结束时间", code="ends_at_required", field="ends_at")
    if ends_at <= starts_at:
        raise ServiceError("结束时间应晚于开始时间", code="meeting_ends_before_start", field="ends_at")
    if ends_at - starts_at > LONGEST_MEETING:
        raise ServiceError(
            f"会议时长不能超过{LONGEST_MEETING.days}天", code="meeting_too_long", field="ends_at"
        )
    return starts_at, ends_at


def _booked(starts_at: datetime, ends_at: datetime, exclude_meeting_id: int | None) -> Q:
    """Booked meetings overlapping [starts_at, ends_at): by start within LONGEST_MEETING before it."""
    q = Q(
        state__in=BOOKED_STATES,
        starts_at__gte=starts_at - LONGEST_MEETING,
        starts_at__lt=ends_at,
        ends_at__gt=starts_at,
    )
    return q & ~Q(pk=exclude_meeting_id) if exclude_meeting_id is not None else q


def _taking(people: Sequence[int], meeting: Any = None) -> Q:
    """The invitations that take one of `people`: invited and not 请假 or sent someone, or sent as the
    substitute. With `meeting` (an OuterRef), those of that meeting."""
    invited = Q(person_id__in=people) & ~Q(reply__in=(ReplyState.ABSENT, ReplyState.SUBSTITUTE))
    sent = Q(substitute_id__in=people, reply=ReplyState.SUBSTITUTE)
    return (invited | sent) & Q(meeting_id=meeting) if meeting is not None else invited | sent


def _involving(room_id: int | None, people: Sequence[int]) -> Q:
    """Meetings in the room, chaired by one of the people or taking one of them (a correlated probe of the
    meeting's own invitations, so only the window's meetings are looked into)."""
    q = Q(pk__in=[])
    if room_id is not None:
        q |= Q(room_id=room_id)
    if people:
        q |= Q(chair_id__in=people) | Q(Exists(Attendee.objects.filter(_taking(people, OuterRef("pk")))))
    return q


def _seen(model: type[Meeting] | type[Engagement], viewer: Any) -> Any:
    """Whether the viewer may see the row, as a column of the same query (the access policy's own rule)."""
    if viewer is None:
        return Value(False)
    rule = scope_filter(model, viewer_of(viewer), Action.VIEW)
    if rule is None:
        return Value(False)
    if not rule:  # an empty Q: every row
        return Value(True)
    return Case(When(rule, then=Value(True)), default=Value(False), output_field=BooleanField())


def conflicts_for(
    *,
    starts_at: datetime,
    ends_at: datetime,
    room_id: int | None,
    people_ids: Iterable[int],
    exclude_meeting_id: int | None = None,
    viewer: Any = None,
) -> list[Conflict]:
    """Every booking that overlaps [starts_at, ends_at) for the room and the people, by room, then person,
    then time. Without a `viewer` every other event reads 另有安排 (a refusal's message names no title).
    Three queries: the meetings (with whether the viewer may see each), who of the people each takes, and
    the leaders' engagements. The span may be of any length (an engagement's trip too): only the booked
    meetings are bounded by LONGEST_MEETING (check_span, which every booking passes)."""
    if ends_at <= starts_at:
        raise ServiceError("结束时间应晚于开始时间", code="meeting_ends_before_start", field="ends_at")
    people = sorted(set(people_ids))
    if room_id is None and not people:
        return []
    # (kind, subject, other kind, other id, title, start, end, seen)
    found: list[tuple[str, int, str, int, str, datetime, datetime, bool]] = []
    names: dict[int, str] = {}
    room_name = ""
    meetings = list(
        Meeting.objects.filter(_booked(starts_at, ends_at, exclude_meeting_id) & _involving(room_id, people))
        .annotate(seen=_seen(Meeting, viewer))
        .order_by()
        .values_list(
            "pk", "title", "starts_at", "ends_at", "room_id", "room__name", "chair_id", "chair__name", "seen"
        )
    )
    for pk, title, start, end, room, room_label, chair, chair_name, seen in meetings:
        row = (pk, title, start, end, bool(seen))
        if room_id is not None and room == room_id:
            room_name = room_label
            found.append(("room", room_id, "meeting", *row))
        if chair in people:
            names[chair] = chair_name
            found.append(("person", chair, "meeting", *row))
    if meetings and people:
        by_pk = {
            pk: (pk, title, start, end, bool(seen)) for pk, title, start, end, _, _, _, _, seen in meetings
        }
        invitations = Attendee.objects.filter(_taking(people), meeting_id__in=list(by_pk)).order_by()
        for (
            meeting_id,
            person_id,
            person_name,
            substitute_id,
            substitute_name,
            reply,
        ) in invitations.values_list(
            "meeting_id", "person_id", "person__name", "substitute_id", "substitute__name", "reply"
        ):
            if reply == ReplyState.SUBSTITUTE:
                who, name = substitute_id, substitute_name
            else:
                who, name = person_id, person_name
            names[who] = name
            found.append(("person", who, "meeting", *by_pk[meeting_id]))
    if people:
        engagements = (
            Engagement.objects.filter(leader_id__in=people, starts_at__lt=ends_at, ends_at__gt=starts_at)
            .annotate(seen=_seen(Engagement, viewer))
            .order_by()
            .values_list("pk", "title", "starts_at", "ends_at", "leader_id", "leader__name", "seen")
        )
        for pk, title, start, end, leader, leader_name, seen in engagements:
            names[leader] = leader_name
            found.append(("person", leader, "engagement", pk, title, start, end, bool(seen)))
    conflicts: dict[tuple[str, int, str, int], Conflict] = {}
    for kind, subject, other, other_id, title, start, end, seen in found:
        key = (kind, subject, other, other_id)
        if key in conflicts:
            continue
        conflicts[key] = Conflict(
            kind=kind,
            who=room_name if kind == "room" else names.get(subject, ""),
            subject_id=subject,
            other=other,
            other_id=other_id,
            title=title if seen else HIDDEN_TITLE,
            starts_at=start,
            ends_at=end,
            url=f"/meetings/{other_id}/" if seen and other == "meeting" else None,
            visible=seen,
        )
    return sorted(
        conflicts.values(),
        key=lambda c: (
            c.kind != "room",
            people.index(c.subject_id) if c.kind == "person" else 0,
            c.starts_at,
        ),
    )


def conflict_summary(conflicts: Sequence[Conflict]) -> str:
    return "；".join(conflict.text for conflict in conflicts[:5]) + ("等" if len(conflicts) > 5 else "")


def _busy(
    *, start: datetime, end: datetime, room_id: int | None, people_ids: Sequence[int], exclude: int | None
) -> list[tuple[datetime, datetime]]:
    """The room's and the people's bookings overlapping [start, end), merged and sorted."""
    if room_id is None and not people_ids:
        return []
    spans: list[tuple[datetime, datetime]] = list(
        Meeting.objects.filter(_booked(start, end, exclude) & _involving(room_id, people_ids))
        .order_by()
        .values_list("starts_at", "ends_at")
    )
    if people_ids:
        spans += (
            Engagement.objects.filter(leader_id__in=people_ids, starts_at__lt=end, ends_at__gt=start)
            .order_by()
            .values_list("starts_at", "ends_at")
        )
    merged: list[tuple[datetime, datetime]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def _first_fit(
    begin: datetime, finish: datetime, duration: timedelta, busy: list[tuple[datetime, datetime]]
) -> datetime | None:
    """The earliest start on SLOT_STEP from `begin` at which `duration` fits before `finish`."""
    candidate = begin
    while candidate + duration <= finish:
        clash = next((e for s, e in busy if s < candidate + duration and e > candidate), None)
        if clash is None:
            return candidate
        steps = -(-(clash - begin) // SLOT_STEP)  # round the clash's end up to the next step
        candidate = begin + steps * SLOT_STEP
    return None


def free_slots(
    *,
    day_from: date,
    duration: timedelta,
    room_id: int | None,
    people_ids: Iterable[int],
    count: int = 5,
    exclude_meeting_id: int | None = None,
    now: datetime | None = None,
) -> list[tuple[datetime, datetime]]:
    """The next `count` slots of `duration` within WORKING_HOURS on working days from `day_from`, when the
    room and every person are free: the earliest fit in each half day, at most one per half day."""
    if duration <= timedelta(0):
        raise ServiceError("会议时长应大于零", code="bad_duration", field="duration")
    people = sorted(set(people_ids))
    now = now or timezone.now()
    slots: list[tuple[datetime, datetime]] = []
    chunk = 14
    for first in range(0, SLOT_HORIZON_DAYS, chunk):
        days = [day_from + timedelta(days=n) for n in range(first, first + chunk)]
        days = [day for day in days if is_workday(day)]
        if not days:
            continue
        start = timezone.make_aware(datetime.combine(days[0], WORKING_HOURS[0][0]))
        end = timezone.make_aware(datetime.combine(days[-1], WORKING_HOURS[-1][1]))
        busy = _busy(start=start, end=end, room_id=room_id, people_ids=people, exclude=exclude_meeting_id)
        for day in days:
            for opens, closes in WORKING_HOURS:
                begin = timezone.make_aware(datetime.combine(day, opens))
                finish = timezone.make_aware(datetime.combine(day, closes))
                if begin < now:
                    steps = -(-(now - begin) // SLOT_STEP)
                    begin = begin + steps * SLOT_STEP
                found = _first_fit(begin, finish, duration, busy)
                if found is not None:
                    slots.append((found, found + duration))
                    if len(slots) >= count:
                        return slots
    return slots


def meeting_people_ids(meeting: Meeting) -> list[int]:
    """Who the meeting takes: its chair and every invited person who is coming (or the one sent instead)."""
    ids: list[int] = [meeting.chair_id] if meeting.chair_id else []
    for person_id, substitute_id, reply in meeting.attendees.values_list(
        "person_id", "substitute_id", "reply"
    ):
        if reply == ReplyState.SUBSTITUTE and substitute_id:
            ids.append(substitute_id)
        elif reply != ReplyState.ABSENT and person_id:
            ids.append(person_id)
    return list(dict.fromkeys(ids))


def meeting_conflicts(meeting: Meeting, viewer: Any) -> list[Conflict]:
    """The meeting's current conflicts, as its page shows them (none once it is no longer booked)."""
    if meeting.state not in BOOKED_STATES or meeting.ends_at - meeting.starts_at > LONGEST_MEETING:
        return []
    return conflicts_for(
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        room_id=meeting.room_id,
        people_ids=meeting_people_ids(meeting),
        exclude_meeting_id=meeting.pk,
        viewer=viewer,
    )


def check_room(meeting: Meeting, room: Room | None, *, attendees: int) -> None:
    """The room can take the meeting: in use, cleared for a 涉密会议, big enough."""
    if room is None:
        if not meeting.is_video:
            raise ServiceError("请选择会议室", code="room_required", field="room")
        return
    if not room.active:
        raise ServiceError(f"会议室“{room.name}”已停用", code="room_inactive", field="room")
    check_room_cleared(meeting, room)
    needed = max(attendees, meeting.expected_count or 0)
    if needed > room.capacity:
        raise ServiceError(
            f"会议室“{room.name}”只能容纳{room.capacity}人，本次会议{needed}人",
            code="room_over_capacity",
            field="room",
        )


def meeting_schedule(
    meeting: Meeting,
    *,
    by: Actor,
    starts_at: datetime | None,
    ends_at: datetime | None,
    room: Room | None,
    override_reason: str = "",
    version: int | None = None,
) -> Meeting:
    """调整时间地点: move the meeting to a new time and/or room. A double booking of the room or of a person
    is refused unless the office gives its reason, which is kept (`conflict_override`) and audited."""
    with refusals_audited(meeting, by=by, action=MeetingAction.SCHEDULE.value):
        return _schedule(
            meeting,
            by=by,
            starts_at=starts_at,
            ends_at=ends_at,
            room=room,
            override_reason=override_reason,
            version=version,
        )


def _schedule(
    meeting: Meeting,
    *,
    by: Actor,
    starts_at: datetime | None,
    ends_at: datetime | None,
    room: Room | None,
    override_reason: str,
    version: int | None,
) -> Meeting:
    RULES.require(MeetingAction.SCHEDULE, by, meeting)
    starts_at, ends_at = check_span(starts_at=starts_at, ends_at=ends_at)
    override_reason = override_reason.strip()
    if len(override_reason) > OVERRIDE_MAX:
        raise ServiceError(f"冲突说明不能超过{OVERRIDE_MAX}字", code="too_long", field="override_reason")
    with transaction.atomic():
        fresh = locked(meeting, version)
        RULES.require(MeetingAction.SCHEDULE, by, fresh)
        people = meeting_people_ids(fresh)
        check_room(fresh, room, attendees=len(people))
        room_id = room.pk if room is not None else None
        if (fresh.starts_at, fresh.ends_at, fresh.room_id) == (starts_at, ends_at, room_id):
            raise ServiceError("时间和会议室均未改变", code="schedule_unchanged")
        conflicts = conflicts_for(
            starts_at=starts_at,
            ends_at=ends_at,
            room_id=room_id,
            people_ids=people,
            exclude_meeting_id=fresh.pk,
            viewer=by,
        )
        if conflicts and not override_reason:
            raise ServiceError(
                f"时间冲突：{conflict_summary(conflicts)}。确需如此安排，请填写冲突说明",
                code="schedule_conflict",
                field="override_reason",
            )
        before = {
            "starts_at": fresh.starts_at.isoformat(),
            "ends_at": fresh.ends_at.isoformat(),
            "room": fresh.room.name if fresh.room_id and fresh.room else "",
        }
        fresh.starts_at, fresh.ends_at, fresh.room = starts_at, ends_at, room
        fresh.conflict_override = override_reason if conflicts else ""
        bump(fresh, "starts_at", "ends_at", "room", "conflict_override")
        when = f"{timezone.localtime(starts_at):%Y-%m-%d %H:%M}—{timezone.localtime(ends_at):%H:%M}"
        place = room.name if room is not None else "视频会议"
        note = f"{when}，{place}" + (f"；冲突说明：{override_reason}" if conflicts else "")
        record_event(fresh, action=MeetingAction.SCHEDULE.value, by=by, note=note)
        audit(
            fresh,
            by=by,
            action=MeetingAction.SCHEDULE.value,
            before=before,
            starts_at=starts_at.isoformat(),
            ends_at=ends_at.isoformat(),
            room=room.name if room is not None else "",
        )
        if conflicts:
            audit(
                fresh,
                by=by,
                action="conflict_override",
                reason=override_reason,
                conflicts=[
                    {"kind": c.kind, "who": c.who, "other": c.other, "other_id": c.other_id}
                    for c in conflicts
                ],
            )
        _tell_attendees(fresh, by=by, note=note)
    return fresh


def _tell_attendees(meeting: Meeting, *, by: Actor, note: str) -> None:
    """Those already sent the notice learn of the new time and place (through the outbox)."""
    if not meeting.attendees.filter(notified_at__isnull=False).exists():
        return
    people = Person.objects.filter(pk__in=meeting_people_ids(meeting), user__isnull=False).select_related(
        "user"
    )
    for person in people:
        if person.user_id == by.pk:
            continue
        notify(
            recipient=person.user,
            about=meeting,
            kind="meetings.schedule",
            title=f"会议时间地点调整：{meeting.title}",
            body=note,
            link=meeting_url(meeting),
        )
