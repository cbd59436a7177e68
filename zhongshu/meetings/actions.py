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

from django.db.models import Q
from django.utils import timezone

from zhongshu.access.policy import can
from zhongshu.base.levels import Classification
from zhongshu.base.roles import Role
from zhongshu.core.actions import ActionRules, Refusal, Rule, not_allowed, not_now
from zhongshu.core.instructions import instruction_follow_up
from zhongshu.meetings.models import (
    Attendee,
    AttendeeRole,
    Engagement,
    MaterialCopy,
    Meeting,
    MeetingDecision,
    ReplyState,
    SecrecyCheck,
    SecrecyCheckEntry,
    Topic,
)
from zhongshu.meetings.roles import is_meeting_office, may_approve_meetings
from zhongshu.meetings.states import ACTIVE_STATES, MEETING_MACHINE, MeetingAction, MeetingState

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


# --- minutes and decisions (the minutes part) ----------------------------------------------------------------

# A meeting is held once notified (it may be closed later): its minutes and decisions are recorded from then on.
HELD_STATES = (MeetingState.NOTIFIED, MeetingState.CLOSED)
NOT_HELD = "会议召开后才能起草纪要、记录议定事项"


def _held(meeting: Meeting) -> Refusal | None:
    if meeting.state not in HELD_STATES:
        return not_now(NOT_HELD, "meeting_not_held")
    return None


def _draft_minutes(viewer: Any, meeting: Meeting) -> Refusal | None:
    """起草会议纪要: the meeting staff, once the meeting is held, once."""
    if not is_meeting_office(viewer):
        return not_allowed(OFFICE_ONLY, "not_meeting_office")
    if meeting.minutes_document_id is not None:
        return not_now("本次会议已起草会议纪要", "minutes_already_drafted")
    return _held(meeting)


def _record_decision(viewer: Any, meeting: Meeting) -> Refusal | None:
    """记录议定事项: the meeting staff, once the meeting is held."""
    if not is_meeting_office(viewer):
        return not_allowed(OFFICE_ONLY, "not_meeting_office")
    return _held(meeting)


def _supervise_decision(viewer: Any, decision: MeetingDecision) -> Refusal | None:
    """转为督办事项: whom 督查督办 allows (core.instructions), once per decision."""
    follow_up = instruction_follow_up("supervision")
    if follow_up is None:
        return not_now("督查督办模块尚未启用，暂不能转为督办事项", "supervision_unavailable")
    if not follow_up.allowed(viewer):
        return not_allowed(follow_up.refused, "not_supervisor")
    if decision.supervised_at is not None:
        return not_now("该议定事项已转为督办事项", "decision_already_supervised")
    return None


def _remove_decision(viewer: Any, decision: MeetingDecision) -> Refusal | None:
    if not is_meeting_office(viewer):
        return not_allowed(OFFICE_ONLY, "not_meeting_office")
    if decision.supervised_at is not None:
        return not_now("已转为督办事项的议定事项不能删除", "decision_already_supervised")
    return None


DECISION_RULES: ActionRules[MeetingDecision] = ActionRules(
    "会议议定事项", {"supervise": _supervise_decision, "remove": _remove_decision}
)


# --- notice and replies (the notice part) -------------------------------------------------------------------

NOT_INVITED = "您（或您的单位）未被邀请参加此会议"
REPLY_TOO_LATE = "会议已开始，不能再提交或修改参会回执"


def invitations_q(viewer: Any) -> Q:
    """The invitations `viewer` answers: their own by name, and their unit's (which names whom it sends)."""
    person = getattr(viewer, "person_or_none", None)
    unit_id = getattr(viewer, "unit_id", None)
    if person is None:
        return Q(pk__in=[])
    own = Q(person_id=person.pk, unit__isnull=True)
    return own | Q(unit_id=unit_id) if unit_id is not None else own


def _replies_open(meeting: Meeting) -> Refusal | None:
    if meeting.state != MeetingState.NOTIFIED:
        return not_now("会议通知发出后才能办理参会回执", "meeting_not_notified")
    if timezone.now() >= meeting.starts_at:
        return not_now(REPLY_TOO_LATE, "reply_too_late")
    return None


def _notify(viewer: Any, meeting: Meeting) -> Refusal | None:
    """发送会议通知: the meeting staff, approved or notified, before the meeting starts."""
    refusal = office(MeetingAction.NOTIFY)(viewer, meeting)
    if refusal is None and timezone.now() >= meeting.starts_at:
        return not_now("会议已开始，不能再发送会议通知", "meeting_started")
    return refusal


