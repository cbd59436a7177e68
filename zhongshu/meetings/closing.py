"""结束会议: the meeting staff close a held meeting. The `close` rule (actions.py) refuses while a numbered
copy of a classified material is out (`copies_outstanding`) and, for a 涉密会议, until its checklist is
complete (`secrecy_checklist_incomplete`); a refusal on a 涉密会议 is audited (secrecy.refusals_audited)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from zhongshu.accounts.actors import Actor
from zhongshu.meetings.actions import RULES
from zhongshu.meetings.models import Meeting
from zhongshu.meetings.secrecy import refusals_audited
from zhongshu.meetings.services import audit, bump, locked, record_event
from zhongshu.meetings.states import MeetingAction, next_state


def meeting_close(*, meeting: Meeting, by: Actor, version: int | None = None) -> Meeting:
    """Close the meeting: state 已结束 and the time it was closed."""
    with refusals_audited(meeting, by=by, action=MeetingAction.CLOSE.value), transaction.atomic():
        meeting = locked(meeting, version)
        RULES.require(MeetingAction.CLOSE, by, meeting)
        meeting.state = next_state(meeting.state, MeetingAction.CLOSE)
        meeting.closed_at = timezone.now()
        bump(meeting, "state", "closed_at")
        record_event(meeting, action=MeetingAction.CLOSE.value, by=by)
        audit(meeting, by=by, action=MeetingAction.CLOSE.value)
    return meeting
