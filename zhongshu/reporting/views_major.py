"""请示报告 · 三重一大: the register (every unit's filings for the county office, its own for a unit, with filters
by unit, category, month and late only, the 迟报单位 summary, and its Excel export), the filing form, a filing's
page (its outcome and withdrawal forms), and the form to change it. Registers the tab, the unit's to-do for a
meeting passed without an outcome, and the search source."""

from __future__ import annotations

import io
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
from zhongshu.audit.disclosure import Shown, audit_shown
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.core.inputs import Input
from zhongshu.org.models import Unit
from zhongshu.reporting import major
from zhongshu.reporting.actions_major import RULES
from zhongshu.reporting.models import MajorCategory, MajorDecisionFiling
from zhongshu.reporting.roles import keeps_checklists, may_use_reporting
from zhongshu.reporting.schemas_major import MajorIn, OutcomeIn, WithdrawIn, parse_filters

TAB = "major"
MOST_ROWS = 500
EXPORT_COLUMNS = (
    "报备单位",
    "类别",
    "事项名称",
    "涉及金额（万元）",
    "决策会议",
    "会议日期",
    "报备时间",
    "应报备日期",
    "是否迟报",
    "状态",
    "决策日期",
    "决策结果",
    "密级",
)


def allowed(request: HttpRequest) -> None:
    if not may_use_reporting(request.user):
        raise PermissionDenied("无权使用请示报告")


def may_see_tab(user: Any) -> bool:
    return may_use_reporting(user) and (keeps_checklists(user) or major.may_file(user))


def _filing(request: HttpRequest, pk: int) -> MajorDecisionFiling:
    allowed(request)
    filing = get_for(request.user, MajorDecisionFiling.objects.select_related("unit", "owner_person"), pk)
    audit_shown(request.user, [filing], route="reporting.major", action="record.view")
    return filing


def _filters(request: HttpRequest) -> tuple[major.Filters, ServiceError | None]:
    try:
        return parse_filters(Input(request.GET)), None
    except ServiceError as error:
        return major.Filters(), error


@login_required
def register_page(request: HttpRequest) -> HttpResponse:
    allowed(request)
    filters, error = _filters(request)
    queryset = major.filtered(major.visible_filings(request.user), filters)
    rows = audit_shown(request.user, queryset[:MOST_ROWS], route="reporting.major_register")
    office = major.sees_every_unit(request.user)
    chosen_unit = Unit.objects.filter(pk=filters.unit_id).first() if filters.unit_id else None
    return render(
        request,
        "reporting/major_register.html",
        {
            "current_tab": TAB,
            "rows": rows,
            "more": len(rows) == MOST_ROWS,
            "late_units": major.late_units(queryset),
            "office": office,
            "may_file": major.may_file(request.user),
            "categories": MajorCategory.choices,
            "filters": filters,
            "month": f"{filters.month:%Y-%m}" if filters.month else "",
            "chosen_unit": chosen_unit,
            "lead_days": major.lead_days(),
            "error": error,
            "query": request.GET.urlencode(),
        },
        status=400 if error else 200,
    )