def _reply(viewer: Any, meeting: Meeting) -> Refusal | None:
    """参会回执: the invited person or the invited unit's people who may know the meeting (a 涉密会议 is not
    answered by someone not cleared for it); the staff record one for someone."""
    if not is_meeting_office(viewer) and not (
        meeting.attendees.filter(invitations_q(viewer)).exists() and can(viewer, meeting)
    ):
        return not_allowed(NOT_INVITED, "not_invited")
    return _replies_open(meeting)


def _press_replies(viewer: Any, meeting: Meeting) -> Refusal | None:
    """催报: the staff remind those who have not replied."""
    if not is_meeting_office(viewer):
        return not_allowed(OFFICE_ONLY, "not_meeting_office")
    refusal = _replies_open(meeting)
    if refusal is not None:
        return refusal
    if not meeting.attendees.filter(reply="").exclude(role="staff").exists():
        return not_now("参会人员均已回执", "all_replied")
    return None


# --- agenda, materials and secrecy (the agenda part) ---------------------------------------------------------

# The agenda may change until the meeting starts; its materials are sent in until it is closed (late ones are
# flagged, not refused); the secrecy checklist and the numbered copies belong to a meeting on the calendar.
AGENDA_STATES = (MeetingState.DRAFT, MeetingState.PENDING, MeetingState.APPROVED, MeetingState.NOTIFIED)
SECRECY_STATES = (MeetingState.APPROVED, MeetingState.NOTIFIED)
SECRECY_STAFF_ONLY = "仅会务人员或保密员可以办理涉密会议的保密事项"


def is_classified_meeting(meeting: Meeting) -> bool:
    """涉密会议: a meeting classified as a state secret (秘密 and above)."""
    return Classification(meeting.classification).is_state_secret


def is_secrecy_staff(viewer: Any) -> bool:
    """Who records a 涉密会议's checks and numbered copies: the meeting staff or a 保密员."""
    return is_meeting_office(viewer) or bool(viewer.has_role(Role.SECRECY_OFFICER))


def _agenda(viewer: Any, meeting: Meeting) -> Refusal | None:
    """编排议题: the applying unit's people or the meeting staff, before the meeting starts."""
    # The applying unit's people as far as the access policy lets them see the meeting (a 涉密会议 only
    # those cleared for it).
    if not (is_meeting_office(viewer) or (is_applicant(viewer, meeting) and can(viewer, meeting))):
        return not_allowed("只有申请单位人员或会务人员可以编排议题", "not_applicant")
    if meeting.state not in AGENDA_STATES:
        return not_now("会议已结束或未能召开，不能再编排议题", "agenda_closed")
    if timezone.now() >= meeting.starts_at:
        return not_now("会议已经开始，不能再编排议题", "meeting_started")
    return None


def _material(viewer: Any, meeting: Meeting) -> Refusal | None:
    """报送议题材料: a topic's presenter or their unit's people (or the meeting staff), until the meeting is
    closed; which topic is theirs the service checks against the topic chosen."""
    if not is_meeting_office(viewer):
        person = getattr(viewer, "person_or_none", None)
        unit_id = getattr(viewer, "unit_id", None)
        if (
            person is None
            or not can(viewer, meeting)
            or not Topic.objects.filter(
                Q(presenter_id=person.pk) | Q(presenter_unit_id=unit_id or 0), meeting=meeting
            ).exists()
        ):
            return not_allowed("只有议题的汇报人、汇报单位或会务人员可以报送材料", "not_presenter")
    if meeting.state not in AGENDA_STATES:
        return not_now("会议已结束或未能召开，不能再报送材料", "materials_closed")
    return None


def _secrecy(viewer: Any, meeting: Meeting) -> Refusal | None:
    """保密检查 and 材料份号: the meeting staff or a 保密员, on a 涉密会议 that is on the calendar."""
    if not is_secrecy_staff(viewer):
        return not_allowed(SECRECY_STAFF_ONLY, "not_secrecy_staff")
    if not is_classified_meeting(meeting):
        return not_now("非涉密会议无需保密检查和材料份号登记", "meeting_not_classified")
    if meeting.state not in SECRECY_STATES:
        return not_now("会议未批准或已结束，不能办理保密事项", "secrecy_closed")
    return None


def copies_out(meeting: Meeting) -> int:
    """How many numbered copies of the meeting's materials are still out."""
    return MaterialCopy.objects.filter(meeting=meeting, returned_at__isnull=True).count()


