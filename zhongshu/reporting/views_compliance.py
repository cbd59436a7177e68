"""Pages of 请示报告's compliance part (应报尽报): the all-units table for the county office (sortable, with a bar
chart and its table view, exportable to Excel) and one unit's lines and periods. The office (roles.
keeps_checklists) sees every unit; a unit's filers see their own unit only (another unit's page answers as a
unit that does not exist); the three administrators see nothing. A month, a quarter or a year is chosen."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote, urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path

from zhongshu.access.policy import get_for
from zhongshu.core.charts import BAD, GOOD, LATE, WAITING, Chart, Series
from zhongshu.core.errors import ServiceError
from zhongshu.org.models import Unit
from zhongshu.reporting import compliance
from zhongshu.reporting.compliance import Span, UnitCompliance
from zhongshu.reporting.compliance_excel import export_summary
from zhongshu.reporting.tabs import BAR

TAB = "compliance"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOT_ALLOWED = "无权查看应报尽报情况"
COLUMNS = [
    ("unit", "单位"),
    ("due", "应报"),
    ("on_time", "按时"),
    ("late", "迟报"),
    ("missing", "未报"),
    ("pending", "待报"),
    ("rate", "按时率"),
    ("major_filed", "三重一大报备"),
    ("major_late", "三重一大迟报"),
]


def allowed(request: HttpRequest) -> None:
    if not compliance.may_view_compliance(request.user):
        raise PermissionDenied(NOT_ALLOWED)


def _span(request: HttpRequest) -> tuple[Span, ServiceError | None]:
    raw = request.GET.get("period", "").strip()
    default = Span.month_of(compliance.local_today())
    if not raw:
        return default, None
    try:
        return Span.parse(raw), None
    except ServiceError as refused:
        return default, refused


CHART_UNITS = 30


def summary_chart(rows: list[UnitCompliance], span: Span) -> Chart:
    """The units as bars; past CHART_UNITS units, the ones most often late or missing (the table has all)."""
    title = f"{span.label}各单位请示报告报送情况"
    if len(rows) > CHART_UNITS:
        worst = sorted(rows, key=lambda row: -(row.tally.late + row.tally.missing))[:CHART_UNITS]
        keep = {row.unit_id for row in worst}
        rows = [row for row in rows if row.unit_id in keep]
        title = f"{span.label}迟报、未报最多的{CHART_UNITS}个单位"
    return Chart(
        id="compliance-units",
        title=title,
        kind="bar",
        category_label="单位",
        categories=[row.unit_name for row in rows],
        series=[
            Series("按时", [row.tally.on_time for row in rows], GOOD),
            Series("迟报", [row.tally.late for row in rows], LATE),
            Series("未报", [row.tally.missing for row in rows], BAD),
            Series("待报", [row.tally.pending for row in rows], WAITING),
        ],
        unit="项",
    )


def _sort_links(span: Span, key: str, descending: bool) -> list[dict[str, Any]]:
    links = []
    for name, label in COLUMNS:
        # A figure sorts largest first on the first click; the unit name in the directory's order.
        next_desc = not descending if name == key else name != "unit"
        query = urlencode({"period": span.code, "sort": name, "order": "desc" if next_desc else "asc"})
        links.append(
            {
                "name": name,
                "label": label,
                "query": query,
                "current": name == key,
                "aria": ("descending" if descending else "ascending") if name == key else "none",
            }
        )
    return links


@login_required
def summary_page(request: HttpRequest) -> HttpResponse:
    """应报尽报: every unit's figures for the chosen month, quarter or year (the office), or straight to the
    viewer's own unit (a unit's filers)."""
    allowed(request)
    span, error = _span(request)
    own = compliance.visible_unit_ids(request.user)
    if own is not None:
        (unit_id,) = own
        url = f"{_unit_url(unit_id)}?{urlencode({'period': span.code})}"
        return redirect(url)
    key = request.GET.get("sort", "")
    descending = request.GET.get("order", "") == "desc"
    rows = compliance.units_compliance(span.start, span.end)
    shown = compliance.sort_rows(rows, key, descending)
    context = {
        "current_tab": TAB,
        "span": span,
        "choices": span.choices(),
        "years": [span.year - 1, span.year, span.year + 1],
        "rows": shown,
        "total": compliance.totals(rows),
        "major_filed": sum(row.major.filed for row in rows),
        "major_late": sum(row.major.late for row in rows),
        "chart": summary_chart(rows, span),
        "columns": _sort_links(span, key if key in compliance.SORT_KEYS else "", descending),
        "error": error,
    }
    return render(
        request, "reporting/compliance_summary.html", context, status=error.status if error else 200
    )


def _unit_url(unit_id: int) -> str:
    from django.urls import reverse

    return reverse("reporting:compliance_unit", args=[unit_id])


def unit_url(unit_id: int, start: date, end: date) -> str:
    """The address of one unit's page for [start, end] (a month, quarter, year or a range of days)."""
    return f"{_unit_url(unit_id)}?{urlencode({'period': Span.between(start, end).code})}"


def _visible_unit(request: HttpRequest, unit_id: int) -> Unit:
    """The unit if the viewer may see its compliance; otherwise the same 404 as for no such unit."""
    ids = compliance.visible_unit_ids(request.user)
    units = Unit.objects.all() if ids is None else Unit.objects.filter(pk__in=ids)
    return get_for(request.user, units, unit_id)


@login_required
def unit_page(request: HttpRequest, unit_id: int) -> HttpResponse:
    """One unit: each checklist line with the periods due in the span and how each was filed."""
    allowed(request)
    unit = _visible_unit(request, unit_id)
    span, error = _span(request)
    result = compliance.unit_compliance(unit.pk, span.start, span.end)
    context = {
        "current_tab": TAB,
        "span": span,
        "choices": span.choices(),
        "years": [span.year - 1, span.year, span.year + 1],
        "unit": unit,
        "result": result,
        "sees_all": compliance.sees_all_units(request.user),
        "error": error,
    }
    return render(request, "reporting/compliance_unit.html", context, status=error.status if error else 200)


@login_required
def export_xlsx(request: HttpRequest) -> HttpResponse:
    """The all-units table as an Excel ledger (the office only)."""
    allowed(request)
    if not compliance.sees_all_units(request.user):
        raise PermissionDenied(NOT_ALLOWED)
    span, error = _span(request)
    if error is not None:
        return HttpResponse(error.message, status=error.status, content_type="text/plain; charset=utf-8")
    rows = compliance.units_compliance(span.start, span.end)
    data = export_summary(user=request.user, span=span, rows=rows)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{quote(f'{span.label}应报尽报情况.xlsx')}"
    )
    return response


urlpatterns: list[URLPattern] = [
    path("compliance/", summary_page, name="compliance"),
    path("compliance/export.xlsx", export_xlsx, name="compliance_export"),
    path("compliance/units/<int:unit_id>/", unit_page, name="compliance_unit"),
]


def register() -> None:
    """The part's tab (应报尽报, order 30), called once from ReportingConfig.ready()."""
    BAR.register(TAB, "应报尽报", "reporting:compliance", order=30, allowed=compliance.may_view_compliance)
