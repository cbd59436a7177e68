"""请示报告清单 pages: the office sees every unit's list (filtered by unit) and keeps it (add — to several units
at once —, edit with a version check, retire, delete a line nobody filed against); a unit sees its own list
and files against it. A unit's list exports to Excel. Views stay thin: checklist.py decides."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from zhongshu.access.policy import get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input, parse_id
from zhongshu.core.spreadsheets import append_row
from zhongshu.org.models import Unit
from zhongshu.reporting import checklist, filings
from zhongshu.reporting.actions_checklist import LINE_RULES
from zhongshu.reporting.models import ChecklistLine
from zhongshu.reporting.roles import may_use_reporting
from zhongshu.reporting.schemas_checklist import (
    CYCLE_CHOICES,
    KIND_CHOICES,
    TIMING_CHOICES,
    LineAddIn,
    LineEditIn,
    LineRetireIn,
)
from zhongshu.reporting.views import allowed


def _unit_filter(request: HttpRequest) -> tuple[list[Unit], Unit | None]:
    """The units the viewer may choose among, and the one chosen (the office: ?unit=; a unit: its own)."""
    units = checklist.units_with_lists(request.user)
    chosen_id = parse_id(request.GET.get("unit", ""))
    if not checklist.may_keep(request.user):
        own = checklist.own_unit_id(request.user)
        return units, next((unit for unit in units if unit.pk == own), None)
    return units, next((unit for unit in units if unit.pk == chosen_id), None)


def _lines(request: HttpRequest, unit: Unit | None) -> list[ChecklistLine]:
    lines = checklist.visible_lines(request.user)
    if unit is not None:
        lines = lines.filter(unit=unit)
    return list(lines.order_by("unit__sort_order", "unit__code", "sort_order", "id")[:1000])


def _form_context(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {
        "current_tab": "checklist",
        "kinds": KIND_CHOICES,
        "timings": TIMING_CHOICES,
        "cycles": CYCLE_CHOICES,
        **extra,
    }


@login_required
def checklist_page(request: HttpRequest) -> HttpResponse:
    allowed(request)
    units, unit = _unit_filter(request)
    lines = _lines(request, unit)
    today = timezone.localdate()
    return render(
        request,
        "reporting/checklist_list.html",
        {
            "current_tab": "checklist",
            "units": units,
            "unit": unit,
            "lines": lines,
            "today": today,
            "may_keep": checklist.may_keep(request.user),
            "may_file": [line.pk for line in lines if LINE_RULES.check("file", request.user, line) is None],
        },
    )


@login_required
def line_new(request: HttpRequest) -> HttpResponse:
    """添加清单事项 (to one unit's list or several at once)."""
    allowed(request)
    if not checklist.may_keep(request.user):
        raise PermissionDenied("只有县委办公室才能维护请示报告清单")
    context = _form_context(request, posted={}, chosen_units=[parse_id(request.GET.get("unit", ""))])
    if request.method == "POST":
        try:
            lines = LineAddIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
        except ServiceError as refused:
            context.update(
                error=refused.message,
                error_code=refused.code,
                error_field=refused.field,
                posted=request.POST,
                chosen_units=request.POST.getlist("units"),
            )
            return render(request, "reporting/checklist_form.html", context, status=refused.status)
        names = "、".join(line.unit.name for line in lines)
        messages.success(request, f"已添加到{names}的请示报告清单")
        return redirect(f"{_list_url()}?unit={lines[0].unit_id}")
    return render(request, "reporting/checklist_form.html", context)


def _list_url() -> str:
    from django.urls import reverse

    return reverse("reporting:checklist")


def _line(request: HttpRequest, pk: int) -> ChecklistLine:
    allowed(request)
    return get_for(request.user, ChecklistLine.objects.select_related("unit", "updated_by"), pk)


def line_values(line: ChecklistLine) -> dict[str, Any]:
    """The line's fields as its edit form shows them."""
    return {
        "kind": line.kind,
        "timing": line.timing,
        "matter": line.matter,
        "basis": line.basis,
        "cycle": line.cycle,
        "due_working_days": line.due_working_days or "",
        "due_on": line.due_on.isoformat() if line.due_on else "",
        "starts_on": line.starts_on.isoformat(),
        "ends_on": line.ends_on.isoformat() if line.ends_on else "",
        "sort_order": line.sort_order,
    }


def _line_context(request: HttpRequest, line: ChecklistLine, **extra: Any) -> dict[str, Any]:
    extra.setdefault("values", extra.get("posted") or line_values(line))
    line_filings = list(line.filings.select_related("filed_by").order_by("-period_start", "-filed_at")[:200])
    return _form_context(
        request,
        line=line,
        filings=[(filing, filings.period_label(line, filing.period_start)) for filing in line_filings],
        actions=LINE_RULES.available(request.user, line),
        **extra,
    )


@login_required
def line_page(request: HttpRequest, pk: int) -> HttpResponse:
    line = _line(request, pk)
    return render(request, "reporting/checklist_line.html", _line_context(request, line))


def _act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    line = _line(request, pk)
    data = Input.of(request)
    try:
        LINE_RULES.require(action, request.user, line)
        if action == "edit":
            LineEditIn.parse(data).apply(line=line, by=actor_of(request))
        elif action == "retire":
            LineRetireIn.parse(data).apply(line=line, by=actor_of(request))
        else:
            checklist.line_delete(
                line=line, version=data.integer("version", label="版本号", low=1), by=actor_of(request)
            )
    except ServiceError as refused:
        line.refresh_from_db()
        context = _line_context(
            request,
            line,
            error=refused.message,
            error_code=refused.code,
            error_field=refused.field,
            posted=request.POST if action == "edit" else None,
        )
        return render(request, "reporting/checklist_line.html", context, status=refused.status)
    if action == "delete":
        messages.success(request, "清单事项已删除")
        return redirect(f"{_list_url()}?unit={line.unit_id}")
    messages.success(request, "清单事项已修改" if action == "edit" else "清单事项已停止")
    return redirect("reporting:line", line.pk)


@login_required
@require_POST
def line_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "edit")