def checks_missing(meeting: Meeting) -> list[str]:
    """The checklist items not yet recorded for the meeting, in the checklist's order."""
    done = set(SecrecyCheckEntry.objects.filter(meeting=meeting).values_list("item", flat=True))
    return [item for item in SecrecyCheck.values if item not in done]


def closing_refusal(meeting: Meeting) -> Refusal | None:
    """What a meeting lacks before it may be closed: every numbered copy back, and for a 涉密会议 the
    checklist complete."""
    out = copies_out(meeting)
    if out:
        return not_now(f"尚有{out}份涉密材料未收回，不能结束会议", "copies_outstanding")
    if is_classified_meeting(meeting):
        missing = checks_missing(meeting)
        if missing:
            labels = "、".join(str(SecrecyCheck(item).label) for item in missing)
            return not_now(f"保密检查尚未完成：{labels}", "secrecy_checklist_incomplete")
    return None


def _close(viewer: Any, meeting: Meeting) -> Refusal | None:
    """结束会议: the meeting staff, a notified meeting, every copy back and the checklist complete."""
    return office(MeetingAction.CLOSE)(viewer, meeting) or closing_refusal(meeting)


# --- seating and sign-in (the seating part) -----------------------------------------------------------------

NOT_ACTIVE = "会议未批准或已结束，不能办理"
# Wrong sign-in codes one invitation may give before the code is refused (until sign-in is opened again).
MAX_WRONG_SIGN_IN_CODES = 5


def _active(meeting: Meeting) -> Refusal | None:
    if meeting.state not in ACTIVE_STATES:
        return not_now(NOT_ACTIVE, "meeting_not_active")
    return None


def _office_active(viewer: Any, meeting: Meeting) -> Refusal | None:
    """排座次、开启签到、代为签到: the meeting staff, while the meeting is still to be held."""
    if not is_meeting_office(viewer):
        return not_allowed(OFFICE_ONLY, "not_meeting_office")
    return _active(meeting)


def _mark_present(viewer: Any, meeting: Meeting) -> Refusal | None:
    """代为签到: the meeting staff, while someone invited has not signed in."""
    refusal = _office_active(viewer, meeting)
    if refusal is not None:
        return refusal
    waiting = Attendee.objects.filter(meeting=meeting, signed_in_at__isnull=True)
    if not waiting.exclude(role=AttendeeRole.STAFF).exists():
        return not_now("参会人员均已签到", "all_signed_in")
    return None


def attendee_of(viewer: Any, meeting: Meeting) -> Attendee | None:
    """The viewer's invitation to the meeting as the one expected in the room: invited by name (or named by
    their unit) and not replaced, or sent as a substitute."""
    person_id = getattr(getattr(viewer, "person_or_none", None), "pk", None)
    if person_id is None:
        return None
    own = Q(person_id=person_id) & ~Q(reply=ReplyState.SUBSTITUTE, substitute__isnull=False)
    sent = Q(reply=ReplyState.SUBSTITUTE, substitute_id=person_id)
    return (
        Attendee.objects.filter(meeting=meeting)
        .exclude(role=AttendeeRole.STAFF)
        .filter(own | sent)
        .order_by("sort_order", "id")
        .first()
    )


def _sign_in(viewer: Any, meeting: Meeting) -> Refusal | None:
    """签到: whom the room expects, with the code, while it is valid, once."""
    attendee = attendee_of(viewer, meeting)
    if attendee is None:
        return not_allowed("您不在本次会议的参会名单中", "not_attendee")
    refusal = _active(meeting)
    if refusal is not None:
        return refusal
    if not meeting.sign_in_code or meeting.sign_in_expires_at is None:
        return not_now("本次会议尚未开始签到", "sign_in_not_open")
    if meeting.sign_in_expires_at <= timezone.now():
        return not_now("签到码已过期", "sign_in_code_expired")
    if attendee.signed_in_at is not None:
        return not_now("您已签到，无需重复签到", "already_signed_in")
    if attendee.sign_in_failures >= MAX_WRONG_SIGN_IN_CODES:
        return not_now("签到码错误次数过多，请联系会务人员签到", "sign_in_throttled")
    return None


# --- application and approval (the application part) ---------------------------------------------------------


