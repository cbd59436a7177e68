"""The workflow tells its subject: what a record does when the approval chain over it ends or turns.

A module whose records go through approvals registers its model here from its `AppConfig.ready()`:

    register_subject(OfficialDocument, SubjectHooks(on_approved=document_workflow_approved, ...))

`step_approve` / `step_circle` (when the last step completes the chain), `step_return`,
`workflow_resubmit` and `workflow_cancel` call the subject's hook inside their own transaction, after the
workflow's own change, with the step's own time and actor. So it does not matter which page someone acted
on — the module's own page, the generic step page the workbench links to, or the API: the record learns of
it at once, and if the hook refuses (raises), the workflow's change rolls back with it. No module polls the
workflow or reconciles on a later visit.

A hook receives a `WorkflowOutcome` and must not call back into the workflow services for the same
workflow (the workflow is locked and already changed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from zhongshu.accounts.actors import Actor
    from zhongshu.workflow.models import Step, Workflow


@dataclass(frozen=True)
class WorkflowOutcome:
    """What happened to a workflow: who did it, when, on which step, with which words."""

    workflow: Workflow
    by: Actor
    at: datetime
    step: Step | None = None  # the step acted on (approve, circle, return); None for resubmit and cancel
    opinion: str = ""
    reason: str = ""


Hook = Callable[[WorkflowOutcome], None]


@dataclass(frozen=True)
class SubjectHooks:
    on_approved: Hook | None = None
    on_returned: Hook | None = None
    on_resubmitted: Hook | None = None
    on_cancelled: Hook | None = None


_SUBJECTS: dict[str, SubjectHooks] = {}


def _label(app_label: str, model_name: str) -> str:
    return f"{app_label}.{model_name}"


def register_subject(model: type[models.Model], hooks: SubjectHooks) -> None:
    """Declare what `model`'s records do when their workflows end or turn. Registering again replaces."""
    _SUBJECTS[_label(model._meta.app_label, model._meta.model_name or "")] = hooks


def hooks_for(workflow: Workflow) -> SubjectHooks:
    content_type = workflow.content_type
    return _SUBJECTS.get(_label(content_type.app_label, content_type.model), SubjectHooks())


def tell_subject(event: str, outcome: WorkflowOutcome) -> None:
    """Call the subject's hook for `event` (approved, returned, resubmitted, cancelled), if it has one."""
    hook: Hook | None = getattr(hooks_for(outcome.workflow), f"on_{event}")
    if hook is not None:
        hook(outcome)