@login_required
@require_POST
def line_retire(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "retire")


@login_required
@require_POST
def line_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "delete")


EXPORT_HEADERS = [
    "单位",
    "类别",
    "时机",
    "请示报告事项",
    "依据",
    "周期",
    "期满后第几个工作日前报送",
    "指定报送日期",
    "起始日期",
    "停止日期",
]


@login_required
def checklist_export(request: HttpRequest) -> HttpResponse:
    """The list (one unit's, or every unit's the viewer may see) as an Excel sheet."""
    allowed(request)
    _, unit = _unit_filter(request)
    book = Workbook()
    sheet = book.active
    sheet.title = "请示报告清单"
    append_row(sheet, EXPORT_HEADERS)
    for line in _lines(request, unit):
        append_row(
            sheet,
            [
                line.unit.name,
                line.get_kind_display(),
                line.get_timing_display(),
                line.matter,
                line.basis,
                line.get_cycle_display(),
                line.due_working_days,
                line.due_on.strftime("%m-%d") if line.due_on else "",
                line.starts_on,
                line.ends_on,
            ],
        )
    for column, width in zip("ABCDEFGHIJ", (16, 6, 6, 36, 36, 10, 12, 10, 12, 12), strict=True):
        sheet.column_dimensions[column].width = width
    out = BytesIO()
    book.save(out)
    name = f"请示报告清单-{unit.name if unit else '全部单位'}.xlsx"
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


urlpatterns: list[URLPattern] = [
    path("checklist/", checklist_page, name="checklist"),
    path("checklist/new/", line_new, name="line_new"),
    path("checklist/export/", checklist_export, name="checklist_export"),
    path("checklist/<int:pk>/", line_page, name="line"),
    path("checklist/<int:pk>/edit/", line_edit, name="line_edit"),
    path("checklist/<int:pk>/retire/", line_retire, name="line_retire"),
    path("checklist/<int:pk>/delete/", line_delete, name="line_delete"),
]


def register() -> None:
    """The part's tab and registries, called once from ReportingConfig.ready()."""
    from zhongshu.core.jobs import register_tick
    from zhongshu.core.todos import register_todo_source
    from zhongshu.reporting import reminders
    from zhongshu.reporting.tabs import BAR

    BAR.register("checklist", "请示报告清单", "reporting:checklist", 10, may_use_reporting)
    checklist.register()
    register_tick("reporting.checklist_reminders", reminders.checklist_reminders_tick)
    register_todo_source("reporting.checklist", reminders.checklist_todos)
