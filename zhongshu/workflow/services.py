"""Running approval chains: start, approve, circle, return, resubmit, remind, comment, cancel.

Each service locks the workflow row (`select_for_update`), checks an optional expected `version` (so a
page that was open while someone else acted gets a clear conflict, not a silent overwrite), checks who
acts and the transition, writes the step and its event, audits, queues notices and tells the subject's
module (`workflow.subjects`) when the chain is approved, returned, resubmitted or cancelled — all in one
transaction. Whether someone may *start* a workflow on a record is the subject module's decision; these
services check only the workflow's own rules (the assignee acts on their step, the starter resubmits).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from zhongshu.accounts.actors import Actor
from zhongshu.audit.services import audit_record
from zhongshu.core.errors import Forbidden, InvalidTransition, ServiceError
from zhongshu.core.locking import lock_at_version
from zhongshu.notifications.services import notify
from zhongshu.org.models import Person
from zhongshu.workflow.models import Step, StepEvent, Workflow
from zhongshu.workflow.states import (
    StepAction,
    StepKind,
    StepState,
    WorkflowAction,
    WorkflowState,
    next_step_state,
    next_workflow_state,
)
from zhongshu.workflow.subjects import WorkflowOutcome, tell_subject


class StepSpec(NamedTuple):
    kind: str
    assignee: Person
    time_limit_workdays: int | None = None


CIRCLE_OPINION = "圈阅"


def _chinese_date(d: Any) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def step_url(step: Step) -> str:
    return reverse("workflow:step", args=[step.pk])


def _classification(workflow: Workflow) -> int:
    subject = workflow.subject
    return int(getattr(subject, "classification", 0) or 0)


def _lock(workflow_id: int, version: int | None) -> Workflow:
    return lock_at_version(
        Workflow.objects.all(), workflow_id, version, changed="该流程已被他人办理，请刷新后重试"
    )


def _lock_step(step: Step) -> Step:
    return Step.objects.select_for_update().select_related("assignee").get(pk=step.pk)


def _bump(workflow: Workflow, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(workflow, name, value)
    workflow.version += 1
    workflow.save(update_fields=[*fields, "version"])


def _event(step: Step, *, by: Actor, action: str, opinion: str = "", reason: str = "") -> StepEvent:
    person = by.person_or_none
    return StepEvent.objects.create(
        step=step,
        actor=by,
        actor_name=person.name if person is not None else by.get_username(),
        action=action,
        opinion=opinion,
        reason=reason,
    )


def _audit(workflow: Workflow, *, by: Actor, action: str, **details: Any) -> None:
    audit_record(
        actor=by,
        action=f"workflow.{action}",
        target=workflow,
        classification=_classification(workflow),
        details={"kind": workflow.kind, **details},
    )


def _open_steps(steps: list[Step], *, workflow: Workflow, by: Actor) -> None:
    now = timezone.now()
    today = timezone.localdate()
    for step in steps:
        step.state = next_step_state(step.state, StepAction.OPEN)
        step.opened_at = now
        if step.time_limit_workdays is not None:
            step.set_deadline_in_workdays(today, step.time_limit_workdays)
        step.save()
        _event(step, by=by, action=StepAction.OPEN)
        notify(
            recipient=step.assignee.user,
            about=workflow.subject,
            kind="workflow.step_open",
            title=f"待{step.get_kind_display()}：{workflow.title}",
            body=f"办理期限：{_chinese_date(step.deadline)}" if step.deadline else "",
            link=step_url(step),
            dedupe_key=f"workflow.step.{step.pk}.open",
        )


def _open_stage(workflow: Workflow, stage: int, *, by: Actor) -> None:
    steps = list(
        Step.objects.select_related("assignee__user").filter(
            workflow=workflow, stage=stage, state=StepState.PENDING
        )
    )
    _open_steps(steps, workflow=workflow, by=by)


def _validate_stages(stages: list[list[StepSpec]]) -> list[list[StepSpec]]:
    if not stages or any(not stage for stage in stages):
        raise ServiceError("流程至少需要一个环节，且每个阶段至少一人办理", code="empty_stage", field="stages")
    checked: list[list[StepSpec]] = []
    for stage in stages:
        specs = [StepSpec(*spec) for spec in stage]
        seen: set[int] = set()
        for spec in specs:
            if spec.kind not in StepKind.values:
                raise ServiceError(f"未知的办理环节：{spec.kind}", code="unknown_step_kind", field="stages")
            if not isinstance(spec.assignee, Person):
                raise ServiceError("办理人必须是本系统的人员", code="invalid_assignee", field="stages")
            if spec.assignee.pk in seen:
                raise ServiceError(
                    f"同一阶段不能重复安排{spec.assignee.name}", code="duplicate_assignee", field="stages"
                )
            if spec.time_limit_workdays is not None and spec.time_limit_workdays < 1:
                raise ServiceError("办理时限至少为1个工作日", code="invalid_time_limit", field="stages")
            seen.add(spec.assignee.pk)
        checked.append(specs)
    return checked


def workflow_start(
    *, subject: models.Model, title: str, kind: str, stages: list[list[StepSpec]], by: Actor
) -> Workflow:
    """Start a chain on `subject`: stage 1 opens at once, each open step notifies its assignee."""
    checked = _validate_stages(stages)
    title = title.strip()
    if not title:
        raise ServiceError("流程标题不能为空", code="title_required", field="title")
    with transaction.atomic():
        workflow = Workflow.objects.create(
            content_type=ContentType.objects.get_for_model(subject),
            object_id=subject.pk,
            title=title[:200],
            kind=kind,
            created_by=by,
        )
        for number, specs in enumerate(checked, start=1):
            Step.objects.bulk_create(
                Step(
                    workflow=workflow,
                    stage=number,
                    round=1,
                    kind=spec.kind,
                    assignee=spec.assignee,
                    time_limit_workdays=spec.time_limit_workdays,
                )
                for spec in specs
            )
        _audit(workflow, by=by, action="start", stages=[[spec.kind for spec in specs] for specs in checked])
        _open_stage(workflow, 1, by=by)
    return workflow


def _check_actor(step: Step, by: Actor) -> None:
    if step.assignee.user_id != getattr(by, "pk", None):
        raise Forbidden("只有本步骤的办理人才能办理", code="not_assignee")


def _check_running(workflow: Workflow) -> None:
    if workflow.state != WorkflowState.RUNNING:
        raise InvalidTransition(
            f"流程{WorkflowState(workflow.state).label}，不能办理", code="workflow_not_running"
        )


def _advance(workflow: Workflow, step: Step, *, by: Actor, opinion: str) -> None:
    """After an approval: open the next stage when this one is complete, or finish the workflow."""
    unfinished = Step.objects.filter(
        workflow=workflow, stage=step.stage, round=step.round, state__in=[StepState.PENDING, StepState.OPEN]
    ).exists()
    if unfinished:
        _bump(workflow)
        return
    following = (
        Step.objects.filter(workflow=workflow, stage__gt=step.stage, state=StepState.PENDING)
        .order_by("stage")
        .values_list("stage", flat=True)
        .first()
    )
    if following is not None:
        _bump(workflow)
        _open_stage(workflow, following, by=by)
        return
    _bump(
        workflow,
        state=next_workflow_state(workflow.state, WorkflowAction.APPROVE),
        closed_at=timezone.now(),
    )
    _audit(workflow, by=by, action="approved")
    assert step.closed_at is not None  # noqa: S101 - the approval just closed it
    tell_subject("approved", WorkflowOutcome(workflow, by=by, at=step.closed_at, step=step, opinion=opinion))
    notify(
        recipient=workflow.created_by,
        about=workflow.subject,
        kind="workflow.approved",
        title=f"已办结：{workflow.title}",
        link=reverse("workflow:detail", args=[workflow.pk]),
        dedupe_key=f"workflow.{workflow.pk}.approved",
    )


def _decide(step: Step, *, by: Actor, action: str, opinion: str, version: int | None) -> Step:
    with transaction.atomic():
        workflow = _lock(step.workflow_id, version)
        step = _lock_step(step)
        _check_actor(step, by)
        _check_running(workflow)
        step.state = next_step_state(step.state, action)
        step.closed_at = timezone.now()
        step.save(update_fields=["state", "closed_at"])
        _event(step, by=by, action=action, opinion=opinion)
        _audit(workflow, by=by, action=f"step.{action}", step=step.pk, stage=step.stage, round=step.round)
        _advance(workflow, step, by=by, opinion=opinion)
    return step


def step_approve(*, step: Step, by: Actor, opinion: str = "", version: int | None = None) -> Step:
    """The assignee consents, with an optional opinion; completes the stage or the workflow if last."""
    return _decide(step, by=by, action=StepAction.APPROVE, opinion=opinion.strip(), version=version)


def step_circle(*, step: Step, by: Actor, version: int | None = None) -> Step:
    """圈阅: a circle counts as consent (圈阅视为同意), recorded with the opinion "圈阅"."""
    return _decide(step, by=by, action=StepAction.CIRCLE, opinion=CIRCLE_OPINION, version=version)


def step_return(*, step: Step, by: Actor, reason: str, version: int | None = None) -> Step:
    """Send the matter back with a reason: the workflow is returned and its parallel steps cancelled."""
    reason = (reason or "").strip()
    with transaction.atomic():
        workflow = _lock(step.workflow_id, version)
        step = _lock_step(step)
        _check_actor(step, by)
        _check_running(workflow)
        new_state = next_step_state(step.state, StepAction.RETURN)
        if not reason:
            raise ServiceError("退回须说明理由", code="reason_required", field="reason")
        step.state = new_state
        step.closed_at = returned_at = timezone.now()
        step.save(update_fields=["state", "closed_at"])
        _event(step, by=by, action=StepAction.RETURN, reason=reason)
        siblings = Step.objects.select_for_update().filter(
            workflow=workflow, stage=step.stage, round=step.round, state=StepState.OPEN
        )
        for sibling in siblings:
            sibling.state = next_step_state(sibling.state, StepAction.CANCEL)
            sibling.closed_at = returned_at
            sibling.save(update_fields=["state", "closed_at"])
            _event(sibling, by=by, action=StepAction.CANCEL, reason="同一阶段已有人退回")
        _bump(workflow, state=next_workflow_state(workflow.state, WorkflowAction.RETURN))
        _audit(workflow, by=by, action="step.return", step=step.pk, stage=step.stage, round=step.round)
        tell_subject("returned", WorkflowOutcome(workflow, by=by, at=returned_at, step=step, reason=reason))
        notify(
            recipient=workflow.created_by,
            about=workflow.subject,
            kind="workflow.returned",
            title=f"被退回：{workflow.title}",
            body=f"{step.assignee.name}退回，理由：{reason}",
            link=reverse("workflow:detail", args=[workflow.pk]),
        )
    return step


def workflow_resubmit(*, workflow: Workflow, by: Actor, version: int | None = None) -> Workflow:
    """The starter sends a returned workflow on again: a new round of the returned stage opens.

    The stage's earlier steps, with their opinions and the return's reason, stay as they were.
    """
    with transaction.atomic():
        workflow = _lock(workflow.pk, version)
        if workflow.created_by_id != getattr(by, "pk", None):
            raise Forbidden("只有发起人才能重新提交", code="not_starter")
        new_state = next_workflow_state(workflow.state, WorkflowAction.RESUBMIT)
        returned = (
            Step.objects.filter(workflow=workflow, state=StepState.RETURNED)
            .order_by("-closed_at", "-id")
            .first()
        )
        if returned is None:  # a returned workflow always has its returned step; guard the invariant
            raise ServiceError("找不到被退回的环节", code="no_returned_step")
        stage = returned.stage
        last_round = Step.objects.filter(workflow=workflow, stage=stage).aggregate(last=Max("round"))["last"]
        previous = Step.objects.filter(workflow=workflow, stage=stage, round=last_round).order_by("id")
        fresh = Step.objects.bulk_create(
            Step(
                workflow=workflow,
                stage=stage,
                round=last_round + 1,
                kind=old.kind,
                assignee_id=old.assignee_id,
                time_limit_workdays=old.time_limit_workdays,
            )
            for old in previous
        )
        _bump(workflow, state=new_state)
        _audit(workflow, by=by, action="resubmit", stage=stage, round=last_round + 1)
        tell_subject("resubmitted", WorkflowOutcome(workflow, by=by, at=timezone.now()))
        fresh_steps = list(
            Step.objects.select_related("assignee__user").filter(pk__in=[step.pk for step in fresh])
        )
        if any(step.pk is None for step in fresh):  # databases that return no ids from bulk_create
            fresh_steps = list(
                Step.objects.select_related("assignee__user").filter(
                    workflow=workflow, stage=stage, round=last_round + 1
                )
            )
        _open_steps(fresh_steps, workflow=workflow, by=by)
    return workflow


def step_remind(*, step: Step, by: Actor) -> StepEvent:
    """催办: the starter presses the assignee of an open step. Each reminder leaves an event."""
    with transaction.atomic():
        workflow = _lock(step.workflow_id, None)
        step = _lock_step(step)
        if workflow.created_by_id != getattr(by, "pk", None):
            raise Forbidden("只有发起人才能催办", code="not_starter")
        next_step_state(step.state, StepAction.REMIND)
        event = _event(step, by=by, action=StepAction.REMIND)
        _audit(workflow, by=by, action="step.remind", step=step.pk)
        notify(
            recipient=step.assignee.user,
            about=workflow.subject,
            kind="workflow.remind",
            title=f"催办：{workflow.title}",
            body="请尽快办理" + (f"，期限{_chinese_date(step.deadline)}" if step.deadline else ""),
            link=step_url(step),
        )
    return event


def step_comment(*, step: Step, by: Actor, opinion: str) -> StepEvent:
    """The assignee writes an opinion without deciding yet; it is kept like every other."""
    opinion = (opinion or "").strip()
    with transaction.atomic():
        workflow = _lock(step.workflow_id, None)
        step = _lock_step(step)
        _check_actor(step, by)
        _check_running(workflow)
        next_step_state(step.state, StepAction.COMMENT)
        if not opinion:
            raise ServiceError("意见不能为空", code="opinion_required", field="opinion")
        event = _event(step, by=by, action=StepAction.COMMENT, opinion=opinion)
        _audit(workflow, by=by, action="step.comment", step=step.pk)
    return event


def workflow_cancel(
    *, workflow: Workflow, by: Actor, reason: str = "", version: int | None = None
) -> Workflow:
    """The starter withdraws the workflow; unfinished steps are cancelled (their events kept)."""
    with transaction.atomic():
        workflow = _lock(workflow.pk, version)
        if workflow.created_by_id != getattr(by, "pk", None):
            raise Forbidden("只有发起人才能撤销", code="not_starter")
        new_state = next_workflow_state(workflow.state, WorkflowAction.CANCEL)
        now = timezone.now()
        unfinished = (
            Step.objects.select_for_update()
            .select_related("assignee__user")
            .filter(workflow=workflow, state__in=[StepState.PENDING, StepState.OPEN])
        )
        for step in unfinished:
            was_open = step.state == StepState.OPEN
            step.state = next_step_state(step.state, StepAction.CANCEL)
            step.closed_at = now
            step.save(update_fields=["state", "closed_at"])
            _event(step, by=by, action=StepAction.CANCEL, reason=reason.strip())
            if was_open:
                notify(
                    recipient=step.assignee.user,
                    about=workflow.subject,
                    kind="workflow.cancelled",
                    title=f"已撤销：{workflow.title}",
                    body=reason.strip(),
                    link=reverse("workflow:detail", args=[workflow.pk]),
                )
        _bump(workflow, state=new_state, closed_at=now)
        _audit(workflow, by=by, action="cancel")
        tell_subject("cancelled", WorkflowOutcome(workflow, by=by, at=now, reason=reason.strip()))
    return workflow
