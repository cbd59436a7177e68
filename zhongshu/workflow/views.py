"""The step page (act on one step: agree with an opinion, circle, return with a reason) and a history page.

Modules embed the step page's form by linking to it or loading it with htmx (`hx-get` of the step URL
returns only the panel). Either page is shown only to participants and to those who may see the subject.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhongshu.accounts.actors import actor_of
from zhongshu.core.errors import ServiceError
from zhongshu.core.htmx import render_page_or_fragment, wants_fragment
from zhongshu.core.inputs import parse_int
from zhongshu.workflow.models import Step
from zhongshu.workflow.selectors import may_see_workflow, workflow_for, workflow_history
from zhongshu.workflow.services import step_approve, step_circle, step_return
from zhongshu.workflow.states import StepState


def _visible_step(request: HttpRequest, pk: int) -> Step:
    step = Step.objects.select_related("workflow", "assignee").filter(pk=pk).first()
    if step is None or not may_see_workflow(request.user, step.workflow):
        raise Http404("记录不存在或无权访问")
    return step


def _version(request: HttpRequest) -> int | None:
    # Through the one integer reader: "²" passes isdigit() but not int(), and 20 digits overflow the column.
    try:
        return parse_int(request.POST.get("version"), field="version", label="版本", low=0)
    except ServiceError:
        return None


def _step_context(request: HttpRequest, step: Step, **extra: Any) -> dict[str, Any]:
    may_act = step.state == StepState.OPEN and step.assignee.user_id == request.user.pk
    return {
        "step": step,
        "workflow": step.workflow,
        "history": workflow_history(step.workflow),
        "may_act": may_act and step.workflow.state == "running",
        **extra,
    }


def _render_step(request: HttpRequest, step: Step, status: int = 200, **extra: Any) -> HttpResponse:
    context = _step_context(request, step, **extra)
    return render_page_or_fragment(
        request, "workflow/step.html", "workflow/_step_panel.html", context, status=status
    )


@login_required
def step_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_step(request, _visible_step(request, pk))


def _act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    step = _visible_step(request, pk)
    try:
        if action == "approve":
            step_approve(
                step=step,
                by=actor_of(request),
                opinion=request.POST.get("opinion", ""),
                version=_version(request),
            )
            done = "已同意"
        elif action == "circle":
            step_circle(step=step, by=actor_of(request), version=_version(request))
            done = "已圈阅"
        else:
            step_return(
                step=step,
                by=actor_of(request),
                reason=request.POST.get("reason", ""),
                version=_version(request),
            )
            done = "已退回"
    except ServiceError as error:
        step.refresh_from_db()
        step.workflow.refresh_from_db()
        # htmx swaps only successful responses, so the panel with its message comes back as 200 there.
        status = 200 if wants_fragment(request) else error.status
        return _render_step(request, step, status=status, error=error.message, form=request.POST)
    step.refresh_from_db()
    step.workflow.refresh_from_db()
    if wants_fragment(request):
        return _render_step(request, step, done=done)
    messages.success(request, done)
    return redirect("workflow:step", pk=step.pk)


@login_required
@require_POST
def step_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "approve")


@login_required
@require_POST
def step_circle_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "circle")


@login_required
@require_POST
def step_return_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "return")


@login_required
def workflow_page(request: HttpRequest, pk: int) -> HttpResponse:
    workflow = workflow_for(request.user, pk)
    return render(
        request, "workflow/workflow.html", {"workflow": workflow, "history": workflow_history(workflow)}
    )
