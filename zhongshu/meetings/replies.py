"""参会回执: the replies to a meeting's notice, the reminders to those who have not replied, and the
attendance list that follows the replies (and the sign-in, when there is one).

An invited person replies 参加, 委派代参 (naming the substitute and why) or 请假 (why); for a unit's invitation
its people (the liaison, usually) name whom the unit sends, or say why it sends nobody. The meeting staff
record a reply for someone who telephoned. A reply is open from the notice until the meeting starts
(`reply_too_late` after); before the reply deadline a reply may be changed, after it only the staff change
one. The reminder tick tells those who have not replied one working day before the deadline and on it, once
each (the outbox's dedupe key names the invitation, the deadline and the stage); 催报 lets the staff remind
them at any time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from zhongshu.access.policy import visible
from zhongshu.accounts.actors import Actor
from zhongshu.core.errors import Forbidden, InvalidTransition, ServiceError
from zhongshu.core.todos import TodoItem
from zhongshu.meetings.actions import RULES, invitations_q
from zhongshu.meetings.models import Attendee, AttendeeRole, Meeting, ReplyState
from zhongshu.meetings.notices import liaisons_of
from zhongshu.meetings.roles import is_meeting_office
from zhongshu.meetings.seating import seating_changed
from zhongshu.meetings.secrecy import check_attendee_clearance, refusals_audited
from zhongshu.meetings.services import audit, locked, meeting_url, record_event
from zhongshu.meetings.states import MeetingState
from zhongshu.notifications.services import notify
from zhongshu.org.models import Person
from zhongshu.workdays.calendar import add_workdays

REMINDER_KIND = "meetings.reply_reminder"
REPLIES = (ReplyState.ATTENDING, ReplyState.SUBSTITUTE, ReplyState.ABSENT)


# --- replying ------------------------------------------------------------------------------------------------


def may_answer(by: Any, attendee: Attendee) -> bool:
    """The invited person, or the invited unit's people; the meeting staff for anyone."""
    if is_meeting_office(by):
        return True
    person = getattr(by, "person_or_none", None)
    if person is None:
        return False
    if attendee.unit_id is not None:
        return bool(attendee.unit_id == person.unit_id)
    return bool(attendee.person_id == person.pk)


def attendee_reply(
    *,
    attendee: Attendee,
    by: Actor,
    reply: str,
    substitute: Person | None = None,
    person: Person | None = None,
    reason: str = "",
) -> Attendee:
    """Record `attendee`'s reply. `person` is whom a unit sends; `substitute` whom an invited person sends.
    A refusal about a 涉密会议 is audited."""
    with refusals_audited(attendee.meeting, by=by, action="reply"):
        return _reply(
            attendee=attendee, by=by, reply=reply, substitute=substitute, person=person, reason=reason.strip()
        )


def _reply(
    *,
    attendee: Attendee,
    by: Actor,
    reply: str,
    substitute: Person | None,
    person: Person | None,
    reason: str,
) -> Attendee:
    with transaction.atomic():
        meeting = locked(attendee.meeting)
        RULES.require("reply", by, meeting)
        row = (
            Attendee.objects.select_for_update(of=("self",))
            .select_related("person", "unit")
            .get(pk=attendee.pk)
        )
        if row.meeting_id != meeting.pk or not may_answer(by, row):
            raise Forbidden("您不能为此参会人员填报回执", code="not_invited")
        if row.role == AttendeeRole.STAFF:
            raise ServiceError("工作人员无需填报回执", code="staff_no_reply")
        staff = is_meeting_office(by)
        now = timezone.now()
        if row.reply and not staff and meeting.reply_deadline is not None and now > meeting.reply_deadline:
            raise InvalidTransition(
                "回执截止时间已过，不能再修改回执；如有变化请联系会务人员", code="reply_locked"
            )
        if reply not in REPLIES:
            raise ServiceError("请选择参加、委派代参或请假", code="unknown_reply", field="reply")
        is_unit = row.unit_id is not None
        sent: Person | None = row.person
        chosen_substitute: Person | None = None
        if reply == ReplyState.ABSENT:
            if not reason:
                raise ServiceError("请假须写明事由", code="reason_missing", field="reason")
            if is_unit:
                sent = None
        elif reply == ReplyState.SUBSTITUTE:
            if is_unit:
                raise ServiceError(
                    "单位参会请直接选择参会人员，无需委派代参", code="substitute_for_unit", field="reply"
                )
            if substitute is None:
                raise ServiceError("请选择代参人员", code="substitute_missing", field="substitute")
            if substitute.pk == row.person_id:
                raise ServiceError("代参人员不能是本人", code="substitute_is_self", field="substitute")
            if not reason:
                raise ServiceError("委派代参须写明事由", code="reason_missing", field="reason")
            _not_invited_twice(meeting, substitute, row)
            chosen_substitute = substitute
        else:
            if is_unit:
                if person is None:
                    raise ServiceError("请选择本单位参会人员", code="person_missing", field="person")
                if person.unit_id != row.unit_id:
                    raise ServiceError(
                        f"参会人员应为{row.unit.name if row.unit else '本单位'}人员",
                        code="person_not_of_unit",
                        field="person",
                    )
                _not_invited_twice(meeting, person, row)
                sent = person
            reason = ""
        coming = chosen_substitute or (sent if is_unit else None)
        if coming is not None:
            check_attendee_clearance(meeting, [coming])
        previous = row.reply
        row.reply = reply
        row.substitute = chosen_substitute
        row.person = sent
        row.reply_reason = reason[:300]
        row.replied_at = now
        row.replied_by = by
        row.save(update_fields=["reply", "substitute", "person", "reply_reason", "replied_at", "replied_by"])
        seating_changed(meeting)  # who comes changed: a seating already made follows, in this transaction
        if coming is not None:
            meeting.need_to_know_people.add(coming)
            notify(
                recipient=coming.user,
                about=meeting,
                kind="meetings.delegated",
                title=f"参会安排：{meeting.title}",
                body=f"您被确定参加{meeting.title}"
                + (f"（代{row.person.name}参会）" if chosen_substitute and row.person else "")
                + "。",
                link=meeting_url(meeting),
            )
        who = row.unit.name if is_unit and row.unit else (row.person.name if row.person else "")
        label = ReplyState(reply).label
        detail = f"{who}：{label}"
        if chosen_substitute is not None:
            detail += f"（代参：{chosen_substitute.name}）"
        elif is_unit and sent is not None:
            detail += f"（{sent.name}）"
        record_event(
            meeting, action="reply" if not staff or _own(by, row) else "reply_for", by=by, note=detail
        )
        audit(
            meeting,
            by=by,
            action="reply",
            attendee=row.pk,
            reply=reply,
            previous=previous,
            substitute=chosen_substitute.pk if chosen_substitute else None,
            person=sent.pk if sent else None,
        )
    return row


