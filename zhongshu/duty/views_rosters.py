"""Pages of the duty module's rosters part (值班表): the list by unit and period (the module's first tab), the
roster page (a table by day, hand edits of a draft, publish, delete, print), the generate form, the DOCX, and
the configuration page (duty roles, who rotates, duty phones, sensitive periods). Views stay thin: the input
contracts (schemas_rosters) and the services (rosters) do the work."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_POST

from zhongshu.accounts.actors import actor_of
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.core.inputs import Input
from zhongshu.duty import rosters
from zhongshu.duty.actions_rosters import RULES
from zhongshu.duty.models import (
    DutyEligibility,
    DutyPoint,
    DutyRole,
    DutyRoster,
    RosterState,
    SensitivePeriod,
    ShiftKind,
)
from zhongshu.duty.roles import is_county_duty_room, may_use_duty
from zhongshu.duty.roster_docx import SCOPES, roster_docx
from zhongshu.duty.schemas_rosters import config_action, roster_action
from zhongshu.duty.tabs import register_tab
from zhongshu.duty.views import allowed
from zhongshu.org.models import Unit

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TAB = "rosters"


def managed_units(user: Any) -> list[Unit]:
    """The units whose rosters and rotation `user` manages: all for the duty room, else their own."""
    if is_county_duty_room(user):
        return list(Unit.objects.all())
    unit_id = getattr(user, "unit_id", None)
    if unit_id is not None and rosters.may_manage_unit(user, unit_id):
        return list(Unit.objects.filter(pk=unit_id))
    return []


def _roster(request: HttpRequest, pk: int) -> DutyRoster:
    allowed(request)
    roster = rosters.visible_rosters(request.user).filter(pk=pk).first()
    if roster is None:
        raise Http404("值班表不存在")
    return roster


@login_required
def roster_list(request: HttpRequest) -> HttpResponse:
    allowed(request)
    qs = rosters.visible_rosters(request.user)
    units = list(Unit.objects.filter(pk__in=qs.values("unit_id")))
    unit_id = Input(request.GET).integer("unit", label="单位", low=1) if request.GET.get("unit") else None
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    month = request.GET.get("month", "")
    if month:
        try:
            year, mon = (int(part) for part in month.split("-"))
            first = date(year, mon, 1)
            qs = qs.filter(starts_on__lte=date(year + mon // 12, mon % 12 + 1, 1), ends_on__gte=first)
        except ValueError:
            month = ""
    return render(
        request,
        "duty/rosters.html",
        {
            "current_tab": TAB,
            "rosters": list(qs.order_by("-starts_on", "unit_id")[:200]),
            "units": units,
            "unit_id": unit_id,
            "month": month,
            "may_generate": bool(managed_units(request.user)),
        },
    )


def _generate_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {"current_tab": TAB, "units": managed_units(request.user), **extra}


@login_required
def roster_new(request: HttpRequest) -> HttpResponse:
    allowed(request)
    if not managed_units(request.user):
        raise PermissionDenied("无权生成值班表")
    if request.method == "POST":
        from zhongshu.duty.schemas_rosters import GenerateIn

        try:
            roster = GenerateIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
        except ServiceError as error:
            context = _generate_context(
                request, error=error.message, error_field=error.field, values=request.POST
            )
            return render(request, "duty/roster_new.html", context, status=400)
        messages.success(request, f"已生成值班表草稿，共{roster.shifts.count()}个班次")
        return redirect("duty:roster", roster.pk)
    return render(request, "duty/roster_new.html", _generate_context(request, values=request.GET))


@login_required
def roster_page(request: HttpRequest, pk: int) -> HttpResponse:
    roster = _roster(request, pk)
    roles, rows = rosters.roster_table(roster)
    actions = RULES.available(request.user, roster)
    choices: dict[int, list[Any]] = {}
    if "edit" in actions:
        for row in DutyEligibility.objects.filter(unit_id=roster.unit_id).select_related("person"):
            choices.setdefault(row.role_id, []).append(row.person)
    week_days: dict[tuple[int, int], date] = {}
    for day in (table_row.info.day for table_row in rows):
        iso = day.isocalendar()
        week_days.setdefault((iso.year, iso.week), day)
    weeks = sorted(week_days.items())
    return render(
        request,
        "duty/roster.html",
        {
            "current_tab": TAB,
            "roster": roster,
            "roles": roles,
            "rows": [
                {
                    "info": row.info,
                    "cells": [(role, row.cells.get(role.pk, []), choices.get(role.pk, [])) for role in roles],
                    "full_day": any(
                        s.kind == ShiftKind.FULL_DAY for shifts in row.cells.values() for s in shifts
                    ),
                }
                for row in rows
            ],
            "actions": actions,
            "point": DutyPoint.objects.filter(unit_id=roster.unit_id).first(),
            "weeks": [day for _, day in weeks],
            "has_holiday": any(row.info.holiday_name for row in rows),
            "published": roster.state == RosterState.PUBLISHED,
        },
    )


@login_required
@require_POST
def roster_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    roster = _roster(request, pk)
    try:
        roster_action(action, roster=roster, by=actor_of(request), data=Input.of(request))
    except Forbidden as error:
        raise PermissionDenied(error.message) from error
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("duty:roster", roster.pk)
    if action == "delete":
        messages.success(request, "已删除值班表草稿")
        return redirect("duty:rosters")
    messages.success(request, {"publish": "值班表已发布", "edit": "已换人"}[action])
    return redirect("duty:roster", roster.pk)


@login_required
def roster_docx_view(request: HttpRequest, pk: int) -> HttpResponse:
    roster = _roster(request, pk)
    scope = request.GET.get("scope", "all")
    if scope not in SCOPES:
        scope = "all"
    around = Input(request.GET).date("day", label="日期") if request.GET.get("day") else None
    data = roster_docx(roster, scope, around or roster.starts_on)
    response = HttpResponse(data, content_type=DOCX)
    name = f"{roster.title}.docx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


def _config_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    units = managed_units(request.user)
    unit_ids = [unit.pk for unit in units]
    eligibility = (
        DutyEligibility.objects.filter(unit_id__in=unit_ids)
        .select_related("unit", "role", "person")
        .order_by("unit_id", "role__sort_order", "sort_order", "id")
    )
    return {
        "current_tab": TAB,
        "units": units,
        "roles": list(DutyRole.objects.order_by("sort_order", "id")),
        "eligibility": list(eligibility),
        "points": list(
            DutyPoint.objects.filter(unit_id__in=unit_ids).select_related("unit").order_by("unit_id")
        ),
        "periods": list(SensitivePeriod.objects.order_by("-starts_on")),
        "may_configure": rosters.may_configure(request.user),
        **extra,
    }


@login_required
def roster_settings(request: HttpRequest) -> HttpResponse:
    allowed(request)
    if not managed_units(request.user):
        raise PermissionDenied("无权设置值班")
    return render(request, "duty/roster_settings.html", _config_context(request))


@login_required
@require_POST
def roster_settings_act(request: HttpRequest, action: str) -> HttpResponse:
    allowed(request)
    if not managed_units(request.user):
        raise PermissionDenied("无权设置值班")
    try:
        config_action(action, by=actor_of(request), data=Input.of(request))
    except Forbidden as error:
        raise PermissionDenied(error.message) from error
    except ServiceError as error:
        context = _config_context(request, error=error.message, error_action=action, values=request.POST)
        return render(request, "duty/roster_settings.html", context, status=400)
    messages.success(request, "已保存")
    return redirect(reverse("duty:roster_settings") + f"#{action}")


urlpatterns: list[URLPattern] = [
    path("rosters/", roster_list, name="rosters"),
    path("rosters/new/", roster_new, name="roster_new"),
    path("rosters/settings/", roster_settings, name="roster_settings"),
    path("rosters/settings/<str:action>/", roster_settings_act, name="roster_settings_act"),
    path("rosters/<int:pk>/", roster_page, name="roster"),
    path("rosters/<int:pk>/docx/", roster_docx_view, name="roster_docx"),
    path("rosters/<int:pk>/<str:action>/", roster_act, name="roster_act"),
]


def register() -> None:
    """The part's tab and registries, called once from DutyConfig.ready()."""
    register_tab(TAB, "值班表", "duty:rosters", 10, may_use_duty)
