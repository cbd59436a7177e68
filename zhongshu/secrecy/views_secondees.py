"""机要保密 · 跟班学习: the table of secondees (where each stands: stage, missing steps, days left), the form to
register one, a secondment's page in sections (基本情况, 上岗前, 在岗期间, 离岗) with a form for each step open to
the viewer, and the posts behind those forms. Registers the tab (order 50), the scope of who sees a secondment
and the to-dos of the secrecy office and the host liaison."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhongshu.access.policy import get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.core.inputs import Input
from zhongshu.core.sections import section_page
from zhongshu.secrecy import secondees
from zhongshu.secrecy.actions_secondees import RULES, who_may
from zhongshu.secrecy.models_secondees import Secondment, SecondmentAccess, StepKind
from zhongshu.secrecy.roles import keeps_ledger, may_use_secrecy
from zhongshu.secrecy.schemas_secondees import (
    AccessIn,
    HandoverIn,
    LiaisonIn,
    SecondmentIn,
    StepIn,
    office_departments,
)

TAB = "secondees"
MOST_ROWS = 500
PAGE = section_page("secrecy.secondment")


def allowed(request: HttpRequest) -> None:
    if not may_use_secrecy(request.user):
        raise PermissionDenied("无权使用机要保密")


def may_see_tab(user: Any) -> bool:
    """The secrecy office; anyone else only when a secondment concerns them (secondee, liaison, sending unit's
    leader)."""
    if not may_use_secrecy(user):
        return False
    return keeps_ledger(user) or secondees.visible_secondments(user).exists()


def _secondment(request: HttpRequest, pk: int) -> Secondment:
    allowed(request)
    return get_for(
        request.user,
        Secondment.objects.select_related(
            "person", "sending_unit", "host_department", "liaison"
        ).prefetch_related("steps__done_by", "steps__liaison", "steps__taken_over_by"),
        pk,
    )


@login_required
def table(request: HttpRequest) -> HttpResponse:
    """跟班学习人员情况表: every secondment the viewer may see, where it stands."""
    allowed(request)
    rows = secondees.standings(secondees.visible_secondments(request.user)[:MOST_ROWS])
    return render(
        request,
        "secrecy/secondees/table.html",
        {
            "current_tab": TAB,
            "rows": rows,
            "more": len(rows) == MOST_ROWS,
            "may_register": keeps_ledger(request.user),
        },
    )


def _form(request: HttpRequest, values: dict[str, Any], error: ServiceError | None = None) -> HttpResponse:
    return render(
        request,
        "secrecy/secondees/new.html",
        {
            "current_tab": TAB,
            "values": values,
            "departments": office_departments(),
            "error": error,
            "error_field": getattr(error, "field", None),
        },
        status=400 if error else 200,
    )


@login_required
def new(request: HttpRequest) -> HttpResponse:
    allowed(request)
    if not keeps_ledger(request.user):
        raise PermissionDenied("只有保密办可以登记跟班学习人员")
    if request.method == "POST":
        try:
            secondment = SecondmentIn.parse(Input.of(request), request.user).create(by=actor_of(request))
        except ServiceError as error:
            if isinstance(error, Forbidden):
                raise PermissionDenied(str(error)) from None
            return _form(request, request.POST.dict(), error)
        messages.success(request, "已登记跟班学习人员")
        return redirect(secondees.secondment_url(secondment))
    return _form(request, {})


# --- a secondment's page: its sections ------------------------------------------------------------------------


def _basics(request: HttpRequest, secondment: Secondment) -> dict[str, Any]:
    return {}


def _before(request: HttpRequest, secondment: Secondment) -> dict[str, Any]:
    steps = secondees.steps_by_kind(secondment)
    actions = RULES.available(request.user, secondment, among=[str(kind) for kind in secondees.BEFORE])
    return {
        "before_rows": [(StepKind(kind), steps.get(kind)) for kind in secondees.BEFORE],
        "open_kinds": [StepKind(kind) for kind in actions],
    }


def _during(request: HttpRequest, secondment: Secondment) -> dict[str, Any]:
    return {
        "liaison_steps": [step for step in secondment.steps.all() if step.kind == StepKind.LIAISON],
        "access_lines": secondees.access_lines(secondment, request.user),
        "record_kinds": secondees.record_kind_choices(),
    }


def _leaving(request: HttpRequest, secondment: Secondment) -> dict[str, Any]:
    person = secondment.person
    period = secondees.cooling_off_for(person.clearance)
    steps = secondees.steps_by_kind(secondment)
    talk_open = StepKind.REMINDER_TALK.value in RULES.available(
        request.user, secondment, among=[StepKind.REMINDER_TALK.value]
    )
    return {
        "carriers": secondees.carriers_shown(person.pk, request.user),
        "cooling_off": period,
        "talk": steps.get(StepKind.REMINDER_TALK),
        "handover": steps.get(StepKind.HANDOVER),
        "talk_kind": StepKind.REMINDER_TALK if talk_open else None,
    }


PAGE.register("basics", "基本情况", 10, "secrecy/secondees/section_basics.html", _basics)
PAGE.register("before", "上岗前", 20, "secrecy/secondees/section_before.html", _before)
PAGE.register("during", "在岗期间", 30, "secrecy/secondees/section_during.html", _during)
PAGE.register("leaving", "离岗", 40, "secrecy/secondees/section_leaving.html", _leaving)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    secondment = _secondment(request, pk)
    standing = secondees.standing_of(secondment)
    steps = secondees.steps_by_kind(secondment)
    extra = {
        "secondment": secondment,
        "standing": standing,
        "steps": steps,
        "actions": RULES.available(request.user, secondment),
        "today": timezone.localdate(),
    }
    return render(
        request,
        "secrecy/secondees/detail.html",
        {"current_tab": TAB, **extra, "sections": PAGE.render(request, secondment, extra=extra)},
    )


def _acting(request: HttpRequest, pk: int, what: str) -> Secondment:
    """The secondment, for someone who may act on it at all (refused before the form is read)."""
    secondment = _secondment(request, pk)
    refusal = who_may(what, request.user, secondment)
    if refusal is not None:
        raise PermissionDenied(refusal.message)
    return secondment


def _act(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    secondment = _acting(request, pk, what)
    data = Input.of(request)
    by = actor_of(request)
    try:
        if what == "step":
            step = StepIn.parse(data, request.user).apply(by=by, secondment=secondment)
            messages.success(request, f"已登记{step.get_kind_display()}")
        elif what == "liaison":
            LiaisonIn.parse(data, request.user).apply(by=by, secondment=secondment)
            messages.success(request, "已更换保密联络员")
        elif what == "handover":
            HandoverIn.parse(data, request.user).apply(by=by, secondment=secondment)
            messages.success(request, "已办理脱密期委托管理手续")
        else:
            AccessIn.parse(data, request.user).apply(by=by, secondment=secondment)
            messages.success(request, "已开通知悉范围，至跟班学习结束日自动终止")
    except ServiceError as error:
        if isinstance(error, Forbidden):
            raise PermissionDenied(str(error)) from None
        messages.error(request, str(error))
    return redirect(secondees.secondment_url(secondment))


@login_required
@require_POST
def record_step(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "step")


@login_required
@require_POST
def name_liaison(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "liaison")


@login_required
@require_POST
def hand_over(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "handover")


@login_required
@require_POST
def open_access(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "access")


@login_required
@require_POST
def end_access(request: HttpRequest, pk: int, access_id: int) -> HttpResponse:
    secondment = _acting(request, pk, "access")
    access = SecondmentAccess.objects.filter(pk=access_id, secondment=secondment).first()
    if access is None:
        messages.error(request, "该知悉范围不存在")
        return redirect(secondees.secondment_url(secondment))
    try:
        secondees.secondment_end_access(by=actor_of(request), secondment=secondment, access=access)
        messages.success(request, "已收回知悉范围")
    except ServiceError as error:
        if isinstance(error, Forbidden):
            raise PermissionDenied(str(error)) from None
        messages.error(request, str(error))
    return redirect(secondees.secondment_url(secondment))


urlpatterns: list[URLPattern] = [
    path("secondees/", table, name="secondees"),
    path("secondees/new/", new, name="secondment_new"),
    path("secondees/<int:pk>/", detail, name="secondment"),
    path("secondees/<int:pk>/step/", record_step, name="secondment_step"),
    path("secondees/<int:pk>/liaison/", name_liaison, name="secondment_liaison"),
    path("secondees/<int:pk>/handover/", hand_over, name="secondment_handover"),
    path("secondees/<int:pk>/access/", open_access, name="secondment_access"),
    path("secondees/<int:pk>/access/<int:access_id>/end/", end_access, name="secondment_access_end"),
]


def register() -> None:
    """The tab (跟班学习, order 50), who sees a secondment (access.policy scope), and the to-dos."""
    from zhongshu.access.policy import register_scope
    from zhongshu.core.todos import register_todo_source
    from zhongshu.secrecy.tabs import BAR

    BAR.register("secondees", "跟班学习", "secrecy:secondees", 50, may_see_tab)
    register_scope(Secondment, secondees.scope)
    register_todo_source("secrecy.secondees", secondees.secondee_todos)
