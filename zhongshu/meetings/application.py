"""申请会议: a unit applies for a meeting (its type, purpose, topics, who is expected by name and by unit,
whether the towns must attend, when, and the room or the video link), edits the draft, submits it (报批) to the
office director — and optionally a leader — on the workflow app, or cancels it.

Every check is made again at each write: the end after the start (`meeting_ends_before_start`), the room in
use, cleared for a 涉密会议 and big enough for everyone expected (`room_over_capacity`), and no double booking
of the room or of a person invited by name (`meeting_conflict`) unless the office keeps the booking with a
reason (`conflict_override`). What the chain decides is `meetings.approval`'s.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ParamSpec, TypeVar, cast

from django.db import transaction
from django.utils import timezone

from zhongshu.accounts.actors import Actor
from zhongshu.base.levels import Classification
from zhongshu.base.roles import Role
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.meetings.actions import RULES
from zhongshu.meetings.agenda import MAX_TOPICS
from zhongshu.meetings.models import Attendee, AttendeeRole, Meeting, MeetingType, Room, Topic
from zhongshu.meetings.roles import is_meeting_office, may_use_meetings
from zhongshu.meetings.scheduling import (
    Conflict,
    check_room,
    check_span,
    conflict_summary,
    conflicts_for,
)
from zhongshu.meetings.secrecy import check_attendee_clearance, check_room_cleared, refusals_audited
from zhongshu.meetings.services import audit, bump, locked, meeting_url, record_event
from zhongshu.meetings.states import MEETING_MACHINE, MeetingAction, MeetingState
from zhongshu.notifications.services import notify
from zhongshu.org.models import Person, Unit, UnitKind
from zhongshu.workflow.models import Workflow
from zhongshu.workflow.services import StepSpec, workflow_cancel, workflow_start
from zhongshu.workflow.states import StepKind, WorkflowState

WORKFLOW_KIND = "meetings.application"
APPROVAL_WORKDAYS = 2
TITLE_MAX = 100
TOPIC_MAX = 200
REASON_MAX = 500
VENUE_MAX = 200


P = ParamSpec("P")
R = TypeVar("R")


def refusals_audited_as(action: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A service on a meeting (called with `meeting=` and `by=`) whose refusals on a 涉密会议 are audited
    (secrecy.refusals_audited), after its own transaction rolled back."""

    def decorate(service: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(service)
        def audited(*args: P.args, **kwargs: P.kwargs) -> R:
            meeting = cast(Meeting, kwargs["meeting"])
            with refusals_audited(meeting, by=cast(Actor, kwargs["by"]), action=action):
                return service(*args, **kwargs)

        return audited

    return decorate


@dataclass(frozen=True)
class MeetingPlan:
    """What an application says: the same for 申请 and 修改, from the page and the API alike."""

    title: str
    meeting_type: str
    starts_at: datetime | None
    ends_at: datetime | None
    purpose: str = ""
    room: Room | None = None
    is_video: bool = False
    video_venue: str = ""
    chair: Person | None = None
    people: Sequence[Person] = field(default_factory=list)
    units: Sequence[Unit] = field(default_factory=list)
    towns_must_attend: bool = False
    expected_count: int | None = None
    topics: Sequence[str] = field(default_factory=list)
    classification: int = Classification.INTERNAL
    conflict_override: str = ""


@dataclass(frozen=True)
class CheckedPlan:
    plan: MeetingPlan
    title: str
    starts_at: datetime
    ends_at: datetime
    topics: list[str]
    conflicts: list[Conflict]
    towns_must_attend: bool


def plan_people_ids(plan: MeetingPlan) -> list[int]:
    """Who the meeting takes by name: its chair and every invited person."""
    ids = [plan.chair.pk] if plan.chair is not None else []
    return list(dict.fromkeys([*ids, *(person.pk for person in plan.people)]))


def expected_attendees(plan: MeetingPlan) -> int:
    """Everyone expected: the chair and each person by name, one for each unit asked to send someone, or
    the expected count when it says more."""
    return max(len(plan_people_ids(plan)) + len(plan.units), plan.expected_count or 0)


def _topics(raw: Sequence[str]) -> list[str]:
    topics: list[str] = []
    for line in raw:
        clean = " ".join((line or "").split())
        if not clean:
            continue
        if len(clean) > TOPIC_MAX:
            raise ServiceError(f"议题不能超过{TOPIC_MAX}字：{clean[:20]}…", code="too_long", field="topics")
        if clean not in topics:
            topics.append(clean)
    if len(topics) > MAX_TOPICS:
        raise ServiceError(f"一次会议最多{MAX_TOPICS}个议题", code="too_many_topics", field="topics")
    return topics


def plan_conflicts(
    plan: MeetingPlan, *, viewer: Any, exclude_meeting_id: int | None = None
) -> list[Conflict]:
    """The double bookings of the plan's room and people (the viewer sees the titles they may see)."""
    starts_at, ends_at = check_span(starts_at=plan.starts_at, ends_at=plan.ends_at)
    return conflicts_for(
        starts_at=starts_at,
        ends_at=ends_at,
        room_id=plan.room.pk if plan.room is not None else None,
        people_ids=plan_people_ids(plan),
        exclude_meeting_id=exclude_meeting_id,
        viewer=viewer,
    )


def check_plan(plan: MeetingPlan, *, by: Actor, exclude_meeting_id: int | None = None) -> CheckedPlan:
    """Every rule an application must meet; the first broken one is refused with its code and field."""
    title = " ".join((plan.title or "").split())
    if not title:
        raise ServiceError("请填写会议名称", code="title_required", field="title")
    if len(title) > TITLE_MAX:
        raise ServiceError(f"会议名称不能超过{TITLE_MAX}字", code="too_long", field="title")
    if plan.meeting_type not in MeetingType.values:
        raise ServiceError("请选择会议类型", code="unknown_meeting_type", field="meeting_type")
    if len(plan.purpose) > 2000:
        raise ServiceError("会议事由不能超过2000字", code="too_long", field="purpose")
    if len(plan.video_venue.strip()) > VENUE_MAX:
        raise ServiceError(f"视频会场不能超过{VENUE_MAX}字", code="too_long", field="video_venue")
    if plan.classification not in Classification.values or plan.classification > Classification.CONFIDENTIAL:
        raise ServiceError("会议密级无效", code="bad_classification", field="classification")
    starts_at, ends_at = check_span(starts_at=plan.starts_at, ends_at=plan.ends_at)
    if plan.room is None and not plan.is_video:
        raise ServiceError("请选择会议室，或注明为视频会议", code="venue_required", field="room")
    if plan.is_video and plan.room is None and not plan.video_venue.strip():
        raise ServiceError(
            "视频会议请填写视频会场或选择会议室", code="video_venue_required", field="video_venue"
        )
    probe = Meeting(
        is_video=plan.is_video,
        classification=plan.classification,
        expected_count=plan.expected_count,
    )
    check_room_cleared(probe, plan.room)
    check_room(probe, plan.room, attendees=expected_attendees(plan))
    if plan.classification >= Classification.SECRET:
        check_attendee_clearance(probe, [plan.chair, *plan.people])
    topics = _topics(plan.topics)
    override = plan.conflict_override.strip()
    if len(override) > REASON_MAX:
        raise ServiceError(f"冲突说明不能超过{REASON_MAX}字", code="too_long", field="conflict_override")
    if override and not is_meeting_office(by):
        raise Forbidden(
            "只有会务人员可以说明冲突后保留安排", code="not_meeting_office", field="conflict_override"
        )
    conflicts = plan_conflicts(plan, viewer=by, exclude_meeting_id=exclude_meeting_id)
    if conflicts and not override:
        hint = (
            "确需如此安排，请会务人员填写冲突说明"
            if not is_meeting_office(by)
            else "确需如此安排，请填写冲突说明"
        )
        raise ServiceError(
            f"时间冲突：{conflict_summary(conflicts)}。请另选时间或会议室；{hint}",
            code="meeting_conflict",
            field="starts_at",
        )
    towns = plan.towns_must_attend or any(unit.kind == UnitKind.TOWN for unit in plan.units)
    return CheckedPlan(plan, title, starts_at, ends_at, topics, conflicts, towns)


def _write(meeting: Meeting, checked: CheckedPlan) -> None:
    """Put the checked plan on the meeting (saved by the caller) and rewrite its invitations and topics."""
    plan = checked.plan
    meeting.title = checked.title
    meeting.meeting_type = plan.meeting_type
    meeting.purpose = plan.purpose.strip()
    meeting.starts_at, meeting.ends_at = checked.starts_at, checked.ends_at
    meeting.room = plan.room
    meeting.is_video = plan.is_video
    meeting.video_venue = plan.video_venue.strip()
    meeting.chair = plan.chair
    meeting.towns_must_attend = checked.towns_must_attend
    meeting.expected_count = plan.expected_count
    meeting.classification = plan.classification
    meeting.conflict_override = plan.conflict_override.strip() if checked.conflicts else ""


def _invite(meeting: Meeting, checked: CheckedPlan) -> None:
    """Rewrite the invitations (no one has replied to a draft) and the topics: a topic whose title stays keeps
    what the agenda gave it (presenter, planned minutes, materials); one left out is removed, refused when its
    materials are in. The 知悉范围 follows: those no longer invited leave it, others in it (an approver) stay."""
    plan = checked.plan
    before_people = set(meeting.attendees.exclude(person=None).values_list("person_id", flat=True))
    before_units = set(meeting.attendees.exclude(unit=None).values_list("unit_id", flat=True))
    meeting.attendees.all().delete()
    order = 0
    people = list(dict.fromkeys([*([plan.chair] if plan.chair else []), *plan.people]))
    units = list(dict.fromkeys(plan.units))
    for person in people:
        role = (
            AttendeeRole.CHAIR
            if plan.chair is not None and person.pk == plan.chair.pk
            else AttendeeRole.ATTEND
        )
        Attendee.objects.create(meeting=meeting, person=person, role=role, sort_order=order)
        order += 1
    for unit in units:
        Attendee.objects.create(meeting=meeting, unit=unit, role=AttendeeRole.ATTEND, sort_order=order)
        order += 1
    _set_topics(meeting, checked.topics)
    # 知悉范围: the applying unit owns the meeting; the invited people and units learn of it.
    gone_people = before_people - {person.pk for person in people}
    gone_units = before_units - {unit.pk for unit in units}
    if gone_people:
        meeting.need_to_know_people.remove(*gone_people)
    if gone_units:
        meeting.need_to_know_units.remove(*gone_units)
    meeting.need_to_know_people.add(*people)
    meeting.need_to_know_units.add(*units)


def _set_topics(meeting: Meeting, titles: list[str]) -> None:
    existing = {topic.title: topic for topic in Topic.objects.filter(meeting=meeting)}
    for title, topic in existing.items():
        if title not in titles:
            if topic.materials_submitted_at is not None or topic.copies.exists():
                raise ServiceError(
                    f"议题“{title}”的材料已报送，不能删除", code="topic_has_materials", field="topics"
                )
            topic.delete()
    agenda: list[Topic] = []
    for index, title in enumerate(titles, start=1):
        kept = existing.get(title)
        agenda.append(
            kept
            if kept is not None
            else Topic.objects.create(meeting=meeting, order=MAX_TOPICS * 20 + index, title=title)
        )
    # Orders are unique per meeting at every moment: out of the way first, then 1..n.
    for index, topic in enumerate(agenda, start=1):
        Topic.objects.filter(pk=topic.pk).update(order=MAX_TOPICS * 10 + index)
    for index, topic in enumerate(agenda, start=1):
        Topic.objects.filter(pk=topic.pk).update(order=index)


def _audit_conflicts(meeting: Meeting, checked: CheckedPlan, *, by: Actor) -> None:
    if checked.conflicts:
        audit(
            meeting,
            by=by,
            action="conflict_override",
            reason=meeting.conflict_override,
            conflicts=[conflict.text for conflict in checked.conflicts[:20]],
        )


def meeting_apply(*, by: Actor, plan: MeetingPlan) -> Meeting:
    """申请: a draft application of the person's unit, which owns it (报批 is a separate step)."""
    person = getattr(by, "person_or_none", None)
    if person is None or not may_use_meetings(by):
        raise Forbidden("无权申请会议", code="not_allowed")
    checked = check_plan(plan, by=by)
    with transaction.atomic():
        meeting = Meeting(
            state=MeetingState.DRAFT,
            applicant_unit_id=person.unit_id,
            owner_unit_id=person.unit_id,
            owner_person=person,
            created_by=by,
        )
        _write(meeting, checked)
        meeting.save()
        _invite(meeting, checked)
        record_event(meeting, action=MeetingAction.APPLY, by=by)
        audit(meeting, by=by, action=MeetingAction.APPLY, meeting_type=meeting.meeting_type)
        _audit_conflicts(meeting, checked, by=by)
    return meeting


@refusals_audited_as(MeetingAction.EDIT)
def meeting_edit(*, meeting: Meeting, by: Actor, plan: MeetingPlan, version: int | None = None) -> Meeting:
    """修改 a draft (a returned application included): every field, the invitations and the topics."""
    RULES.require(MeetingAction.EDIT, by, meeting)
    checked = check_plan(plan, by=by, exclude_meeting_id=meeting.pk)
    with transaction.atomic():
        meeting = locked(meeting, version)
        RULES.require(MeetingAction.EDIT, by, meeting)
        _write(meeting, checked)
        meeting.version += 1
        meeting.save()
        _invite(meeting, checked)
        record_event(meeting, action=MeetingAction.EDIT, by=by)
        audit(meeting, by=by, action=MeetingAction.EDIT)
        _audit_conflicts(meeting, checked, by=by)
    return meeting


def plan_of(meeting: Meeting) -> MeetingPlan:
    """The meeting's application as a plan (to check it again, or to fill the edit form)."""
    attendees = list(meeting.attendees.select_related("person", "unit"))
    chair_id = meeting.chair_id
    return MeetingPlan(
        title=meeting.title,
        meeting_type=meeting.meeting_type,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        purpose=meeting.purpose,
        room=meeting.room,
        is_video=meeting.is_video,
        video_venue=meeting.video_venue,
        chair=meeting.chair,
        people=[
            a.person
            for a in attendees
            if a.person is not None and a.unit_id is None and a.person_id != chair_id
        ],
        units=[a.unit for a in attendees if a.unit is not None],
        towns_must_attend=meeting.towns_must_attend,
        expected_count=meeting.expected_count,
        topics=list(meeting.topics.values_list("title", flat=True)),
        classification=meeting.classification,
        conflict_override=meeting.conflict_override,
    )


def default_approver() -> Person | None:
    """The office director who decides applications when the applicant names none."""
    return (
        Person.objects.filter(user__groups__name=Role.OFFICE_DIRECTOR.value, user__is_active=True)
        .order_by("id")
        .first()
    )


@refusals_audited_as(MeetingAction.SUBMIT)
def meeting_submit(
    *,
    meeting: Meeting,
    by: Actor,
    approver: Person | None = None,
    leader: Person | None = None,
    version: int | None = None,
) -> Meeting:
    """报批: the draft goes to the office director (and then, when named, a leader) on the workflow app. The
    application is checked again (times, room, conflicts: others may have booked since)."""
    RULES.require(MeetingAction.SUBMIT, by, meeting)
    approver = approver or default_approver()
    if approver is None:
        raise ServiceError("系统中没有办公室主任，无法报批", code="approver_required", field="approver")
    if not approver.user.has_role(Role.OFFICE_DIRECTOR):
        raise ServiceError(
            f"{approver.name}不是办公室主任，不能审批会议申请", code="approver_not_director", field="approver"
        )
    if leader is not None and not leader.is_leader:
        raise ServiceError(f"{leader.name}不是领导", code="leader_not_leader", field="leader")
    with transaction.atomic():
        meeting = locked(meeting, version)
        RULES.require(MeetingAction.SUBMIT, by, meeting)
        _recheck(meeting, by=by)
        stages = [[StepSpec(StepKind.APPROVAL, approver, APPROVAL_WORKDAYS)]]
        if leader is not None and leader.pk != approver.pk:
            stages.append([StepSpec(StepKind.APPROVAL, leader, APPROVAL_WORKDAYS)])
        meeting.need_to_know_people.add(*[spec.assignee for specs in stages for spec in specs])
        workflow = workflow_start(
            subject=meeting, title=f"会议申请：{meeting.title}", kind=WORKFLOW_KIND, stages=stages, by=by
        )
        meeting.state = MEETING_MACHINE.next(meeting.state, MeetingAction.SUBMIT)
        meeting.workflow = workflow
        meeting.decision_reason = ""
        bump(meeting, "state", "workflow", "decision_reason")
        names = "、".join(spec.assignee.name for specs in stages for spec in specs)
        record_event(meeting, action=MeetingAction.SUBMIT, by=by, note=f"报{names}审批")
        audit(
            meeting,
            by=by,
            action=MeetingAction.SUBMIT,
            approver=approver.pk,
            leader=leader.pk if leader else None,
        )
    return meeting


def _recheck(meeting: Meeting, *, by: Actor) -> None:
    """The stored application against today's bookings. A conflict the office kept with a reason stays kept;
    a new one is refused (the office can keep it by editing the draft with a reason)."""
    plan = plan_of(meeting)
    check_room(meeting, meeting.room, attendees=expected_attendees(plan))
    conflicts = plan_conflicts(plan, viewer=by, exclude_meeting_id=meeting.pk)
    if conflicts and not meeting.conflict_override:
        raise ServiceError(
            f"时间冲突：{conflict_summary(conflicts)}。请修改会议时间或会议室后再报批",
            code="meeting_conflict",
            field="starts_at",
        )


def is_starter(meeting: Meeting, by: Actor) -> bool:
    workflow = meeting.workflow
    return workflow is not None and workflow.created_by_id == getattr(by, "pk", None)


@refusals_audited_as(MeetingAction.CANCEL)
def meeting_cancel(*, meeting: Meeting, by: Actor, reason: str, version: int | None = None) -> Meeting:
    """取消: an application withdrawn (its running chain is cancelled too, by whoever submitted it), or a
    meeting called off; the invited are told once they had the notice."""
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("请填写取消理由", code="reason_required", field="reason")
    if len(reason) > REASON_MAX:
        raise ServiceError(f"取消理由不能超过{REASON_MAX}字", code="too_long", field="reason")
    RULES.require(MeetingAction.CANCEL, by, meeting)
    with transaction.atomic():
        meeting = locked(meeting, version)
        RULES.require(MeetingAction.CANCEL, by, meeting)
        was = meeting.state
        running = (
            meeting.workflow_id is not None
            and Workflow.objects.filter(pk=meeting.workflow_id, state=WorkflowState.RUNNING).exists()
        )
        meeting.state = MEETING_MACHINE.next(meeting.state, MeetingAction.CANCEL)
        meeting.decision_reason = reason
        bump(meeting, "state", "decision_reason")
        if running:
            assert meeting.workflow is not None
            # The hook finds the meeting already cancelled and leaves it be.
            workflow_cancel(workflow=meeting.workflow, by=by, reason=f"会议取消：{reason}")
        record_event(meeting, action=MeetingAction.CANCEL, by=by, note=reason)
        audit(meeting, by=by, action=MeetingAction.CANCEL, from_state=was)
        if was == MeetingState.NOTIFIED:
            _tell_invited(meeting, title=f"会议取消：{meeting.title}", body=reason)
    return meeting


def _tell_invited(meeting: Meeting, *, title: str, body: str) -> None:
    people = (
        Person.objects.filter(pk__in=meeting.attendees.exclude(person=None).values("person_id"))
        .select_related("user")
        .order_by("id")
    )
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    for person in people:
        notify(
            recipient=person.user,
            about=meeting,
            kind="meetings.cancelled",
            title=title,
            body=body,
            link=meeting_url(meeting),
            dedupe_key=f"meetings.{meeting.pk}.cancelled.{person.pk}.{stamp}",
        )
