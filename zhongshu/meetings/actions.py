"""Which actions a person may take on a meeting now: one rule per action, asked by the meeting's page (its
forms, `{% if "x" in actions %}`), the API (`actions` with the meeting) and the service before it acts
(`RULES.require`). See core.actions.

The applicant's side (edit, submit, cancel a draft) belongs to the applying unit's people; the office's side
(approve, refuse, merge, schedule, notify, seat, sign in for someone, close) to the meeting staff (会务); a
reply belongs to the invited person, or to the invited unit's people for a unit's invitation.

Each part of the module adds its rules to `RULES` below; the codes and messages are the ones its service
raises.
"""

from __future__ import annotations

from typing import Any

from zhongshu.core.actions import ActionRules, Refusal, Rule, not_allowed
from zhongshu.meetings.models import Meeting
from zhongshu.meetings.roles import is_meeting_office, may_approve_meetings
from zhongshu.meetings.states import MEETING_MACHINE, MeetingAction

OFFICE_ONLY = "仅会务人员（文书、办公室主任）可以办理此操作"
APPROVER_ONLY = "仅办公室主任可以审批会议申请"
APPLICANT_ONLY = "只有申请单位人员可以办理此操作"


def transition(meeting: Meeting, action: str) -> Refusal | None:
    return MEETING_MACHINE.refusal(meeting.state, action)


def is_applicant(viewer: Any, meeting: Meeting) -> bool:
    unit_id = getattr(viewer, "unit_id", None)
    return unit_id is not None and unit_id == meeting.applicant_unit_id


def office(action: str) -> Rule[Meeting]:
    """An action of the meeting staff alone, in the states the table allows it."""

    def rule(viewer: Any, meeting: Meeting) -> Refusal | None:
        if not is_meeting_office(viewer):
            return not_allowed(OFFICE_ONLY, "not_meeting_office")
        return transition(meeting, action)

    return rule


def applicant(action: str) -> Rule[Meeting]:
    """An action of the applying unit's people (or the meeting staff acting for them)."""

    def rule(viewer: Any, meeting: Meeting) -> Refusal | None:
        if not (is_applicant(viewer, meeting) or is_meeting_office(viewer)):
            return not_allowed(APPLICANT_ONLY, "not_applicant")
        return transition(meeting, action)

    return rule


def approver(action: str) -> Rule[Meeting]:
    def rule(viewer: Any, meeting: Meeting) -> Refusal | None:
        if not may_approve_meetings(viewer):
            return not_allowed(APPROVER_ONLY, "not_approver")
        return transition(meeting, action)

    return rule


RULES: ActionRules[Meeting] = ActionRules(
    "会议",
    {
        "edit": applicant(MeetingAction.EDIT),
        "submit": applicant(MeetingAction.SUBMIT),
        "approve": approver(MeetingAction.APPROVE),
        "return": approver(MeetingAction.RETURN),
        "refuse": approver(MeetingAction.REFUSE),
        "merge": approver(MeetingAction.MERGE),
        "schedule": office(MeetingAction.SCHEDULE),
        "notify": office(MeetingAction.NOTIFY),
        "close": office(MeetingAction.CLOSE),
        "cancel": applicant(MeetingAction.CANCEL),
    },
)
