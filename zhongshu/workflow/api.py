from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Router, Schema

from zhongshu.access.policy import RecordNotFound
from zhongshu.accounts.actors import actor_of
from zhongshu.org.models import Person
from zhongshu.workflow.models import Step
from zhongshu.workflow.selectors import may_see_workflow, open_steps_for, workflow_for, workflow_history
from zhongshu.workflow.services import step_approve, step_circle, step_return

router = Router()


class StepOut(Schema):
    id: int
    workflow_id: int
    workflow_title: str
    stage: int
    round: int
    kind: str
    state: str
    assignee: str
    opened_at: datetime | None
    closed_at: datetime | None
    deadline: date | None
    deadline_provisional: bool
    overdue: bool
    version: int

    @staticmethod
    def from_step(step: Step) -> StepOut:
        return StepOut(
            id=step.pk,
            workflow_id=step.workflow_id,
            workflow_title=step.workflow.title,
            stage=step.stage,
            round=step.round,
            kind=step.kind,
            state=step.state,
            assignee=step.assignee.name,
            opened_at=step.opened_at,
            closed_at=step.closed_at,
            deadline=step.deadline,
            deadline_provisional=step.deadline_provisional,
            overdue=step.overdue,
            version=step.workflow.version,
        )


class EventOut(Schema):
    actor: str
    at: datetime
    action: str
    opinion: str
    reason: str


class HistoryStepOut(StepOut):
    events: list[EventOut]


class WorkflowOut(Schema):
    id: int
    title: str
    kind: str
    state: str
    created_at: datetime
    version: int
    steps: list[HistoryStepOut]


class OpinionIn(Schema):
    opinion: str = ""
    version: int | None = None


class ReasonIn(Schema):
    reason: str = ""
    version: int | None = None


class VersionIn(Schema):
    version: int | None = None


def _visible_step(request: HttpRequest, step_id: int) -> Step:
    step = Step.objects.select_related("workflow", "assignee").filter(pk=step_id).first()
    if step is None or not may_see_workflow(request.user, step.workflow):
        raise RecordNotFound()
    return step


def _fresh(step: Step) -> StepOut:
    return StepOut.from_step(Step.objects.select_related("workflow", "assignee").get(pk=step.pk))


@router.get("/steps/open", response=list[StepOut])
def my_open_steps(request: HttpRequest) -> list[StepOut]:
    user_id = getattr(request.user, "pk", None)
    person = Person.objects.filter(user_id=user_id).first() if user_id is not None else None
    if person is None:
        return []
    return [StepOut.from_step(step) for step in open_steps_for(person).select_related("assignee")]


@router.post("/steps/{step_id}/approve", response=StepOut)
def approve(request: HttpRequest, step_id: int, data: OpinionIn) -> StepOut:
    step = _visible_step(request, step_id)
    step_approve(step=step, by=actor_of(request), opinion=data.opinion, version=data.version)
    return _fresh(step)


@router.post("/steps/{step_id}/circle", response=StepOut)
def circle(request: HttpRequest, step_id: int, data: VersionIn) -> StepOut:
    step = _visible_step(request, step_id)
    step_circle(step=step, by=actor_of(request), version=data.version)
    return _fresh(step)


@router.post("/steps/{step_id}/return", response=StepOut)
def return_(request: HttpRequest, step_id: int, data: ReasonIn) -> StepOut:
    step = _visible_step(request, step_id)
    step_return(step=step, by=actor_of(request), reason=data.reason, version=data.version)
    return _fresh(step)


@router.get("/workflows/{workflow_id}", response=WorkflowOut)
def history(request: HttpRequest, workflow_id: int) -> WorkflowOut:
    workflow = workflow_for(request.user, workflow_id)
    steps = []
    for step in workflow_history(workflow):
        step.workflow = workflow
        base = StepOut.from_step(step).dict()
        events = [
            EventOut(actor=e.actor_name, at=e.at, action=e.action, opinion=e.opinion, reason=e.reason)
            for e in step.events.all()
        ]
        steps.append(HistoryStepOut(**base, events=events))
    return WorkflowOut(
        id=workflow.pk,
        title=workflow.title,
        kind=workflow.kind,
        state=workflow.state,
        created_at=workflow.created_at,
        version=workflow.version,
        steps=steps,
    )