def _own(by: Any, row: Attendee) -> bool:
    person = getattr(by, "person_or_none", None)
    if person is None:
        return False
    return row.person_id == person.pk or (row.unit_id is not None and row.unit_id == person.unit_id)


def _not_invited_twice(meeting: Meeting, person: Person, row: Attendee) -> None:
    taken = (
        meeting.attendees.exclude(pk=row.pk)
        .filter(Q(person=person) | Q(substitute=person))
        .exclude(reply=ReplyState.ABSENT)
        .exists()
    )
    if taken:
        raise ServiceError(f"{person.name}已在本次会议的参会名单中", code="already_attending", field="person")


# --- reminders -----------------------------------------------------------------------------------------------


def _unreplied(meeting_ids: list[int]) -> list[Attendee]:
    return list(
        Attendee.objects.filter(meeting_id__in=meeting_ids, reply="", notified_at__isnull=False)
        .exclude(role=AttendeeRole.STAFF)
        .select_related("person__user", "unit", "meeting")
        .order_by("meeting_id", "sort_order", "id")
    )


def _remind(attendees: list[Attendee], *, stage: str, key: str | None) -> int:
    """Notify each unreplied invitation's person (or its unit's liaisons); `key` makes it once per stage."""
    units = liaisons_of(a.unit_id for a in attendees if a.unit_id is not None)
    sent = 0
    for attendee in attendees:
        meeting = attendee.meeting
        invited = attendee.person
        if attendee.unit_id is not None:
            people = units.get(attendee.unit_id, [])
        else:
            people = [invited] if invited is not None else []
        deadline = (
            timezone.localtime(meeting.reply_deadline).strftime("%m月%d日%H:%M")
            if meeting.reply_deadline
            else ""
        )
        title = f"{'回执催报' if stage == 'press' else '回执提醒'}：{meeting.title}"
        body = f"请于{deadline}前填报参会回执。" if deadline else "请尽快填报参会回执。"
        for person in people:
            dedupe = None if key is None else f"{REMINDER_KIND}:{attendee.pk}:{key}:{stage}:{person.user_id}"
            message = notify(
                recipient=person.user,
                about=meeting,
                kind=REMINDER_KIND,
                title=title,
                body=body,
                link=meeting_url(meeting),
                dedupe_key=dedupe,
            )
            sent += message is not None
    return sent


def reminder_stage(deadline: datetime, today: date) -> str | None:
    """'due' on and after the deadline's day, 'before' from the working day before it, else None."""
    day = timezone.localtime(deadline).date()
    if today >= day:
        return "due"
    if today >= add_workdays(day, -1):
        return "before"
    return None


def reply_reminders_tick() -> int:
    """Remind who has not replied, one working day before the deadline and on it; idempotent."""
    now = timezone.now()
    today = timezone.localdate()
    meetings = list(
        Meeting.objects.filter(
            state=MeetingState.NOTIFIED,
            starts_at__gt=now,
            reply_deadline__isnull=False,
            reply_deadline__lte=now + timedelta(days=10),
        ).only("pk", "reply_deadline")
    )
    by_stage: dict[tuple[str, str], list[int]] = {}
    for meeting in meetings:
        assert meeting.reply_deadline is not None
        stage = reminder_stage(meeting.reply_deadline, today)
        if stage is not None:
            by_stage.setdefault((stage, meeting.reply_deadline.isoformat()), []).append(meeting.pk)
    sent = 0
    for (stage, deadline_key), ids in by_stage.items():
        with transaction.atomic():
            sent += _remind(_unreplied(ids), stage=stage, key=deadline_key)
    return sent


