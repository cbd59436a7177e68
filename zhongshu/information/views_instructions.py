"""Pages of the instructions part (领导批示): the list of 批示 the viewer may see (the supervisor's 待转督办
among them, each turned into a supervision item with one action), a record's 批示 page (an item's or a
distributed issue's: its instructions with the supervision items made from them, and the form a county leader
or an editor records one with), and the section 领导批示 on the item's and the issue's pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from zhongshu.access.policy import get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input
from zhongshu.information import instructions
from zhongshu.information.models import AdoptionLevel, InfoInstruction, InfoReport, PublicationIssue
from zhongshu.information.roles import is_editor
from zhongshu.information.schemas_instructions import InstructionIn
from zhongshu.information.sections import ISSUE_PAGE, ITEM_PAGE
from zhongshu.information.tabs import BAR
from zhongshu.information.views import allowed

TAB = "instructions"
LEVELS = [(value, label) for value, label in AdoptionLevel.choices if value in instructions.HIGHER_LEVELS]


def may_see_tab(user: Any) -> bool:
    return instructions.may_record(user) or instructions.may_supervise(user)


def _next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def _form_context(request: HttpRequest, record: InfoReport | PublicationIssue) -> dict[str, Any]:
    user: Any = request.user
    own = instructions.is_county_leader(user)
    may = instructions.may_record(user) and (
        own or (isinstance(record, InfoReport) and is_editor(user) and record.adopted_at is not None)
    )
    if isinstance(record, InfoReport):
        rows = instructions.instruction_rows(user, item=record)
        form_url = reverse("information:item_instructions", args=[record.pk])
    else:
        rows = instructions.instruction_rows(user, issue=record)
        form_url = reverse("information:issue_instructions", args=[record.pk])
    return {
        "record": record,
        "record_title": instructions.record_title(record),
        "instruction_rows": rows,
        "may_instruct": may,
        "own_leader": user.person_or_none if own else None,
        "levels": LEVELS,
        "form_url": form_url,
        "today": timezone.localdate().isoformat(),
    }


def section_context(request: HttpRequest, record: Any) -> dict[str, Any] | None:
    """领导批示 on the item's and the issue's pages: left out when there is none and the viewer may write none."""
    context = _form_context(request, record)
    if not context["instruction_rows"] and not context["may_instruct"]:
        return None
    context["next"] = request.get_full_path()
    return context


@login_required
def instruction_list(request: HttpRequest) -> HttpResponse:
    allowed(request)
    if not may_see_tab(request.user):
        raise PermissionDenied("只有县领导、信息科编辑和督查人员可以查看领导批示")
    pending = request.GET.get("pending") == "1"
    rows = instructions.instruction_rows(request.user)
    if pending:
        rows = [row for row in rows if row[0].supervised_at is None]
    return render(
        request,
        "information/instructions_list.html",
        {
            "current_tab": TAB,
            "instruction_rows": rows,
            "pending": pending,
            "supervising": instructions.may_supervise(request.user),
            # after 转为督办事项 the whole list, where the row shows what was made (the pending one drops it)
            "next": reverse("information:instructions"),
        },
    )


def _record_page(
    request: HttpRequest, record: InfoReport | PublicationIssue, *, error: ServiceError | None = None
) -> HttpResponse:
    context = _form_context(request, record)
    context.update(current_tab=TAB, next=request.get_full_path())
    if isinstance(record, InfoReport):
        context["record_url"] = instructions.item_url(record.pk)
    else:
        context["record_url"] = instructions.issue_url(record.pk)
    if error is not None:
        context.update(
            error=error.message, error_code=error.code, error_field=error.field, posted=request.POST
        )
    return render(
        request,
        "information/instructions_record.html",
        context,
        status=error.status if error is not None else 200,
    )


def _record_post(request: HttpRequest, record: InfoReport | PublicationIssue) -> HttpResponse:
    if not instructions.may_record(request.user):
        raise PermissionDenied("只有县领导本人或信息科编辑可以记录领导批示")
    try:
        contract = InstructionIn.parse(Input.of(request))
        if isinstance(record, InfoReport):
            instruction = contract.apply(by=actor_of(request), item=record)
        else:
            instruction = contract.apply(by=actor_of(request), issue=record)
    except ServiceError as refused:
        if refused.status == 403:
            raise PermissionDenied(refused.message) from refused
        return _record_page(request, record, error=refused)
    messages.success(request, "已记录领导批示")
    default = request.path + f"#instruction-{instruction.pk}"
    return redirect(_next(request, default).split("#")[0] + f"#instruction-{instruction.pk}")


@login_required
def item_instructions(request: HttpRequest, pk: int) -> HttpResponse:
    allowed(request)
    item = get_for(request.user, InfoReport, pk)
    if request.method == "POST":
        return _record_post(request, item)
    return _record_page(request, item)


@login_required
def issue_instructions(request: HttpRequest, pk: int) -> HttpResponse:
    allowed(request)
    issue = get_for(request.user, PublicationIssue.objects.select_related("publication"), pk)
    if request.method == "POST":
        return _record_post(request, issue)
    return _record_page(request, issue)


@login_required
@require_POST
def instruction_supervise(request: HttpRequest, pk: int) -> HttpResponse:
    allowed(request)
    instruction = get_for(request.user, InfoInstruction, pk)
    try:
        instructions.instruction_supervise(by=actor_of(request), instruction=instruction)
    except ServiceError as refused:
        if refused.status == 403:
            raise PermissionDenied(refused.message) from refused
        messages.error(request, refused.message)
        return redirect(_next(request, reverse("information:instructions")))
    messages.success(request, "批示已转为督办事项")
    back = _next(request, reverse("information:instructions")).split("#")[0]
    return redirect(f"{back}#instruction-{instruction.pk}")


urlpatterns: list[URLPattern] = [
    path("instructions/", instruction_list, name="instructions"),
    path("instructions/item/<int:pk>/", item_instructions, name="item_instructions"),
    path("instructions/issue/<int:pk>/", issue_instructions, name="issue_instructions"),
    path("instructions/<int:pk>/supervise/", instruction_supervise, name="instruction_supervise"),
]


def register() -> None:
    """The part's tab (领导批示, order 60), the sections 领导批示 on the item's and the issue's pages, the
    instructions' access scope and their name as a supervision item's source, and the supervisor's to-do."""
    from zhongshu.core.todos import register_todo_source

    BAR.register(TAB, "领导批示", "information:instructions", 60, may_see_tab)
    ITEM_PAGE.register(
        "instructions", "领导批示", 50, "information/instructions_section.html", section_context
    )
    ISSUE_PAGE.register(
        "instructions", "领导批示", 50, "information/instructions_section.html", section_context
    )
    instructions.register()
    register_todo_source("information.instructions", instructions.instruction_todos)
