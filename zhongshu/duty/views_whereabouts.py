"""Pages of 请假、外出报备 (the whereabouts part): the board 领导去向 (who is away today and this week), my
filings, the filing form and an absence's page with the actions the viewer may take (批准 and 不予批准 for the
approver, besides the workflow's own step page; 撤回; 销假)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from zhongshu.access.policy import get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input
from zhongshu.core.jobs import register_tick
from zhongshu.duty import whereabouts
from zhongshu.duty.actions_whereabouts import ABSENCE_RULES, ACTION_LABELS, AbsenceAction, open_step
from zhongshu.duty.models import Absence, AbsenceKind, HalfDay
from zhongshu.duty.roles import may_use_duty
from zhongshu.duty.schemas_whereabouts import AbsenceIn, DecisionIn, VersionIn
from zhongshu.duty.tabs import register_tab
from zhongshu.duty.views import allowed

TAB = "whereabouts"


def _day(request: HttpRequest) -> date:
    raw = request.GET.get("day", "")
    try:
        return date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        return timezone.localdate()


@login_required
@require_safe
def away_board(request: HttpRequest) -> HttpResponse:
    allowed(request)
    board = whereabouts.away_board(request.user, _day(request))
    return render(
        request,
        "duty/away_board.html",
        {"current_tab": TAB, "board": board, "sees_all": whereabouts.sees_all(request.user)},
    )


@login_required
@require_safe
def absences(request: HttpRequest) -> HttpResponse:
    allowed(request)
    return render(
        request,
        "duty/absences.html",
        {"current_tab": TAB, "absences": whereabouts.my_filings(actor_of(request))},
    )


def _form_context(
    request: HttpRequest, data: dict[str, Any], error: ServiceError | None = None
) -> dict[str, Any]:
    return {
        "current_tab": TAB,
        "data": data,
        "kinds": AbsenceKind.choices,
        "halves": HalfDay.choices,
        "error": error.message if error else "",
        "error_field": error.field if error else "",
        "flags_to_confirm": error is not None and error.code == "flags_unconfirmed",
        "me": actor_of(request).person_or_none,
    }


@login_required
def absence_new(request: HttpRequest) -> HttpResponse:
    allowed(request)
    if request.method == "POST":
        try:
            contract = AbsenceIn.parse(Input.of(request), request.user)
            absence = whereabouts.absence_file(by=actor_of(request), fields=contract.fields)
        except ServiceError as error:
            context = _form_context(request, request.POST.dict(), error)
            return render(request, "duty/absence_form.html", context, status=400)
        messages.success(request, "已报备，等待审批")
        return redirect("duty:absence", absence.pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    return render(request, "duty/absence_form.html", _form_context(request, {}))


def _absence(request: HttpRequest, pk: int) -> Absence:
    allowed(request)
    return get_for(request.user, Absence.objects.select_related("person__unit", "stand_in", "filed_by"), pk)


@login_required
@require_safe
def absence(request: HttpRequest, pk: int) -> HttpResponse:
    record = _absence(request, pk)
    actions = ABSENCE_RULES.available(request.user, record)
    step = open_step(record, request.user)
    return render(
        request,
        "duty/absence.html",
        {
            "current_tab": TAB,
            "absence": record,
            "span": whereabouts.span_label(record),
            "actions": actions,
            "labels": ACTION_LABELS,
            "step": step,
            "chain": list(record.workflow.steps.select_related("assignee").all()) if record.workflow else [],
            "show_destination": whereabouts.sees_destinations(request.user)
            or record.person_id == getattr(actor_of(request).person_or_none, "pk", None),
            "flags": [
                flag.message
                for flag in whereabouts.flags_if_filed(
                    record.person, record.starts_on, record.ends_on, exclude_id=record.pk
                )
            ]
            if record.state in whereabouts.ACTIVE
            else [],
        },
    )


@login_required
@require_POST
def absence_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    record = _absence(request, pk)
    by = actor_of(request)
    data = Input.of(request)
    try:
        if action == AbsenceAction.APPROVE:
            decision = DecisionIn.parse(data, request.user)
            whereabouts.absence_approve(
                absence=record, by=by, opinion=decision.opinion, version=decision.version
            )
        elif action == AbsenceAction.REFUSE:
            decision = DecisionIn.parse(data, request.user)
            whereabouts.absence_refuse(
                absence=record, by=by, reason=decision.reason, version=decision.version
            )
        elif action == AbsenceAction.WITHDRAW:
            whereabouts.absence_withdraw(
                absence=record, by=by, version=VersionIn.parse(data, request.user).version
            )
        elif action == AbsenceAction.CLOSE:
            whereabouts.absence_close(
                absence=record, by=by, version=VersionIn.parse(data, request.user).version
            )
        else:
            raise Http404()
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已{ACTION_LABELS[AbsenceAction(action)]}")
    return redirect("duty:absence", record.pk)


urlpatterns: list[URLPattern] = [
    path("away/", away_board, name="away_board"),
    path("absences/", absences, name="absences"),
    path("absences/new/", absence_new, name="absence_new"),
    path("absences/<int:pk>/", absence, name="absence"),
    path("absences/<int:pk>/<str:action>/", absence_act, name="absence_act"),
]


def register() -> None:
    """The part's tab and registries, called once from DutyConfig.ready()."""
    register_tab(TAB, "领导去向", "duty:away_board", 60, may_use_duty)
    whereabouts.register()
    register_tick("duty.absence_reminders", whereabouts.unreturned_tick)