def meeting_press_replies(*, meeting: Meeting, by: Actor) -> int:
    """催报: the staff remind everyone who has not replied, now."""
    with transaction.atomic():
        fresh = locked(meeting)
        RULES.require("press_replies", by, fresh)
        waiting = _unreplied([fresh.pk])
        sent = _remind(waiting, stage="press", key=None)
        record_event(fresh, action="press_replies", by=by, note=f"催报{len(waiting)}项，通知{sent}人")
        audit(fresh, by=by, action="press_replies", waiting=len(waiting), notified=sent)
    return sent


# --- the attendance list -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceLine:
    attendee_id: int
    person: (
        Person | None
    )  # who comes (the substitute in place of the invited person); None: a unit not yet named
    unit_name: str
    invited: Person | None  # the invited person, when a substitute comes instead
    role: str
    reply: str
    reason: str
    replied_at: datetime | None
    signed_in_at: datetime | None

    @property
    def name(self) -> str:
        if self.person is not None:
            return self.person.name
        return self.unit_name

    @property
    def reply_label(self) -> str:
        return str(ReplyState(self.reply).label)


@dataclass(frozen=True)
class Attendance:
    """出席 (with substitutes in place), 请假 with reasons, 列席, 未回复, and how many signed in."""

    present: list[AttendanceLine] = field(default_factory=list)
    absent: list[AttendanceLine] = field(default_factory=list)
    sitting_in: list[AttendanceLine] = field(default_factory=list)
    unreplied: list[AttendanceLine] = field(default_factory=list)

    @property
    def signed_in(self) -> int:
        return sum(line.signed_in_at is not None for line in [*self.present, *self.sitting_in])

    @property
    def lines(self) -> list[AttendanceLine]:
        return [*self.present, *self.sitting_in, *self.absent, *self.unreplied]


def _line(attendee: Attendee) -> AttendanceLine:
    substituted = attendee.reply == ReplyState.SUBSTITUTE and attendee.substitute_id is not None
    person = attendee.substitute if substituted else attendee.person
    unit = attendee.unit or (person.unit if person is not None else None)
    return AttendanceLine(
        attendee_id=attendee.pk,
        person=person,
        unit_name=unit.name if unit is not None else "",
        invited=attendee.person if substituted else None,
        role=attendee.role,
        reply=attendee.reply,
        reason=attendee.reply_reason,
        replied_at=attendee.replied_at,
        signed_in_at=attendee.signed_in_at,
    )


def attendance(meeting: Meeting) -> Attendance:
    """The attendance list after the replies and the sign-in: one who signed in is present whatever they
    replied; the meeting staff (工作人员) are on no list."""
    result = Attendance()
    rows = (
        meeting.attendees.exclude(role=AttendeeRole.STAFF)
        .select_related("person__unit", "substitute__unit", "unit")
        .order_by("sort_order", "id")
    )
    for attendee in rows:
        line = _line(attendee)
        if attendee.signed_in_at is None and attendee.reply == ReplyState.ABSENT:
            result.absent.append(line)
        elif attendee.signed_in_at is None and attendee.reply == ReplyState.NONE:
            result.unreplied.append(line)
        elif attendee.role == AttendeeRole.SIT_IN:
            result.sitting_in.append(line)
        else:
            result.present.append(line)
    return result


# --- the invitee's to-do -------------------------------------------------------------------------------------

TODO_SOURCE_LABEL = "会议"


def my_invitations(user: Any) -> list[Attendee]:
    """The invitations `user` still has to answer, of meetings they may see that are yet to start."""
    if getattr(user, "person_or_none", None) is None:
        return []
    meetings = visible(
        Meeting.objects.filter(state=MeetingState.NOTIFIED, starts_at__gt=timezone.now()), user
    )
    return list(
        Attendee.objects.filter(invitations_q(user), reply="", meeting__in=meetings.values("pk"))
        .exclude(role=AttendeeRole.STAFF)
        .select_related("meeting", "unit")
        .order_by("meeting__starts_at", "id")[:50]
    )


def reply_todos(user: Any) -> list[TodoItem]:
    items = []
    now = timezone.now()
    for attendee in my_invitations(user):
        meeting = attendee.meeting
        deadline = meeting.reply_deadline
        items.append(
            TodoItem(
                title=f"会议回执：{meeting.title}",
                url=reverse("meetings:meeting", args=[meeting.pk]) + "#notice-replies",
                kind="meetings.reply",
                source_label=TODO_SOURCE_LABEL,
                due=timezone.localtime(deadline).date() if deadline else None,
                overdue=deadline is not None and deadline < now,
                note=f"代{attendee.unit.name}回执" if attendee.unit_id and attendee.unit else "",
                classification=int(meeting.classification),
                record=(Meeting._meta.label_lower, str(meeting.pk)),
            )
        )
    return items
