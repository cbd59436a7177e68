"""签到: a code shown in the room (with its QR code) that attendees open on their phone, or the secretary
marks someone present.

The meeting staff open sign-in (`sign_in_open`): a fresh 6-digit `sign_in_code`, valid until the meeting's
end plus `CODE_VALID_AFTER_END` (30 minutes). The room page shows the code large and a QR code (segno) for
`/meetings/<id>/sign-in/?code=…`; an attendee signed in on their phone opens it and signs in (`sign_in`) as
the one the room expects: the invited person, or the substitute their reply named. The secretary marks
someone present without the code (`sign_in_mark`). A second sign-in is refused (`already_signed_in`), so is
a wrong code (`wrong_sign_in_code`) and an expired one (`sign_in_code_expired`).

Derived, never stored: **late** = signed in after `starts_at + LATE_GRACE` (5 minutes); **absent** = not
signed in once the meeting is closed (请假 when the reply said so); the substitutes are read from the replies.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import segno
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from zhongshu.accounts.actors import Actor
from zhongshu.core.errors import ServiceError
from zhongshu.meetings.actions import RULES, attendee_of
from zhongshu.meetings.models import Attendee, AttendeeRole, Meeting, ReplyState
from zhongshu.meetings.seating import replaced_name
from zhongshu.meetings.secrecy import refusals_audited
from zhongshu.meetings.services import audit, locked, record_event
from zhongshu.meetings.states import MeetingState

CODE_DIGITS = 6
CODE_VALID_AFTER_END = timedelta(minutes=30)
LATE_GRACE = timedelta(minutes=5)


def sign_in_path(meeting: Meeting, code: str) -> str:
    return f"{reverse('meetings:sign_in', args=[meeting.pk])}?code={code}"


def qr_svg(url: str) -> str:
    """The QR code of `url` as an inline SVG element (no XML declaration, no style)."""
    return str(segno.make(url, error="m").svg_inline(scale=6, border=2, dark="#000", light="#fff"))


def sign_in_open(*, meeting: Meeting, by: Actor) -> Meeting:
    """开启签到: a new code, valid until the meeting's end plus 30 minutes (a code opened again replaces the
    old one)."""
    with refusals_audited(meeting, by=by, action="sign_in_opened"), transaction.atomic():
        meeting = locked(meeting)
        RULES.require("open_sign_in", by, meeting)
        meeting.sign_in_code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        meeting.sign_in_expires_at = meeting.ends_at + CODE_VALID_AFTER_END
        # Not a version bump: opening sign-in changes nothing another staff member's open form relies on.
        meeting.save(update_fields=["sign_in_code", "sign_in_expires_at", "updated_at"])
        Attendee.objects.filter(meeting=meeting, sign_in_failures__gt=0).update(sign_in_failures=0)
        record_event(meeting, action="sign_in_opened", by=by)
        audit(meeting, by=by, action="sign_in_opened", expires_at=meeting.sign_in_expires_at.isoformat())
    return meeting


def sign_in(*, meeting: Meeting, by: Actor, code: str) -> Attendee:
    """签到 with the room's code, as the one the room expects (the invited person or their substitute).

    A wrong code is counted against the invitation (kept, though the sign-in is refused); after
    `MAX_WRONG_SIGN_IN_CODES` (actions.py) the code is refused (`sign_in_throttled`) until sign-in is opened again, so
    six digits cannot be guessed from outside the room; the secretary can still mark the person present."""
    with refusals_audited(meeting, by=by, action="signed_in"):
        with transaction.atomic():
            meeting = locked(
                meeting
            )  # one sign-in at a time per meeting: a double tap is refused, not doubled
            RULES.require("sign_in", by, meeting)
            attendee = attendee_of(by, meeting)
            assert attendee is not None  # the rule refused otherwise
            wrong = not secrets.compare_digest(code.strip(), meeting.sign_in_code)
            if wrong:
                Attendee.objects.filter(pk=attendee.pk).update(sign_in_failures=F("sign_in_failures") + 1)
            else:
                attendee.signed_in_at = timezone.now()
                attendee.signed_in_by = by
                attendee.save(update_fields=["signed_in_at", "signed_in_by"])
                audit(
                    meeting,
                    by=by,
                    action="signed_in",
                    attendee=attendee.pk,
                    late=is_late(meeting, attendee.signed_in_at),
                )
        if wrong:  # raised once the count is saved
            raise ServiceError(
                "签到码不正确，请核对会场显示的签到码", code="wrong_sign_in_code", field="code"
            )
    return attendee


def sign_in_mark(*, meeting: Meeting, by: Actor, attendee: Attendee, note: str = "") -> Attendee:
    """代为签到: the secretary marks someone present (one sign-in per invitation)."""
    with refusals_audited(meeting, by=by, action="sign_in_marked"), transaction.atomic():
        meeting = locked(meeting)
        RULES.require("mark_present", by, meeting)
        attendee = Attendee.objects.select_for_update().get(pk=attendee.pk, meeting=meeting)
        if attendee.signed_in_at is not None:
            raise ServiceError(f"{attendee} 已签到，无需重复签到", code="already_signed_in", field="attendee")
        attendee.signed_in_at = timezone.now()
        attendee.signed_in_by = by
        attendee.save(update_fields=["signed_in_at", "signed_in_by"])
        record_event(
            meeting, action="sign_in_marked", by=by, note=f"{attendee}{('：' + note) if note else ''}"
        )
        audit(meeting, by=by, action="sign_in_marked", attendee=attendee.pk, note=note or None)
    return attendee


# --- Reading: the sign-in table ---------------------------------------------------------------------------


def is_late(meeting: Meeting, at: datetime | None) -> bool:
    return at is not None and at > meeting.starts_at + LATE_GRACE


class Status:
    SIGNED_IN = "signed_in"
    LATE = "late"
    NOT_YET = "not_yet"
    ABSENT = "absent"
    EXCUSED = "excused"


STATUS_LABELS = {
    Status.SIGNED_IN: "已签到",
    Status.LATE: "迟到",
    Status.NOT_YET: "未签到",
    Status.ABSENT: "缺席",
    Status.EXCUSED: "请假",
}


@dataclass(frozen=True)
class SignInRow:
    attendee: Attendee
    name: str
    unit: str
    role: str
    reply: str
    substitute_for: str
    signed_in_at: datetime | None
    by_secretary: bool
    status: str

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def _status(meeting: Meeting, attendee: Attendee) -> str:
    if attendee.signed_in_at is not None:
        return Status.LATE if is_late(meeting, attendee.signed_in_at) else Status.SIGNED_IN
    if attendee.reply == ReplyState.ABSENT:
        return Status.EXCUSED
    if meeting.state == MeetingState.CLOSED:
        return Status.ABSENT
    return Status.NOT_YET


def sign_in_rows(meeting: Meeting) -> list[SignInRow]:
    """Every invitation but the staff's, with who is expected, the reply and the sign-in (one query)."""
    attendees = (
        Attendee.objects.filter(meeting=meeting)
        .exclude(role=AttendeeRole.STAFF)
        .select_related("person__unit", "substitute__unit", "unit", "signed_in_by")
    )
    rows = []
    for attendee in attendees:
        person = attendee.present_person
        unit = attendee.unit if attendee.unit_id else getattr(person, "unit", None)
        rows.append(
            SignInRow(
                attendee=attendee,
                name=person.name if person is not None else "（待单位确定）",
                unit=unit.name if unit is not None else "",
                role=attendee.get_role_display(),
                reply=attendee.get_reply_display(),
                substitute_for=replaced_name(attendee),
                signed_in_at=attendee.signed_in_at,
                by_secretary=attendee.signed_in_at is not None
                and attendee.signed_in_by_id is not None
                and getattr(person, "user_id", None) != attendee.signed_in_by_id,
                status=_status(meeting, attendee),
            )
        )
    return rows


def counts(rows: list[SignInRow]) -> dict[str, int]:
    found = {status: 0 for status in STATUS_LABELS}
    for row in rows:
        found[row.status] += 1
    return found


def tally(rows: list[SignInRow]) -> list[tuple[str, int]]:
    """(label, count) of each status, for the page."""
    found = counts(rows)
    return [(label, found[status]) for status, label in STATUS_LABELS.items()]


def code_valid(meeting: Meeting, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        bool(meeting.sign_in_code)
        and meeting.sign_in_expires_at is not None
        and meeting.sign_in_expires_at > now
    )


def room_context(meeting: Meeting, *, absolute: Any) -> dict[str, Any]:
    """The room page's code, URL and QR code; `absolute` makes the URL absolute (request.build_absolute_uri)."""
    if not code_valid(meeting):
        return {"signin_code": "", "signin_url": "", "signin_qr": ""}
    url = str(absolute(sign_in_path(meeting, meeting.sign_in_code)))
    return {"signin_code": meeting.sign_in_code, "signin_url": url, "signin_qr": qr_svg(url)}
