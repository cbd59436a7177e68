"""The notice part's input contracts, one per action, for the page and the API alike (core.inputs.Input):
发送会议通知 (`NotifyIn`) and 参会回执 (`ReplyIn`). People come through org.inputs, as the picker offers them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone

from zhongshu.accounts.actors import Actor
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input, max_length_of
from zhongshu.meetings import notices, replies
from zhongshu.meetings.models import Attendee, Meeting, ReplyState
from zhongshu.org import inputs as org_inputs
from zhongshu.org.models import Person

_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?([+-]\d{2}:?\d{2}|Z)?$")


def parse_moment(data: Input, name: str, *, label: str) -> datetime | None:
    """A date and time, as a datetime-local box sends it (2026-12-07T17:00) or ISO 8601 with an offset;
    without an offset it is the county's local time. None when nothing was given."""
    raw = data.text(name, label=label).strip()
    if not raw:
        return None
    if _MOMENT.match(raw):
        try:
            moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            moment = None
        if moment is not None:
            return moment if timezone.is_aware(moment) else timezone.make_aware(moment)
    shown = raw if len(raw) <= 40 else raw[:40] + "…"
    raise ServiceError(f"{label}格式应为 YYYY-MM-DD HH:MM：{shown}", code="bad_datetime", field=name)


@dataclass(frozen=True)
class NotifyIn:
    """发送会议通知: the reply deadline, the requirements and the contact; `version` as the page drew it."""

    reply_deadline: datetime
    requirements: str
    contact: str
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> NotifyIn:
        deadline = parse_moment(data, "reply_deadline", label="回执截止时间")
        if deadline is None:
            raise ServiceError("请填写回执截止时间", code="reply_deadline_missing", field="reply_deadline")
        return cls(
            reply_deadline=deadline,
            requirements=data.text("requirements", label="会议要求", max_length=2000),
            contact=data.text(
                "contact", label="联系人及电话", max_length=max_length_of(Meeting, "notice_contact")
            ),
            version=data.integer("version", label="版本号", low=1),
        )

    def apply(self, *, meeting: Meeting, by: Actor) -> Meeting:
        return notices.meeting_notify(
            meeting=meeting,
            by=by,
            reply_deadline=self.reply_deadline,
            requirements=self.requirements,
            contact=self.contact,
            version=self.version,
        )


@dataclass(frozen=True)
class ReplyIn:
    """参会回执: which invitation (`attendee`), the reply, and the substitute, the unit's person, the reason."""

    attendee: Attendee
    reply: str
    substitute: Person | None
    person: Person | None
    reason: str

    @classmethod
    def parse(cls, data: Input, viewer: Any, *, meeting: Meeting) -> ReplyIn:
        attendee = data.record("attendee", meeting.attendees.all(), label="参会邀请", code="unknown_attendee")
        if attendee is None:
            raise ServiceError("请选择要回执的参会邀请", code="attendee_missing", field="attendee")
        reply = data.text("reply", label="回执").strip()
        if reply not in {choice.value for choice in replies.REPLIES}:
            raise ServiceError("请选择参加、委派代参或请假", code="unknown_reply", field="reply")
        return cls(
            attendee=attendee,
            reply=reply,
            substitute=org_inputs.person(data, "substitute", viewer, label="代参人员")
            if reply == ReplyState.SUBSTITUTE
            else None,
            person=org_inputs.person(data, "person", viewer, label="参会人员")
            if reply == ReplyState.ATTENDING
            else None,
            reason=data.text("reason", label="事由", max_length=max_length_of(Attendee, "reply_reason")),
        )

    def apply(self, *, by: Actor) -> Attendee:
        return replies.attendee_reply(
            attendee=self.attendee,
            by=by,
            reply=self.reply,
            substitute=self.substitute,
            person=self.person,
            reason=self.reason,
        )
