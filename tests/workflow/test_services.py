"""Approval chains: parallel review, return, resubmit, sign-off; opinions kept; illegal moves refused."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.db import IntegrityError, transaction

from zhongshu.audit.models import AuditEvent
from zhongshu.core.errors import Conflict, Forbidden, InvalidTransition, ServiceError
from zhongshu.core.models import AppendOnlyError
from zhongshu.notifications.models import OutboxMessage
from zhongshu.workflow.models import Step, StepEvent, Workflow
from zhongshu.workflow.selectors import open_steps_for, steps_done_by
from zhongshu.workflow.services import (
    StepSpec,
    step_approve,
    step_circle,
    step_comment,
    step_remind,
    step_return,
    workflow_cancel,
    workflow_resubmit,
    workflow_start,
)
from zhongshu.workflow.states import StepState, WorkflowState


def start(subject, people, **extra):
    return workflow_start(
        subject=subject,
        title="关于做好年终工作的通知",
        kind="document.outgoing",
        stages=[
            [StepSpec("review", people["核稿甲"], 3), StepSpec("review", people["核稿乙"], 3)],
            [("countersign", people["会签丙"], None)],
            [StepSpec("sign_off", people["签发领导"], 2)],
        ],
        by=people["拟稿人"].user,
        **extra,
    )


def step_of(workflow, person, **filters):
    return Step.objects.get(workflow=workflow, assignee=person, **filters)


def outbox_titles(person):
    return list(
        OutboxMessage.objects.filter(recipient=person.user).order_by("id").values_list("title", flat=True)
    )


def test_start_opens_only_the_first_stage_and_notifies_its_people(subject, people):
    workflow = start(subject, people)

    states = {step.assignee.name: step.state for step in workflow.steps.select_related("assignee")}
    assert states == {"核稿甲": "open", "核稿乙": "open", "会签丙": "pending", "签发领导": "pending"}
    assert outbox_titles(people["核稿甲"]) == ["待核稿：关于做好年终工作的通知"]
    assert outbox_titles(people["会签丙"]) == []
    assert workflow.state == WorkflowState.RUNNING
    assert AuditEvent.objects.filter(action="workflow.start", object_id=str(workflow.pk)).count() == 1


@time_machine.travel("2025-03-07 10:00 +0800", tick=False)
def test_open_steps_get_their_deadline_in_working_days_from_the_opening_day(subject, people):
    workflow = start(subject, people)

    step = step_of(workflow, people["核稿甲"])
    # Friday 7 March 2025 + 3 working days = Wednesday 12 March.
    assert (step.deadline, step.deadline_start, step.deadline_workdays) == (
        date(2025, 3, 12),
        date(2025, 3, 7),
        3,
    )
    assert step_of(workflow, people["会签丙"]).deadline is None


def test_parallel_review_then_countersign_then_sign_off_approves_the_workflow(subject, people):
    workflow = start(subject, people)

    step_approve(step=step_of(workflow, people["核稿甲"]), by=people["核稿甲"].user, opinion="文字已核")
    assert step_of(workflow, people["会签丙"]).state == StepState.PENDING  # the other reviewer is still open
    step_approve(step=step_of(workflow, people["核稿乙"]), by=people["核稿乙"].user, opinion="同意")
    assert step_of(workflow, people["会签丙"]).state == StepState.OPEN
    step_circle(step=step_of(workflow, people["会签丙"]), by=people["会签丙"].user)
    step_approve(step=step_of(workflow, people["签发领导"]), by=people["签发领导"].user, opinion="同意印发")

    workflow.refresh_from_db()
    assert workflow.state == WorkflowState.APPROVED
    assert workflow.closed_at is not None
    opinions = list(
        StepEvent.objects.filter(step__workflow=workflow, action__in=["approve", "circle"])
        .order_by("id")
        .values_list("actor_name", "action", "opinion")
    )
    assert opinions == [
        ("核稿甲", "approve", "文字已核"),
        ("核稿乙", "approve", "同意"),
        ("会签丙", "circle", "圈阅"),
        ("签发领导", "approve", "同意印发"),
    ]
    assert outbox_titles(people["拟稿人"]) == ["已办结：关于做好年终工作的通知"]


def test_return_cancels_the_parallel_step_and_resubmit_opens_a_new_round_keeping_old_opinions(
    subject, people
):
    workflow = start(subject, people)
    first_a = step_of(workflow, people["核稿甲"])
    first_b = step_of(workflow, people["核稿乙"])
    step_comment(step=first_a, by=people["核稿甲"].user, opinion="第二段数字待核")

    step_return(step=first_b, by=people["核稿乙"].user, reason="主送机关不全")

    workflow.refresh_from_db()
    first_a.refresh_from_db()
    assert workflow.state == WorkflowState.RETURNED
    assert first_a.state == StepState.CANCELLED
    assert outbox_titles(people["拟稿人"]) == ["被退回：关于做好年终工作的通知"]
    assert OutboxMessage.objects.get(recipient=people["拟稿人"].user).body == "核稿乙退回，理由：主送机关不全"

    workflow_resubmit(workflow=workflow, by=people["拟稿人"].user)

    workflow.refresh_from_db()
    assert workflow.state == WorkflowState.RUNNING
    second = {s.assignee.name: s for s in workflow.steps.filter(round=2).select_related("assignee")}
    assert {name: s.state for name, s in second.items()} == {"核稿甲": "open", "核稿乙": "open"}
    # The first round is untouched: its states and every opinion and reason are still there.
    assert list(
        StepEvent.objects.filter(step__in=[first_a, first_b])
        .order_by("id")
        .values_list("action", "opinion", "reason")
    ) == [
        ("open", "", ""),
        ("open", "", ""),
        ("comment", "第二段数字待核", ""),
        ("return", "", "主送机关不全"),
        ("cancel", "", "同一阶段已有人退回"),
    ]
    first_b.refresh_from_db()
    assert first_b.state == StepState.RETURNED

    for name in ("核稿甲", "核稿乙"):
        step_approve(step=second[name], by=people[name].user, opinion="已改，同意")
    step_approve(step=step_of(workflow, people["会签丙"]), by=people["会签丙"].user)
    step_approve(step=step_of(workflow, people["签发领导"]), by=people["签发领导"].user, opinion="签发")
    workflow.refresh_from_db()
    assert workflow.state == WorkflowState.APPROVED


def test_only_the_assignee_may_act_and_nothing_is_saved_otherwise(subject, people):
    workflow = start(subject, people)
    step = step_of(workflow, people["核稿甲"])
    events_before = StepEvent.objects.count()

    with pytest.raises(Forbidden) as raised:
        step_approve(step=step, by=people["核稿乙"].user, opinion="越权")

    assert raised.value.message == "只有本步骤的办理人才能办理"
    step.refresh_from_db()
    assert step.state == StepState.OPEN
    assert StepEvent.objects.count() == events_before


def test_a_pending_step_cannot_be_approved(subject, people):
    workflow = start(subject, people)

    with pytest.raises(InvalidTransition) as raised:
        step_approve(step=step_of(workflow, people["签发领导"]), by=people["签发领导"].user)

    assert raised.value.message == "步骤未开始，不能同意"


def test_an_approved_step_cannot_be_approved_again(subject, people):
    workflow = start(subject, people)
    step = step_of(workflow, people["核稿甲"])
    step_approve(step=step, by=people["核稿甲"].user, opinion="同意")

    with pytest.raises(InvalidTransition) as raised:
        step_approve(step=step, by=people["核稿甲"].user, opinion="再次同意")

    assert raised.value.message == "步骤已同意，不能同意"
    assert StepEvent.objects.filter(step=step, action="approve").count() == 1


def test_a_return_needs_a_reason(subject, people):
    workflow = start(subject, people)
    step = step_of(workflow, people["核稿甲"])

    with pytest.raises(ServiceError) as raised:
        step_return(step=step, by=people["核稿甲"].user, reason="  ")

    assert (raised.value.code, raised.value.message) == ("reason_required", "退回须说明理由")
    step.refresh_from_db()
    workflow.refresh_from_db()
    assert (step.state, workflow.state) == (StepState.OPEN, WorkflowState.RUNNING)


def test_a_stale_version_is_a_conflict_and_saves_nothing(subject, people):
    workflow = start(subject, people)
    seen_version = workflow.version
    step_approve(step=step_of(workflow, people["核稿甲"]), by=people["核稿甲"].user)

    with pytest.raises(Conflict) as raised:
        step_approve(step=step_of(workflow, people["核稿乙"]), by=people["核稿乙"].user, version=seen_version)

    assert raised.value.message == "该流程已被他人办理，请刷新后重试"
    assert step_of(workflow, people["核稿乙"]).state == StepState.OPEN


def test_a_step_of_a_returned_workflow_cannot_be_acted_on(subject, people):
    workflow = start(subject, people)
    step_return(step=step_of(workflow, people["核稿甲"]), by=people["核稿甲"].user, reason="重拟")

    with pytest.raises(InvalidTransition) as raised:
        step_approve(step=step_of(workflow, people["核稿乙"]), by=people["核稿乙"].user)
    assert raised.value.message == "流程已退回，不能办理"


def test_only_the_starter_resubmits_and_only_a_returned_workflow(subject, people):
    workflow = start(subject, people)

    with pytest.raises(InvalidTransition) as raised:
        workflow_resubmit(workflow=workflow, by=people["拟稿人"].user)
    assert raised.value.message == "流程办理中，不能重新提交"

    step_return(step=step_of(workflow, people["核稿甲"]), by=people["核稿甲"].user, reason="重拟")
    with pytest.raises(Forbidden) as raised_forbidden:
        workflow_resubmit(workflow=workflow, by=people["核稿甲"].user)
    assert raised_forbidden.value.message == "只有发起人才能重新提交"


def test_remind_leaves_an_event_and_a_notice(subject, people):
    workflow = start(subject, people)
    step = step_of(workflow, people["核稿甲"])

    step_remind(step=step, by=people["拟稿人"].user)

    assert StepEvent.objects.filter(step=step, action="remind").count() == 1
    assert outbox_titles(people["核稿甲"])[-1] == "催办：关于做好年终工作的通知"
    with pytest.raises(Forbidden):
        step_remind(step=step, by=people["核稿乙"].user)


def test_cancel_closes_every_unfinished_step(subject, people):
    workflow = start(subject, people)

    workflow_cancel(workflow=workflow, by=people["拟稿人"].user, reason="不再发文")

    workflow.refresh_from_db()
    assert workflow.state == WorkflowState.CANCELLED
    assert set(workflow.steps.values_list("state", flat=True)) == {StepState.CANCELLED}
    assert open_steps_for(people["核稿甲"]).count() == 0


def test_open_steps_and_done_steps_selectors(subject, people):
    workflow = start(subject, people)
    assert [s.pk for s in open_steps_for(people["核稿甲"])] == [step_of(workflow, people["核稿甲"]).pk]

    step_approve(step=step_of(workflow, people["核稿甲"]), by=people["核稿甲"].user)

    assert open_steps_for(people["核稿甲"]).count() == 0
    assert [s.state for s in steps_done_by(people["核稿甲"])] == [StepState.APPROVED]


def test_overdue_is_derived_from_deadline_and_state(subject, people):
    with time_machine.travel("2025-03-07 10:00 +0800", tick=False):
        workflow = start(subject, people)
    step = step_of(workflow, people["核稿甲"])

    with time_machine.travel("2025-03-12 18:00 +0800", tick=False):
        assert step.overdue is False
    with time_machine.travel("2025-03-13 09:00 +0800", tick=False):
        assert step.overdue is True
        step_approve(step=step, by=people["核稿甲"].user)
        step.refresh_from_db()
        assert step.overdue is False


def test_events_are_append_only(subject, people):
    workflow = start(subject, people)
    event = StepEvent.objects.filter(step__workflow=workflow).first()

    event.opinion = "改写"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        StepEvent.objects.filter(pk=event.pk).update(opinion="改写")
    with pytest.raises(AppendOnlyError):
        StepEvent.objects.filter(pk=event.pk).delete()


def test_a_workflow_with_history_cannot_be_deleted(subject, people):
    workflow = start(subject, people)

    with pytest.raises(IntegrityError), transaction.atomic():
        Workflow.objects.filter(pk=workflow.pk).delete()


@pytest.mark.parametrize(
    ("stages", "message"),
    [
        ([], "流程至少需要一个环节，且每个阶段至少一人办理"),
        ([[]], "流程至少需要一个环节，且每个阶段至少一人办理"),
        ([[("stamp", None, None)]], "未知的办理环节：stamp"),
    ],
)
def test_bad_stages_are_refused(subject, people, stages, message):
    with pytest.raises(ServiceError) as raised:
        workflow_start(subject=subject, title="标题", kind="x", stages=stages, by=people["拟稿人"].user)
    assert raised.value.message == message
    assert not Workflow.objects.exists()


def test_the_same_person_twice_in_one_stage_is_refused(subject, people):
    reviewer = people["核稿甲"]
    with pytest.raises(ServiceError) as raised:
        workflow_start(
            subject=subject,
            title="标题",
            kind="x",
            stages=[[StepSpec("review", reviewer), StepSpec("review", reviewer)]],
            by=people["拟稿人"].user,
        )
    assert raised.value.message == "同一阶段不能重复安排核稿甲"
