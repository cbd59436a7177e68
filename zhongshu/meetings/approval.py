"""审批: what the approval chain of an application does to the meeting, from whichever page it is decided
(the meeting's page or the workflow's generic step page), and the director's own decisions on the meeting
page: 不予批准 and 合并召开, and a leader's recorded consent beyond the unit's yearly quota (精文减会).

The workflow calls the hooks below inside the step's own transaction (`workflow.subjects`): the chain's last
approval moves the meeting to 已批准 — refused, and the step rolled back, when the unit's quota of the type is
used up without a leader's consent or when a new double booking appeared; a return sends it back to the
applicant as a draft; a cancelled chain cancels the application. 不予批准 and 合并召开 first move the meeting,
then return the director's step so the chain ends; the return hook then finds the meeting decided already.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max

from zhongshu.accounts.actors import Actor
from zhongshu.base.roles import Role
from zhongshu.core.errors import ServiceError
from zhongshu.meetings.actions import RULES, open_approval_step
from zhongshu.meetings.application import (
    REASON_MAX,
    expected_attendees,
    plan_conflicts,
    plan_of,
    refusals_audited_as,
)
from zhongshu.meetings.models import Attendee, Meeting, Topic
from zhongshu.meetings.reduction import (
    MERGEABLE_STATES,
    meeting_quota_status,
    meeting_year,
    quota_kind_code,
    quota_refusal_message,
)
from zhongshu.meetings.scheduling import check_room, conflict_summary
from zhongshu.meetings.services import audit, bump, locked, meeting_url, record_event
from zhongshu.meetings.states import MEETING_MACHINE, MeetingAction, MeetingState
from zhongshu.notifications.services import notify
from zhongshu.org.models import Person, Unit
from zhongshu.quotas.models import QuotaOverride
from zhongshu.quotas.services import quota_override_record
from zhongshu.workflow.services import step_approve, step_return
from zhongshu.workflow.subjects import SubjectHooks, WorkflowOutcome, register_subject


def _reason(reason: str, *, label: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(f"请填写{label}", code="reason_required", field="reason")
    if len(reason) > REASON_MAX:
        raise ServiceError(f"{label}不能超过{REASON_MAX}字", code="too_long", field="reason")
    return reason


def _tell_applicant(meeting: Meeting, *, kind: str, title: str, body: str = "") -> None:
    notify(
        recipient=meeting.created_by,
        about=meeting,
        kind=kind,
        title=title,
        body=body,
        link=meeting_url(meeting),
        dedupe_key=f"{kind}.{meeting.pk}.{meeting.version}",
    )


# --- the workflow's hooks ----------------------------------------------------------------------------------


def _subject_of(outcome: WorkflowOutcome) -> Meeting | None:
    """The meeting, locked, when `outcome` is about its current chain (not an earlier, returned one)."""
    meeting = Meeting.objects.select_for_update().filter(pk=outcome.workflow.object_id).first()
    if meeting is None or meeting.workflow_id != outcome.workflow.pk:
        return None
    return meeting


def check_approvable(meeting: Meeting, *, by: Actor) -> None:
    """What the last approval needs: the quota not used up (or a leader's consent recorded), and no double
    booking that the office has not kept with a reason."""
    message = quota_refusal_message(meeting)
    if message:
        raise ServiceError(message, code="quota_exhausted")
    if not meeting.conflict_override:
        conflicts = plan_conflicts(plan_of(meeting), viewer=by, exclude_meeting_id=meeting.pk)
        if conflicts:
            raise ServiceError(
                f"时间冲突：{conflict_summary(conflicts)}。请退回申请单位调整时间或会议室",
                code="meeting_conflict",
            )


def meeting_workflow_approved(outcome: WorkflowOutcome) -> None:
    """The chain's last approval: 已批准 at the step's time, the applicant told."""
    meeting = _subject_of(outcome)
    if meeting is None or meeting.state != MeetingState.PENDING:
        return
    check_approvable(meeting, by=outcome.by)
    meeting.state = MEETING_MACHINE.next(meeting.state, MeetingAction.APPROVE)
    meeting.decision_reason = outcome.opinion[:REASON_MAX]
    bump(meeting, "state", "decision_reason")
    record_event(meeting, action=MeetingAction.APPROVE, by=outcome.by, note=outcome.opinion)
    status = meeting_quota_status(meeting)
    audit(
        meeting, by=outcome.by, action=MeetingAction.APPROVE, quota_used=status.used, quota_limit=status.limit
    )
    _tell_applicant(
        meeting, kind="meetings.approved", title=f"会议申请已批准：{meeting.title}", body=outcome.opinion
    )


def meeting_workflow_returned(outcome: WorkflowOutcome) -> None:
    """退回修改: the application goes back to its unit as a draft, with the reason."""
    meeting = _subject_of(outcome)
    if meeting is None or meeting.state != MeetingState.PENDING:
        return  # refused or merged: the meeting was decided before the step was returned
    meeting.state = MEETING_MACHINE.next(meeting.state, MeetingAction.RETURN)
    meeting.decision_reason = outcome.reason[:REASON_MAX]
    bump(meeting, "state", "decision_reason")
    record_event(meeting, action=MeetingAction.RETURN, by=outcome.by, note=outcome.reason)
    audit(meeting, by=outcome.by, action=MeetingAction.RETURN)


def meeting_workflow_resubmitted(outcome: WorkflowOutcome) -> None:
    """A returned application is changed and submitted again from the meeting's page (a new chain), where
    its checks run; the old chain is not sent on."""
    if Meeting.objects.filter(pk=outcome.workflow.object_id).exists():
        raise ServiceError("会议申请请在会议页面修改后重新报批", code="resubmit_on_meeting_page")


def meeting_workflow_cancelled(outcome: WorkflowOutcome) -> None:
    """The chain withdrawn by whoever submitted it (on the workflow's page): the application is cancelled."""
    meeting = _subject_of(outcome)
    if meeting is None or meeting.state not in (MeetingState.PENDING, MeetingState.DRAFT):
        return
    meeting.state = MEETING_MACHINE.next(meeting.state, MeetingAction.CANCEL)
    meeting.decision_reason = outcome.reason[:REASON_MAX]
    bump(meeting, "state", "decision_reason")
    record_event(meeting, action=MeetingAction.CANCEL, by=outcome.by, note=outcome.reason)
    audit(meeting, by=outcome.by, action=MeetingAction.CANCEL, from_state=MeetingState.PENDING)


def register() -> None:
    register_subject(
        Meeting,
        SubjectHooks(
            on_approved=meeting_workflow_approved,
            on_returned=meeting_workflow_returned,
            on_resubmitted=meeting_workflow_resubmitted,
            on_cancelled=meeting_workflow_cancelled,
        ),
    )


# --- the approver's actions on the meeting's page ------------------------------------------------------------


@refusals_audited_as(MeetingAction.APPROVE)
def meeting_approve(*, meeting: Meeting, by: Actor, opinion: str = "", version: int | None = None) -> Meeting:
    """批准: the approver's own step of the chain is approved; the last one moves the meeting (the hook)."""
    opinion = (opinion or "").strip()
    if len(opinion) > REASON_MAX:
        raise ServiceError(f"审批意见不能超过{REASON_MAX}字", code="too_long", field="opinion")
    with transaction.atomic():
        meeting = locked(meeting, version)
        RULES.require(MeetingAction.APPROVE, by, meeting)
        step = open_approval_step(meeting, by)
        assert step is not None
        step_approve(step=step, by=by, opinion=opinion)
    return Meeting.objects.get(pk=meeting.pk)


@refusals_audited_as(MeetingAction.RETURN)
def meeting_return(*, meeting: Meeting, by: Actor, reason: str, version: int | None = None) -> Meeting:
    """退回修改: the approver returns the application to its unit with a reason (the hook moves it)."""
    reason = _reason(reason, label="退回理由")
    with transaction.atomic():
        meeting = locked(meeting, version)
        RULES.require(MeetingAction.RETURN, by, meeting)
        step = open_approval_step(meeting, by)
        assert step is not None
        step_return(step=step, by=by, reason=reason)
    return Meeting.objects.get(pk=meeting.pk)


@refusals_audited_as(MeetingAction.REFUSE)
def meeting_refuse(*, meeting: Meeting, by: Actor, reason: str, version: int | None = None) -> Meeting:
    """不予批准, with the reason: the meeting is refused and the chain ended by returning the step."""
    reason = _reason(reason, label="不予批准的理由")
    with transaction.atomic():
        meeting = locked(meeting, version)
        RULES.require(MeetingAction.REFUSE, by, meeting)
        step = open_approval_step(meeting, by)
        assert step is not None
        meeting.state = MEETING_MACHINE.next(meeting.state, MeetingAction.REFUSE)
        meeting.decision_reason = reason
        bump(meeting, "state", "decision_reason")
        step_return(step=step, by=by, reason=f"不予批准：{reason}")
        record_event(meeting, action=MeetingAction.REFUSE, by=by, note=reason)
        audit(meeting, by=by, action=MeetingAction.REFUSE)
        _tell_applicant(
            meeting, kind="meetings.refused", title=f"会议申请不予批准：{meeting.title}", body=reason
        )
    return meeting


def merge_targets(meeting: Meeting, viewer: Any) -> list[Meeting]:
    """The meetings this application may be merged into: others the viewer may see that are applied or
    approved and not yet held, from a week before to a month after it."""
    from datetime import timedelta

    from zhongshu.access.policy import visible

    return list(
        visible(Meeting.objects.all(), viewer)
        .filter(
            state__in=MERGEABLE_STATES,
            starts_at__gte=meeting.starts_at - timedelta(days=7),
            starts_at__lt=meeting.starts_at + timedelta(days=31),
        )
        .exclude(pk=meeting.pk)
        .order_by("starts_at", "id")[:50]
    )


@refusals_audited_as(MeetingAction.MERGE)
def meeting_merge(
    *, meeting: Meeting, by: Actor, into: Meeting, reason: str = "", version: int | None = None
) -> Meeting:
    """合并召开: the application is merged into `into` (applied or approved, not yet held): its attendees and
    topics move over, it points at `into` (已合并), and its chain ends. Both pages say so."""
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise ServiceError(f"合并说明不能超过{REASON_MAX}字", code="too_long", field="reason")
    if into.pk == meeting.pk:
        raise ServiceError("不能并入本会议", code="merge_into_self", field="into")
    with transaction.atomic():
        # Lock both in id order, so two merges the other way round wait instead of deadlocking.
        first, second = sorted([meeting.pk, into.pk])
        list(Meeting.objects.select_for_update().filter(pk__in=[first, second]).order_by("pk"))
        meeting = locked(meeting, version)
        into = locked(into)
        RULES.require(MeetingAction.MERGE, by, meeting)
        if into.state not in MERGEABLE_STATES:
            raise ServiceError(
                f"《{into.title}》{into.get_state_display()}，不能并入",
                code="merge_target_closed",
                field="into",
            )
        step = open_approval_step(meeting, by)
        assert step is not None
        moved_people, moved_units = _move_attendees(meeting, into)
        plan = plan_of(into)
        check_room(into, into.room, attendees=expected_attendees(plan))
        moved_topics = _move_topics(meeting, into)
        into.need_to_know_people.add(*moved_people)
        into.need_to_know_units.add(*moved_units)
        meeting.state = MEETING_MACHINE.next(meeting.state, MeetingAction.MERGE)
        meeting.merged_into = into
        meeting.decision_reason = reason or f"并入《{into.title}》合并召开"
        bump(meeting, "state", "merged_into", "decision_reason")
        bump(into)
        step_return(
            step=step, by=by, reason=f"合并召开：并入《{into.title}》" + (f"。{reason}" if reason else "")
        )
        note = f"并入《{into.title}》" + (f"：{reason}" if reason else "")
        record_event(meeting, action=MeetingAction.MERGE, by=by, note=note)
        record_event(into, action="merged_in", by=by, note=f"《{meeting.title}》并入本会议")
        audit(meeting, by=by, action=MeetingAction.MERGE, into=into.pk)
        audit(
            into,
            by=by,
            action="merged_in",
            merged=meeting.pk,
            people=len(moved_people),
            units=len(moved_units),
            topics=moved_topics,
        )
        _tell_applicant(
            meeting, kind="meetings.merged", title=f"会议申请已合并召开：{meeting.title}", body=note
        )
    return meeting


def _move_attendees(meeting: Meeting, into: Meeting) -> tuple[list[Person], list[Unit]]:
    there: set[tuple[int | None, int | None]] = set(into.attendees.values_list("person_id", "unit_id"))
    order = (into.attendees.aggregate(last=Max("sort_order"))["last"] or 0) + 1
    people: list[Person] = []
    units: list[Unit] = []
    for attendee in meeting.attendees.select_related("person", "unit").order_by("sort_order", "id"):
        key = (attendee.person_id, attendee.unit_id)
        if key in there:
            continue
        there.add(key)
        Attendee.objects.create(
            meeting=into, person=attendee.person, unit=attendee.unit, role=attendee.role, sort_order=order
        )
        order += 1
        if attendee.person is not None:
            people.append(attendee.person)
        if attendee.unit is not None:
            units.append(attendee.unit)
    return people, units


def _move_topics(meeting: Meeting, into: Meeting) -> int:
    titles = set(into.topics.values_list("title", flat=True))
    order = (into.topics.aggregate(last=Max("order"))["last"] or 0) + 1
    moved = 0
    for topic in meeting.topics.order_by("order", "id"):
        if topic.title in titles:
            continue
        Topic.objects.create(
            meeting=into,
            order=order,
            title=topic.title,
            presenter=topic.presenter,
            presenter_unit=topic.presenter_unit,
            minutes_planned=topic.minutes_planned,
        )
        order += 1
        moved += 1
    return moved


@refusals_audited_as("quota_override")
def meeting_quota_override(
    *, meeting: Meeting, by: Actor, reason: str, leader: Person | None = None
) -> QuotaOverride:
    """A leader's consent to this meeting beyond the unit's yearly quota of its type, recorded by the leader
    or, naming the leader, by the office director; the approval may then go on."""
    reason = _reason(reason, label="突破额度的书面说明")
    person = getattr(by, "person_or_none", None)
    if by.has_role(Role.LEADER) and person is not None and person.is_leader and leader is None:
        leader = person
    if leader is None:
        raise ServiceError("请选择同意突破额度的领导", code="leader_required", field="leader")
    if not by.has_role(Role.OFFICE_DIRECTOR) and (person is None or leader.pk != person.pk):
        raise ServiceError("领导只能记录本人的同意", code="not_own_consent", field="leader")
    if not leader.is_leader:
        raise ServiceError(f"{leader.name}不是领导", code="leader_not_leader", field="leader")
    with transaction.atomic():
        meeting = locked(meeting)
        RULES.require("quota_override", by, meeting)
        override = quota_override_record(
            by=by,
            kind=quota_kind_code(meeting.meeting_type),
            unit_id=meeting.applicant_unit_id,
            year=meeting_year(meeting),
            record=meeting,
            reason=reason,
            leader=leader,
        )
        bump(meeting)
        record_event(meeting, action="quota_override", by=by, note=f"{leader.name}同意：{reason}")
        audit(meeting, by=by, action="quota_override", leader=leader.pk)
    return override