@login_required
def export(request: HttpRequest) -> HttpResponse:
    """导出 Excel: the register's rows under the same filters, every one the viewer may see; audited."""
    from openpyxl import Workbook

    from zhongshu.core.spreadsheets import append_row

    allowed(request)
    filters, error = _filters(request)
    if error is not None:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    queryset = major.filtered(major.visible_filings(request.user), filters)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook always has its sheet
    sheet.title = "三重一大报备登记表"
    sheet.append(list(EXPORT_COLUMNS))
    shown = Shown()
    for filing in shown.each(queryset.iterator()):
        append_row(
            sheet,
            [
                filing.unit.name,
                filing.get_category_display(),
                filing.title,
                float(filing.amount) if filing.amount is not None else "",
                filing.meeting_name,
                filing.meeting_on.isoformat(),
                timezone.localtime(filing.filed_at).strftime("%Y-%m-%d %H:%M"),
                major.due_by(filing.meeting_on).isoformat(),
                "迟报" if filing.late else "按时",
                filing.get_state_display(),
                filing.decided_on.isoformat() if filing.decided_on else "",
                filing.outcome,
                filing.get_classification_display(),
            ],
        )
    shown.record(request.user, action="reporting.major.export", route="reporting.major_export", always=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = "attachment; filename*=UTF-8''%E4%B8%89%E9%87%8D%E4%B8%80%E5%A4%A7.xlsx"
    return response


def _form(
    request: HttpRequest,
    values: dict[str, Any],
    *,
    filing: MajorDecisionFiling | None = None,
    error: ServiceError | None = None,
) -> HttpResponse:
    from zhongshu.base.levels import Classification, highest_level_for

    person = getattr(request.user, "person_or_none", None)
    top = highest_level_for(person.clearance if person is not None else 0)
    return render(
        request,
        "reporting/major_form.html",
        {
            "current_tab": TAB,
            "values": values,
            "filing": filing,
            "categories": MajorCategory.choices,
            "levels": [(int(level), Classification(level).label) for level in major.LEVELS if level <= top],
            "needs_amount": [str(value) for value in major.NEEDS_AMOUNT],
            "lead_days": major.lead_days(),
            "error": error,
            "error_field": getattr(error, "field", None),
        },
        status=400 if error else 200,
    )


@login_required
def new(request: HttpRequest) -> HttpResponse:
    allowed(request)
    if not major.may_file(request.user):
        raise PermissionDenied("只有单位的联络员、文书或负责人可以报备三重一大事项")
    if request.method == "POST":
        try:
            filing = MajorIn.parse(Input.of(request), request.user).file(by=actor_of(request))
        except ServiceError as error:
            return _form(request, request.POST.dict(), error=error)
        if filing.late:
            messages.warning(
                request,
                f"已报备。距会议不足{major.lead_days()}个工作日（应于{major.due_by(filing.meeting_on):%m月%d日}前报备），记为迟报",
            )
        else:
            messages.success(request, "已报备三重一大事项")
        return redirect(major.filing_url(filing))
    return _form(request, {"classification": "1"})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    filing = _filing(request, pk)
    return render(
        request,
        "reporting/major_detail.html",
        {
            "current_tab": TAB,
            "filing": filing,
            "actions": RULES.available(request.user, filing),
            "due_by": major.due_by(filing.meeting_on),
            "days_before": major.working_days_before(timezone.localdate(filing.filed_at), filing.meeting_on),
            "lead_days": major.lead_days(),
            "today": timezone.localdate(),
            "error": None,
        },
    )


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    filing = _filing(request, pk)
    refusal = RULES.check("edit", request.user, filing)
    if refusal is not None:
        if refusal.forbidden:
            raise PermissionDenied(refusal.message)
        messages.error(request, refusal.message)
        return redirect(major.filing_url(filing))
    if request.method == "POST":
        try:
            MajorIn.parse(Input.of(request), request.user).edit(by=actor_of(request), filing=filing)
        except ServiceError as error:
            return _form(request, request.POST.dict(), filing=filing, error=error)
        messages.success(request, "已修改报备")
        return redirect(major.filing_url(filing))
    values = {
        "category": filing.category,
        "title": filing.title,
        "summary": filing.summary,
        "amount": "" if filing.amount is None else str(filing.amount),
        "meeting_name": filing.meeting_name,
        "meeting_on": filing.meeting_on.isoformat(),
        "classification": str(filing.classification),
        "version": str(filing.version),
    }
    return _form(request, values, filing=filing)


def _act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    filing = _filing(request, pk)
    try:
        if action == "decide":
            OutcomeIn.parse(Input.of(request), request.user).apply(by=actor_of(request), filing=filing)
            messages.success(request, "已登记决策结果")
        else:
            WithdrawIn.parse(Input.of(request), request.user).apply(by=actor_of(request), filing=filing)
            messages.success(request, "已撤回报备")
    except ServiceError as error:
        if isinstance(error, Forbidden):
            raise PermissionDenied(str(error)) from None
        messages.error(request, str(error))
    return redirect(major.filing_url(filing))


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "decide")


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "withdraw")


urlpatterns: list[URLPattern] = [
    path("major/", register_page, name="major_register"),
    path("major/export.xlsx", export, name="major_export"),
    path("major/new/", new, name="major_new"),
    path("major/<int:pk>/", detail, name="major"),
    path("major/<int:pk>/edit/", edit, name="major_edit"),
    path("major/<int:pk>/decide/", decide, name="major_decide"),
    path("major/<int:pk>/withdraw/", withdraw, name="major_withdraw"),
]


def register() -> None:
    """The part's tab (三重一大, order 40), the unit's to-do for a meeting passed without an outcome, and the
    search source."""
    from zhongshu.core.todos import register_todo_source
    from zhongshu.reporting.tabs import BAR

    BAR.register("major", "三重一大", "reporting:major_register", 40, may_see_tab)
    register_todo_source("reporting.major_outcome", major.major_todos)
    major.register_search()
