"""申请会议 through the services: apply, the checks (end before start, room over capacity, double booking and
the office's override), submit on the workflow, approval from the generic step page, return, refusal, merge,
cancel — with nothing half-saved when a check refuses."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from zhongshu.audit.models import AuditEvent
from zhongshu.core.errors import ServiceError
from zhongshu.meetings import application, approval
from zhongshu.meetings.application import MeetingPlan
from zhongshu.meetings.models import Attendee, AttendeeRole, Meeting, MeetingType, Topic
from zhongshu.meetings.states import MeetingState
from zhongshu.notifications.models import OutboxMessage
from zhongshu.workflow.models import Step, Workflow
from zhongshu.workflow.services import step_approve, workflow_cancel, workflow_resubmit
from zhongshu.workflow.states import StepState, WorkflowState


def at(days: int, hour: int = 9) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour))


def plan(county, **fields) -> MeetingPlan:
    values = {
        "title": "防汛工作专题会",
        "meeting_type": MeetingType.TOPIC,
        "starts_at": at(10),
        "ends_at": at(10, 11),
        "purpose": "部署汛期工作",
        "room": county.rooms["small"],
        "people": [county.leaders[2], county.bureau_head],
        "units": [county.second_bureau],
        "topics": ["汛期形势分析", "", "  物资储备  ", "汛期形势分析"],
        "chair": county.leaders[2],
    }
    values.update(fields)
    return MeetingPlan(**values)


def applied(county, **fields) -> Meeting:
    return application.meeting_apply(by=county.bureau_liaison.user, plan=plan(county, **fields))


def submitted(county, **fields) -> Meeting:
    meeting = applied(county, **fields)
    return application.meeting_submit(meeting=meeting, by=county.bureau_liaison.user)


def open_step(meeting: Meeting) -> Step:
    return Step.objects.get(workflow_id=meeting.workflow_id, state=StepState.OPEN)


def test_an_application_is_a_draft_of_the_unit_with_its_people_units_and_topics(county):
    meeting = applied(county)
    assert meeting.state == MeetingState.DRAFT
    assert meeting.applicant_unit == county.bureau
    assert meeting.owner_unit == county.bureau
    rows = list(meeting.attendees.order_by("sort_order"))
    assert [(a.person, a.unit, a.role) for a in rows] == [
        (county.leaders[2], None, AttendeeRole.CHAIR),
        (county.bureau_head, None, AttendeeRole.ATTEND),
        (None, county.second_bureau, AttendeeRole.ATTEND),
    ]
    assert list(meeting.topics.values_list("order", "title")) == [(1, "汛期形势分析"), (2, "物资储备")]
    # 知悉范围: the invited people and units.
    assert set(meeting.need_to_know_people.all()) == {county.leaders[2], county.bureau_head}
    assert set(meeting.need_to_know_units.all()) == {county.second_bureau}
    assert not meeting.towns_must_attend
    assert AuditEvent.objects.filter(action="meetings.apply", object_id=str(meeting.pk)).exists()


def test_inviting_a_town_means_the_towns_must_attend(county):
    meeting = applied(county, units=county.towns)
    assert meeting.towns_must_attend


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"ends_at": at(10, 8)}, "meeting_ends_before_start"),
        ({"ends_at": at(10, 9)}, "meeting_ends_before_start"),
        ({"title": "  "}, "title_required"),
        ({"room": None}, "venue_required"),
        ({"expected_count": 13}, "room_over_capacity"),
        ({"meeting_type": "party"}, "unknown_meeting_type"),
    ],
)
def test_bad_applications_are_refused_and_nothing_is_saved(county, fields, code):
    with pytest.raises(ServiceError) as refused:
        applied(county, **fields)
    assert refused.value.code == code
    assert refused.value.message
    assert not Meeting.objects.exists()
    assert not Attendee.objects.exists() and not Topic.objects.exists()


def test_more_people_than_the_room_holds_is_refused(county):
    from zhongshu.testing.factories import make_person

    crowd = [make_person(f"参会{n}", unit=county.bureau) for n in range(12)]
    with pytest.raises(ServiceError) as refused:
        applied(county, people=crowd)  # 12 + the chair + one unit > 12 seats
    assert refused.value.code == "room_over_capacity"
    assert "12" in refused.value.message


def test_a_double_booked_leader_is_refused_unless_the_office_keeps_it_with_a_reason(county):
    other = county.make_meeting(
        "县长办公会", starts_at=at(10, 10), attendees=[county.leaders[2]], room="first"
    )
    with pytest.raises(ServiceError) as refused:
        applied(county)
    assert refused.value.code == "meeting_conflict"
    assert "陈副县长" in refused.value.message
    # Only the office may keep a conflict.
    with pytest.raises(ServiceError) as refused:
        applied(county, conflict_override="领导同意")
    assert refused.value.code == "not_meeting_office"
    assert Meeting.objects.count() == 1
    kept = application.meeting_apply(
        by=county.clerk.user, plan=plan(county, conflict_override="书记指示必须本周召开")
    )
    assert kept.conflict_override == "书记指示必须本周召开"
    event = AuditEvent.objects.get(action="meetings.conflict_override", object_id=str(kept.pk))
    assert event.details["reason"] == "书记指示必须本周召开"
    assert other.title in event.details["conflicts"][0] or "另有安排" in event.details["conflicts"][0]


def test_a_double_booked_room_is_refused(county):
    county.make_meeting("局务会", starts_at=at(10, 10), attendees=[county.second_head], room="small")
    with pytest.raises(ServiceError) as refused:
        applied(county)
    assert refused.value.code == "meeting_conflict"
    assert "第三会议室" in refused.value.message


def test_submit_starts_a_chain_to_the_director_and_approving_on_the_step_page_approves_the_meeting(county):
    meeting = submitted(county)
    assert meeting.state == MeetingState.PENDING
    step = open_step(meeting)
    assert step.assignee == county.director
    assert county.director in meeting.need_to_know_people.all()
    # The generic step page calls the workflow's service; the hook moves the meeting.
    step_approve(step=step, by=county.director.user, opinion="同意召开")
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.APPROVED
    assert meeting.decision_reason == "同意召开"
    assert OutboxMessage.objects.filter(
        kind="meetings.approved", recipient=county.bureau_liaison.user
    ).exists()


def test_a_named_leader_approves_after_the_director(county):
    meeting = applied(county)
    application.meeting_submit(meeting=meeting, by=county.bureau_liaison.user, leader=county.leaders[1])
    meeting.refresh_from_db()
    approval.meeting_approve(meeting=meeting, by=county.director.user, opinion="拟同意")
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.PENDING
    assert open_step(meeting).assignee == county.leaders[1]
    approval.meeting_approve(meeting=meeting, by=county.leaders[1].user, opinion="同意")
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.APPROVED


def test_a_returned_application_is_a_draft_again_and_is_submitted_anew(county):
    meeting = submitted(county)
    approval.meeting_return(meeting=meeting, by=county.director.user, reason="请压缩议题")
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.DRAFT
    assert meeting.decision_reason == "请压缩议题"
    first = meeting.workflow
    assert first is not None and first.state == WorkflowState.RETURNED
    # The old chain is not sent on from the workflow page: the meeting's page checks the changed application.
    with pytest.raises(ServiceError) as refused:
        workflow_resubmit(workflow=first, by=county.bureau_liaison.user)
    assert refused.value.code == "resubmit_on_meeting_page"
    application.meeting_edit(
        meeting=meeting, by=county.bureau_liaison.user, plan=plan(county, topics=["汛期形势分析"])
    )
    meeting.refresh_from_db()
    application.meeting_submit(meeting=meeting, by=county.bureau_liaison.user)
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.PENDING
    assert meeting.workflow_id != first.pk
    assert list(meeting.topics.values_list("title", flat=True)) == ["汛期形势分析"]


def test_refusal_needs_a_reason_and_ends_the_chain(county):
    meeting = submitted(county)
    with pytest.raises(ServiceError) as refused:
        approval.meeting_refuse(meeting=meeting, by=county.director.user, reason=" ")
    assert refused.value.code == "reason_required"
    approval.meeting_refuse(meeting=meeting, by=county.director.user, reason="可在全县大会上一并部署")
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.REFUSED
    assert meeting.decision_reason == "可在全县大会上一并部署"
    assert Workflow.objects.get(pk=meeting.workflow_id).state == WorkflowState.RETURNED
    assert not Step.objects.filter(workflow_id=meeting.workflow_id, state=StepState.OPEN).exists()


def test_only_the_director_holding_the_step_decides(county):
    meeting = submitted(county)
    for user in (county.clerk.user, county.bureau_liaison.user, county.leaders[0].user):
        with pytest.raises(ServiceError):
            approval.meeting_refuse(meeting=meeting, by=user, reason="不同意")
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.PENDING


def test_merging_moves_attendees_and_topics_and_both_point_at_each_other(county):
    target = county.make_meeting(
        "全县防汛工作调度会",
        starts_at=at(11),
        attendees=[county.leaders[1], county.bureau_head],
        room="first",
    )
    Topic.objects.create(meeting=target, order=1, title="汛期形势分析")
    meeting = submitted(county)
    approval.meeting_merge(meeting=meeting, by=county.director.user, into=target, reason="议题相近")
    meeting.refresh_from_db()
    target.refresh_from_db()
    assert meeting.state == MeetingState.MERGED
    assert meeting.merged_into == target
    assert list(target.merged.all()) == [meeting]
    people = set(target.attendees.exclude(person=None).values_list("person_id", flat=True))
    assert people == {county.leaders[1].pk, county.bureau_head.pk, county.leaders[2].pk}
    assert target.attendees.filter(unit=county.second_bureau).exists()
    assert list(target.topics.values_list("title", flat=True)) == ["汛期形势分析", "物资储备"]
    assert county.leaders[2] in target.need_to_know_people.all()
    assert not Step.objects.filter(workflow_id=meeting.workflow_id, state=StepState.OPEN).exists()


def test_a_merge_into_a_room_too_small_is_refused_and_nothing_moves(county):
    from zhongshu.testing.factories import make_person

    crowd = [make_person(f"参会{n}", unit=county.bureau) for n in range(10)]
    target = county.make_meeting("小型会", starts_at=at(11), attendees=crowd, room="small")
    meeting = submitted(county)
    with pytest.raises(ServiceError) as refused:
        approval.meeting_merge(meeting=meeting, by=county.director.user, into=target)
    assert refused.value.code == "room_over_capacity"
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.PENDING
    assert target.attendees.count() == 10


def test_a_merge_into_itself_or_a_closed_meeting_is_refused(county):
    meeting = submitted(county)
    closed = county.make_meeting("已开会议", state=MeetingState.CLOSED, starts_at=at(11))
    for into, code in ((meeting, "merge_into_self"), (closed, "merge_target_closed")):
        with pytest.raises(ServiceError) as refused:
            approval.meeting_merge(meeting=meeting, by=county.director.user, into=into)
        assert refused.value.code == code


def test_cancelling_a_pending_application_withdraws_its_chain(county):
    meeting = submitted(county)
    with pytest.raises(ServiceError) as refused:
        application.meeting_cancel(meeting=meeting, by=county.bureau_head.user, reason="不开了")
    assert refused.value.code == "not_starter"
    application.meeting_cancel(meeting=meeting, by=county.bureau_liaison.user, reason="工作已调整")
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.CANCELLED
    assert Workflow.objects.get(pk=meeting.workflow_id).state == WorkflowState.CANCELLED


def test_withdrawing_the_chain_on_the_workflow_page_cancels_the_application(county):
    meeting = submitted(county)
    workflow_cancel(workflow=meeting.workflow, by=county.bureau_liaison.user, reason="撤回")
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.CANCELLED


def test_approval_rechecks_conflicts_booked_since(county):
    meeting = submitted(county)
    county.make_meeting("临时会议", starts_at=at(10, 10), attendees=[county.bureau_head], room="first")
    step = open_step(meeting)
    with pytest.raises(ServiceError) as refused:
        step_approve(step=step, by=county.director.user)
    assert refused.value.code == "meeting_conflict"
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.PENDING
    step.refresh_from_db()
    assert step.state == StepState.OPEN  # the hook's refusal rolled the step back


def test_edit_with_an_old_version_is_refused(county):
    meeting = applied(county)
    application.meeting_edit(meeting=meeting, by=county.bureau_liaison.user, plan=plan(county, title="改名"))
    with pytest.raises(ServiceError) as refused:
        application.meeting_edit(
            meeting=meeting, by=county.bureau_liaison.user, plan=plan(county, title="再改"), version=1
        )
    assert refused.value.code == "meeting_changed"
    meeting.refresh_from_db()
    assert meeting.title == "改名"


def test_a_refused_action_on_a_classified_meeting_is_audited(county):
    from zhongshu.audit.models import Outcome
    from zhongshu.base.levels import Classification

    meeting = county.make_meeting(
        "涉密专题会", state=MeetingState.PENDING, classification=Classification.SECRET, room="secure"
    )
    with pytest.raises(ServiceError):
        approval.meeting_refuse(meeting=meeting, by=county.clerk.user, reason="不同意")
    denied = AuditEvent.objects.get(action="meetings.refuse", object_id=str(meeting.pk))
    assert denied.outcome == Outcome.DENIED
    assert denied.details["code"] in {"not_approver", "no_open_step"}
    # An ordinary meeting's refusal is not audited (nothing secret was touched).
    plain = county.make_meeting("普通会议", state=MeetingState.PENDING)
    with pytest.raises(ServiceError):
        approval.meeting_refuse(meeting=plain, by=county.clerk.user, reason="不同意")
    assert not AuditEvent.objects.filter(action="meetings.refuse", object_id=str(plain.pk)).exists()


def test_editing_keeps_what_the_agenda_gave_a_kept_topic_and_the_approvers_knowledge(county):
    meeting = applied(county)
    kept = meeting.topics.get(title="物资储备")
    kept.presenter = county.bureau_head
    kept.save()
    meeting.need_to_know_people.add(county.director)  # e.g. the approver of an earlier, returned chain
    application.meeting_edit(
        meeting=meeting,
        by=county.bureau_liaison.user,
        plan=plan(county, topics=["物资储备", "新增议题"], people=[county.bureau_head]),
    )
    topics = list(meeting.topics.order_by("order"))
    assert [(t.order, t.title) for t in topics] == [(1, "物资储备"), (2, "新增议题")]
    assert topics[0].pk == kept.pk and topics[0].presenter == county.bureau_head
    knows = set(meeting.need_to_know_people.all())
    assert county.director in knows and county.bureau_head in knows
    # 陈副县长 is still the chair; 钱局长 stays; nobody uninvited stays in the 知悉范围 but the director.
    assert knows == {county.director, county.bureau_head, county.leaders[2]}


def test_a_topic_whose_materials_are_in_cannot_be_dropped_by_an_edit(county):
    meeting = applied(county)
    meeting.topics.filter(title="物资储备").update(materials_submitted_at=timezone.now())
    with pytest.raises(ServiceError) as refused:
        application.meeting_edit(
            meeting=meeting, by=county.bureau_liaison.user, plan=plan(county, topics=["汛期形势分析"])
        )
    assert refused.value.code == "topic_has_materials"
    assert meeting.topics.count() == 2
