"""Pages of the duty module's spotchecks part (值班抽查, the county duty room only): the rounds and the form
that draws a new one, a round's checks to call one after another with the result buttons, the results per
unit and period (chart and table) and the period's 通报 (DOCX). `register()` adds the tab and the access
scopes of the part's records."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhongshu.access.policy import Action, Viewer, get_for, register_scope, visible
from zhongshu.accounts.actors import actor_of
from zhongshu.core.charts import BAD, GOOD, LATE, Chart, Series
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input
from zhongshu.core.todos import register_todo_source
from zhongshu.duty import spotchecks
from zhongshu.duty.actions_spotchecks import RULES
from zhongshu.duty.models import CheckResult, SpotCheck, SpotCheckRound
from zhongshu.duty.roles import is_county_duty_room
from zhongshu.duty.schemas_spotchecks import DrawIn, RecordIn
from zhongshu.duty.spotcheck_docx import period_bulletin
from zhongshu.duty.tabs import register_tab

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TAB = "spotchecks"


def allowed(request: HttpRequest) -> None:
    if not spotchecks.may_spot_check(request.user):
        raise PermissionDenied(spotchecks.NOT_ALLOWED)


def duty_room_scope(viewer: Viewer, action: Action) -> Q | None:
    """The rounds and checks are the duty room's working papers: its people see them all, nobody else any."""
    if viewer.is_business_person and is_county_duty_room(viewer):
        return Q()
    return None


def _form_moment(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _draw_defaults(now: datetime) -> dict[str, str]:
    start = timezone.localtime(now).replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    return {
        "window_starts_at": _form_moment(start),
        "window_ends_at": _form_moment(start + timedelta(hours=3)),
    }


@login_required
def rounds_page(request: HttpRequest) -> HttpResponse:
    """值班抽查: the rounds, newest first, with their progress, and the form that draws a new one."""
    allowed(request)
    error: ServiceError | None = None
    values: dict[str, Any] = _draw_defaults(timezone.now())
    if request.method == "POST":
        data = Input.of(request)
        values = {
            name: data.value(name) or ""
            for name in ("window_starts_at", "window_ends_at", "scope", "count", "seed", "title")
        }
        try:
            round_ = DrawIn.parse(data, request.user).apply(by=actor_of(request))
        except ServiceError as refused:
            error = refused
        else:
            messages.success(request, f"已抽取{round_.checks.count()}个单位，请按计划时间逐一拨打")
            return redirect("duty:spot_check_round", round_.pk)
    rounds = (
        visible(SpotCheckRound.objects.all(), request.user)
        .select_related("drawn_by")
        .annotate(total=Count("checks"), done=Count("checks", filter=~Q(checks__result="")))
        .order_by("-window_starts_at")[:100]
    )
    context = {
        "current_tab": TAB,
        "rounds": rounds,
        "scopes": spotchecks.SCOPES,
        "values": values,
        "error": error,
        "periods": spotchecks.periods_with_checks(),
    }
    return render(request, "duty/spot_checks.html", context, status=error.status if error else 200)


def _round_context(request: HttpRequest, round_: SpotCheckRound) -> dict[str, Any]:
    checks = list(round_.checks.select_related("unit", "recorded_by").order_by("planned_at", "pk"))
    rostered = spotchecks.rostered_for_checks(checks)
    rows = [
        {
            "check": check,
            "rostered": rostered.get(check.pk, []),
            "actions": RULES.available(request.user, check),
        }
        for check in checks
    ]
    return {
        "current_tab": TAB,
        "round": round_,
        "rows": rows,
        "scope_label": spotchecks.SCOPES.get(round_.scope, round_.scope),
        "results": CheckResult,
        "done": sum(1 for check in checks if check.result),
        "now_value": _form_moment(timezone.now()),
    }


@login_required
def round_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One round: its checks in planned order, each with the unit's duty phone, who the roster says is on duty
    then, and the result buttons until it is recorded."""
    allowed(request)
    round_ = get_for(request.user, SpotCheckRound, pk)
    return render(request, "duty/spot_check_round.html", _round_context(request, round_))


@login_required
@require_POST
def record(request: HttpRequest, pk: int) -> HttpResponse:
    allowed(request)
    check = get_for(request.user, SpotCheck.objects.select_related("round", "unit"), pk)
    try:
        RecordIn.parse(Input.of(request), request.user).apply(check=check, by=actor_of(request))
    except ServiceError as refused:
        context = _round_context(request, check.round)
        context.update(error=refused, error_check=check.pk)
        return render(request, "duty/spot_check_round.html", context, status=refused.status)
    messages.success(request, f"已记录{check.unit.name}的抽查结果")
    return redirect(f"{_round_url(check.round_id)}#check-{check.pk}")


def _round_url(pk: int) -> str:
    from django.urls import reverse

    return reverse("duty:spot_check_round", args=[pk])


def results_chart(rows: list[spotchecks.UnitResult], period: spotchecks.Period) -> Chart:
    return Chart(
        id="spot-check-results",
        title=f"{period.label}各单位值班抽查结果",
        kind="bar",
        category_label="单位",
        categories=[row.unit_name for row in rows],
        series=[
            Series("在岗", [row.on_roster for row in rows], GOOD),
            Series("他人代接", [row.someone_else for row in rows], LATE),
            Series("无人接听", [row.no_answer for row in rows], BAD),
        ],
        unit="次",
    )


def _period(request: HttpRequest) -> spotchecks.Period:
    raw = request.GET.get("period", "").strip()
    return spotchecks.Period.parse(raw) if raw else spotchecks.Period.month_of(timezone.now())


@login_required
def results_page(request: HttpRequest) -> HttpResponse:
    """抽查结果: per unit, the period's checks and how they ended (chart with its table view), the totals, the
    units found absent and the 通报 download."""
    allowed(request)
    error: ServiceError | None = None
    try:
        period = _period(request)
    except ServiceError as refused:
        error, period = refused, spotchecks.Period.month_of(timezone.now())
    rows = spotchecks.results(period)
    context = {
        "current_tab": TAB,
        "period": period,
        "rows": rows,
        "total": spotchecks.totals(rows),
        "chart": results_chart(rows, period),
        "absent": spotchecks.absent_checks(period),
        "periods": spotchecks.periods_with_checks(),
        "error": error,
        "year": period.year,
    }
    return render(request, "duty/spot_check_results.html", context, status=error.status if error else 200)


@login_required
def bulletin(request: HttpRequest) -> HttpResponse:
    """The period's 通报 (DOCX)."""
    allowed(request)
    try:
        period = _period(request)
    except ServiceError as refused:
        return HttpResponse(refused.message, status=refused.status, content_type="text/plain; charset=utf-8")
    data, name = period_bulletin(period=period, by=actor_of(request))
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


urlpatterns: list[URLPattern] = [
    path("spot-checks/", rounds_page, name="spot_checks"),
    path("spot-checks/results/", results_page, name="spot_check_results"),
    path("spot-checks/bulletin.docx", bulletin, name="spot_check_bulletin"),
    path("spot-checks/<int:pk>/", round_page, name="spot_check_round"),
    path("spot-checks/checks/<int:pk>/record/", record, name="spot_check_record"),
]


def register() -> None:
    """The part's tab and registries, called once from DutyConfig.ready()."""
    register_tab(TAB, "值班抽查", "duty:spot_checks", order=30, allowed=spotchecks.may_spot_check)
    register_scope(SpotCheckRound, duty_room_scope)
    register_scope(SpotCheck, duty_room_scope)
    register_todo_source("duty.spot_checks", spotchecks.todo_items)