def open_approval_step(meeting: Meeting, viewer: Any) -> Any:
    """The viewer's open step in the meeting's current approval chain (None: they have none)."""
    from zhongshu.workflow.models import Step
    from zhongshu.workflow.states import StepState

    if meeting.workflow_id is None or getattr(viewer, "pk", None) is None:
        return None
    return (
        Step.objects.select_related("workflow", "assignee")
        .filter(workflow_id=meeting.workflow_id, assignee__user_id=viewer.pk, state=StepState.OPEN)
        .first()
    )


NO_OPEN_STEP = "您在本会议申请当前环节没有待办事项"


def _step_holder(action: str, *, director_only: bool = False) -> Rule[Meeting]:
    """批准 and 退回 belong to whoever holds the chain's open step (the director, then a named leader);
    不予批准 and 合并召开 to the office director holding it."""

    def rule(viewer: Any, meeting: Meeting) -> Refusal | None:
        if director_only and not may_approve_meetings(viewer):
            return not_allowed(APPROVER_ONLY, "not_approver")
        refusal = transition(meeting, action)
        if refusal is not None:
            return refusal
        if open_approval_step(meeting, viewer) is None:
            return not_allowed(NO_OPEN_STEP, "no_open_step")
        if action == MeetingAction.APPROVE:
            from zhongshu.meetings.reduction import quota_refusal_message

            message = quota_refusal_message(meeting)
            if message:
                return not_now(message, "quota_exhausted")
        return None

    return rule


def _quota_override(viewer: Any, meeting: Meeting) -> Refusal | None:
    """A leader's consent beyond the unit's yearly quota: a leader records their own, the office director
    records one naming the leader; only while the application waits and the quota is used up, once."""
    from zhongshu.meetings.reduction import meeting_quota_overridden, meeting_quota_status

    if not (viewer.has_role(Role.LEADER) or may_approve_meetings(viewer)):
        return not_allowed("只有领导或办公室主任可以记录突破会议额度", "not_leader")
    if meeting.state != MeetingState.PENDING:
        return not_now(f"会议{meeting.get_state_display()}，无需同意突破额度", "not_pending")
    if meeting_quota_overridden(meeting):
        return not_now("本会议已获同意突破额度", "already_overridden")
    if not meeting_quota_status(meeting).exhausted:
        return not_now("本单位该类会议额度尚未用完，无需同意突破", "quota_not_exhausted")
    return None


def _cancel(viewer: Any, meeting: Meeting) -> Refusal | None:
    """取消: the applying unit or the meeting staff; an application on its way is withdrawn by whoever
    submitted it (the workflow's chain is theirs to cancel)."""
    refusal = applicant(MeetingAction.CANCEL)(viewer, meeting)
    if refusal is not None or meeting.state != MeetingState.PENDING or meeting.workflow_id is None:
        return refusal
    workflow = meeting.workflow
    if workflow is not None and workflow.created_by_id != getattr(viewer, "pk", None):
        return not_allowed("报批中的会议申请只能由报批人撤回", "not_starter")
    return None


RULES: ActionRules[Meeting] = ActionRules(
    "会议",
    {
        "edit": applicant(MeetingAction.EDIT),
        "submit": applicant(MeetingAction.SUBMIT),
        "approve": _step_holder(MeetingAction.APPROVE),
        "return": _step_holder(MeetingAction.RETURN),
        "refuse": _step_holder(MeetingAction.REFUSE, director_only=True),
        "merge": _step_holder(MeetingAction.MERGE, director_only=True),
        "quota_override": _quota_override,
        "schedule": office(MeetingAction.SCHEDULE),
        "notify": _notify,
        "close": _close,
        "cancel": _cancel,
        "reply": _reply,
        "press_replies": _press_replies,
        "draft_minutes": _draft_minutes,
        "record_decision": _record_decision,
        "agenda": _agenda,
        "material": _material,
        "secrecy": _secrecy,
        "seat": _office_active,
        "open_sign_in": _office_active,
        "mark_present": _mark_present,
        "sign_in": _sign_in,
    },
)


# --- leaders' engagements (the schedule part) ------------------------------------------------------------------


def may_add_engagement(viewer: Any) -> bool:
    """领导活动安排 are entered by the office's meeting staff."""
    return is_meeting_office(viewer)


def _engagement_office(viewer: Any, engagement: Engagement) -> Refusal | None:
    if not is_meeting_office(viewer):
        return not_allowed(OFFICE_ONLY, "not_meeting_office")
    return None


ENGAGEMENT_RULES: ActionRules[Engagement] = ActionRules(
    "领导活动", {"edit": _engagement_office, "delete": _engagement_office}
)
