"""Reads: a person's open and finished steps, a workflow's history, and who may see it."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Prefetch, QuerySet

from zhongshu.access.policy import can
from zhongshu.workflow.models import Step, StepEvent, Workflow
from zhongshu.workflow.states import StepState, WorkflowState


def open_steps_for(person: Any) -> QuerySet[Step]:
    """The person's to-do steps: open, in a running workflow, earliest deadline first (undated last)."""
    return (
        Step.objects.filter(assignee=person, state=StepState.OPEN, workflow__state=WorkflowState.RUNNING)
        .select_related("workflow")
        .order_by(F("deadline").asc(nulls_last=True), "opened_at", "id")
    )


def steps_done_by(person: Any) -> QuerySet[Step]:
    """Steps the person decided (agreed, circled or returned), latest first."""
    return (
        Step.objects.filter(assignee=person, state__in=[StepState.APPROVED, StepState.RETURNED])
        .select_related("workflow")
        .order_by("-closed_at", "-id")
    )


def workflows_of(subject: Any) -> QuerySet[Workflow]:
    from django.contrib.contenttypes.models import ContentType

    return Workflow.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
    ).order_by("-created_at", "-id")


def workflow_history(workflow: Workflow) -> list[Step]:
    """Every step of every round, each with its events in order: the full record of who said what."""
    events = StepEvent.objects.order_by("at", "id")
    return list(
        workflow.steps.select_related("assignee", "assignee__unit")
        .prefetch_related(Prefetch("events", queryset=events))
        .order_by("stage", "round", "id")
    )


def is_participant(user: Any, workflow: Workflow) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return workflow.created_by_id == user.pk or workflow.steps.filter(assignee__user_id=user.pk).exists()


def may_see_workflow(user: Any, workflow: Workflow) -> bool:
    """Participants see their workflow; others only when the access policy lets them see its subject."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if is_participant(user, workflow):
        return True
    subject = workflow.subject
    if subject is None:
        return False
    try:
        return can(user, subject)
    except TypeError:
        # The subject's model is neither Classified nor registered with the policy: participants only.
        return False


def workflow_for(user: Any, pk: Any) -> Workflow:
    """One workflow for `user`, or RecordNotFound alike for a missing and a forbidden one.

    A workflow's subject may be of any module, so the rule is participant-or-may-see-subject rather than one
    registered scope; a refused attempt is audited as `access.get_for` audits its own.
    """
    from zhongshu.access.policy import RecordNotFound
    from zhongshu.audit.services import audit_record

    workflow = Workflow.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    if workflow is None:
        raise RecordNotFound()
    if not may_see_workflow(user, workflow):
        audit_record(actor=user, action="access.denied.view", target=workflow, outcome="denied")
        raise RecordNotFound()
    return workflow
