"""Pages of the duty module's swaps part: 当前值班 (the whole county, everyone), 换班 (my requests and those
to approve, a swap's page, the request form from a shift) and 报备 (the office's calls and each unit's
state). Views stay thin: the services in swaps.py, roster_calls.py and on_duty.py decide."""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_POST

from zhongshu.access.policy import get_for, visible
from zhongshu.accounts.actors import actor_of
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input
from zhongshu.duty import on_duty, roster_calls, swaps
from zhongshu.duty.actions_swaps import SWAP_RULES, may_issue_calls
from zhongshu.duty.models import DutyShift, RosterCall, ShiftSwap, SwapState
from zhongshu.duty.roles import may_use_duty
from zhongshu.duty.schemas_swaps import SWAP_DONE, CallFileIn, CallIssueIn, SwapDecisionIn, SwapRequestIn
from zhongshu.duty.tabs import register_tab
from zhongshu.duty.views import allowed
from zhongshu.org.models import Unit, UnitKind


def _parse_at(raw: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        return None
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def _page_number(raw: str) -> int:
    try:
        return max(1, int(raw))
    except ValueError:
        return 1


_KIND_LABELS = {str(value): str(label) for value, label in UnitKind.choices}


def _rows_html(lines: list[on_duty.UnitOnDuty]) -> SafeString:
    """The table's rows, joined in Python (a template loop costs about a millisecond a dozen rows); every
    value is escaped."""
    if not lines:
        return mark_safe('<tr><td colspan="4">没有符合条件的单位</td></tr>')
    out: list[str] = []
    for line in lines:
        if line.people:
            people = "；".join(
                f'<span class="on-duty-person"><span class="role">{escape(p.role)}</span> {escape(p.name)}'
                + (f"（{escape(p.phone)}）" if p.phone else "")
                + "</span>"
                for p in line.people
            )
        else:
            people = '<span class="badge urgent">当前无人值班</span>'
        out.append(
            f'<tr class="{"nobody" if line.nobody else ""}" data-unit="{line.unit_id}">'
            f"<td>{escape(line.name)}</td><td>{escape(_KIND_LABELS.get(line.kind, line.kind))}</td>"
            f"<td>{escape(line.phone or '—')}</td><td>{people}</td></tr>"
        )
    return mark_safe("\n".join(out))  # noqa: S308 - every value above is escaped


@login_required
def on_duty_now(request: HttpRequest) -> HttpResponse:
    """当前值班: a page of units (the viewer's own unit and the county organs first), with search by kind and
    name, paging, and the whole filter's counts; `on_duty_print` lists every unit at once for printing."""
    allowed(request)
    kind = request.GET.get("kind", "")
    name = request.GET.get("q", "").strip()[:50]
    at_q = request.GET.get("at", "").strip()[:40]
    parsed = _parse_at(at_q)
    at = parsed or timezone.now()
    page = on_duty.on_duty_page(
        at,
        kind=kind,
        name=name,
        page=_page_number(request.GET.get("page", "")),
        own_unit_id=getattr(request.user, "unit_id", None),
    )
    return render(
        request,
        "duty/on_duty.html",
        {
            "current_tab": "on_duty",
            "rows": _rows_html(page.lines),
            "page": page,
            "at": at,
            "at_q": at_q if parsed else "",
            "kind": kind,
            "q": name,
            "kinds": on_duty.KIND_LABELS,
            "total": page.total,
            "nobody_count": page.nobody_count,
        },
    )


@login_required
def on_duty_print(request: HttpRequest) -> HttpResponse:
    """当前值班 for printing: every unit the filter matches on one page, with its duty phone (not the timed
    page: 5,000 units take about half a second to render)."""
    allowed(request)
    kind = request.GET.get("kind", "")
    name = request.GET.get("q", "").strip()[:50]
    at = _parse_at(request.GET.get("at", "")) or timezone.now()
    lines = on_duty.county_on_duty(at, units=on_duty.units_for(kind, name))
    return render(
        request,
        "duty/on_duty.html",
        {
            "current_tab": "on_duty",
            "rows": _rows_html(lines),
            "page": None,
            "printing": True,
            "at": at,
            "kind": kind,
            "q": name,
            "kinds": on_duty.KIND_LABELS,
            "total": len(lines),
            "nobody_count": sum(1 for line in lines if line.nobody),
        },
    )


def _my_swaps(request: HttpRequest) -> dict[str, Any]:
    user: Any = request.user
    person = user.person_or_none
    mine = visible(ShiftSwap.objects.all(), user).filter(
        Q(requested_by=user) | Q(from_person=person) | Q(to_person=person)
    )
    to_approve = visible(ShiftSwap.objects.all(), user).filter(
        state=SwapState.PENDING,
        workflow__steps__assignee__user=user,
        workflow__steps__state="open",
    )
    related = ("shift__unit", "shift__role", "from_person", "to_person")
    today = timezone.localdate()
    my_shifts = list(
        DutyShift.objects.filter(person=person, day__gte=today)
        .select_related("unit", "role")
        .order_by("day")[:20]
    )
    return {
        "current_tab": "on_duty",
        "mine": list(mine.select_related(*related).order_by("-requested_at")[:100]),
        "to_approve": list(to_approve.select_related(*related).distinct().order_by("requested_at")[:100]),
        "my_shifts": my_shifts,
    }


@login_required
def swap_list(request: HttpRequest) -> HttpResponse:
    allowed(request)
    return render(request, "duty/swaps.html", _my_swaps(request))


def _shift(request: HttpRequest, pk: Any) -> DutyShift:
    try:
        shift = DutyShift.objects.select_related("unit", "role", "person").get(pk=int(pk))
    except (DutyShift.DoesNotExist, ValueError, TypeError):
        raise PermissionDenied("班次不存在或无权换班") from None
    if not swaps.may_request(request.user, shift):
        raise PermissionDenied("只有本班次的值班人员或值班室才能申请换班")
    return shift


@login_required
def swap_new(request: HttpRequest) -> HttpResponse:
    """申请换班 from a shift (GET ?shift=<id>; POST shift, to_person, reason)."""
    allowed(request)
    data = Input.of(request)
    shift = _shift(
        request, request.POST.get("shift") if request.method == "POST" else request.GET.get("shift")
    )
    context: dict[str, Any] = {
        "current_tab": "on_duty",
        "shift": shift,
        "candidates": swaps.eligible_people(shift),
    }
    if request.method == "POST":
        try:
            swap = SwapRequestIn.parse(data, request.user, shift).apply(by=actor_of(request))
        except ServiceError as refused:
            context.update(
                error=refused.message, error_code=refused.code, error_field=refused.field, posted=request.POST
            )
            return render(request, "duty/swap_form.html", context, status=refused.status)
        messages.success(request, "换班申请已提交，等待审批")
        return redirect("duty:swap", swap.pk)
    return render(request, "duty/swap_form.html", context)


def _swap(request: HttpRequest, pk: int) -> ShiftSwap:
    allowed(request)
    return get_for(
        request.user,
        ShiftSwap.objects.select_related(
            "shift__unit", "shift__role", "from_person", "to_person", "workflow"
        ),
        pk,
    )


def _swap_context(request: HttpRequest, swap: ShiftSwap) -> dict[str, Any]:
    return {"current_tab": "on_duty", "swap": swap, "actions": SWAP_RULES.available(request.user, swap)}


@login_required
def swap_page(request: HttpRequest, pk: int) -> HttpResponse:
    swap = _swap(request, pk)
    return render(request, "duty/swap.html", _swap_context(request, swap))


@login_required
@require_POST
def swap_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    swap = _swap(request, pk)
    try:
        SwapDecisionIn.parse(Input.of(request), action).apply(swap=swap, by=actor_of(request))
    except ServiceError as refused:
        swap.refresh_from_db()
        context = _swap_context(request, swap)
        context.update(error=refused.message, error_code=refused.code, error_field=refused.field)
        return render(request, "duty/swap.html", context, status=refused.status)
    messages.success(request, SWAP_DONE.get(action, "已办理"))
    return redirect("duty:swap", swap.pk)


# --- 报备 --------------------------------------------------------------------------------------------------


def _calls_context(request: HttpRequest) -> dict[str, Any]:
    now = timezone.now()
    rows = []
    for call in roster_calls.visible_calls(request.user)[:50]:
        filings = roster_calls.call_filings(call, now=now)
        rows.append({"call": call, "counts": roster_calls.call_counts(filings), "total": len(filings)})
    return {
        "current_tab": "on_duty",
        "rows": rows,
        "may_issue": may_issue_calls(request.user),
        "labels": roster_calls.FILING_LABELS,
    }


@login_required
def roster_call_list(request: HttpRequest) -> HttpResponse:
    allowed(request)
    if request.method == "POST":
        if not may_issue_calls(request.user):
            raise PermissionDenied("只有县委办值班室才能下发报备通知")
        try:
            call = CallIssueIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
        except ServiceError as refused:
            context = _calls_context(request)
            context.update(
                error=refused.message, error_code=refused.code, error_field=refused.field, posted=request.POST
            )
            return render(request, "duty/roster_calls.html", context, status=refused.status)
        messages.success(request, "报备通知已下发")
        return redirect("duty:roster_call", call.pk)
    return render(request, "duty/roster_calls.html", _calls_context(request))


def _call_context(request: HttpRequest, call: RosterCall) -> dict[str, Any]:
    user: Any = request.user
    units = None if may_issue_calls(user) else list(Unit.objects.filter(pk=user.person_or_none.unit_id))
    filings = roster_calls.call_filings(call, units=units)
    return {
        "current_tab": "on_duty",
        "call": call,
        "filings": filings,
        "counts": roster_calls.call_counts(filings),
        "labels": roster_calls.FILING_LABELS,
        "deadline": roster_calls.deadline_of(call),
        "may_file": [f.unit.pk for f in filings if roster_calls.may_file(user, f.unit)],
    }


@login_required
def roster_call_page(request: HttpRequest, pk: int) -> HttpResponse:
    allowed(request)
    call = get_for(request.user, RosterCall, pk)
    return render(request, "duty/roster_call.html", _call_context(request, call))


@login_required
@require_POST
def roster_call_file(request: HttpRequest, pk: int) -> HttpResponse:
    allowed(request)
    call = get_for(request.user, RosterCall, pk)
    try:
        CallFileIn.parse(Input.of(request), request.user, call).apply(call=call, by=actor_of(request))
    except ServiceError as refused:
        context = _call_context(request, call)
        context.update(error=refused.message, error_code=refused.code, error_field=refused.field)
        return render(request, "duty/roster_call.html", context, status=refused.status)
    messages.success(request, "值班表已报备")
    return redirect("duty:roster_call", call.pk)


urlpatterns: list[URLPattern] = [
    path("on-duty/", on_duty_now, name="on_duty_now"),
    path("on-duty/print/", on_duty_print, name="on_duty_print"),
    path("swaps/", swap_list, name="swaps"),
    path("swaps/new/", swap_new, name="swap_new"),
    path("swaps/<int:pk>/", swap_page, name="swap"),
    path("swaps/<int:pk>/<str:action>/", swap_act, name="swap_act"),
    path("roster-calls/", roster_call_list, name="roster_calls"),
    path("roster-calls/<int:pk>/", roster_call_page, name="roster_call"),
    path("roster-calls/<int:pk>/file/", roster_call_file, name="roster_call_file"),
]


def register() -> None:
    """The part's tab and registries, called once from DutyConfig.ready()."""
    from zhongshu.core.jobs import register_tick
    from zhongshu.core.todos import register_todo_source

    register_tab("on_duty", "当前值班", "duty:on_duty_now", 15, may_use_duty)
    swaps.register()
    roster_calls.register()
    register_tick("duty.roster_call_reminders", roster_calls.roster_call_reminders_tick)
    register_todo_source("duty.roster_calls", roster_calls.roster_call_todos)
