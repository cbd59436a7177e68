"""报送记录 pages: the filings the viewer may see (the office: every unit's, filtered by unit; a unit: its own),
a filing's page (its source document, its attachments) and the filing form — choose the line and the period,
then a 请示 or 报告 received from the unit, or a title with the report attached. Views stay thin: filings.py
decides."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone

from zhongshu.access.policy import RecordNotFound, get_for, visible
from zhongshu.accounts.actors import actor_of
from zhongshu.attachments.services import attachments_of, download_response
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input, parse_id
from zhongshu.reporting import checklist, filings
from zhongshu.reporting.actions_checklist import LINE_RULES
from zhongshu.reporting.models import ChecklistFiling, ChecklistLine
from zhongshu.reporting.roles import may_use_reporting
from zhongshu.reporting.schemas_checklist import FilingIn
from zhongshu.reporting.views import allowed


@login_required
def filing_list(request: HttpRequest) -> HttpResponse:
    allowed(request)
    units = checklist.units_with_lists(request.user)
    unit_id = parse_id(request.GET.get("unit", ""))
    rows = filings.visible_filings(request.user)
    unit = next((u for u in units if u.pk == unit_id), None) if checklist.may_keep(request.user) else None
    if unit is not None:
        rows = rows.filter(line__unit=unit)
    shown = []
    for filing in rows.order_by("-filed_at", "-id")[:300]:
        due = filings.due_of(filing)
        shown.append(
            {
                "filing": filing,
                "period": filings.period_label(filing.line, filing.period_start),
                "due": due,
                "late": filings.is_late(filing, due),
                "from_document": filing.source_id is not None,
            }
        )
    return render(
        request,
        "reporting/filings_list.html",
        {
            "current_tab": "filings",
            "rows": shown,
            "units": units,
            "unit": unit,
            "may_keep": checklist.may_keep(request.user),
        },
    )


def _fileable_lines(request: HttpRequest) -> list[ChecklistLine]:
    lines = checklist.visible_lines(request.user).order_by(
        "unit__sort_order", "unit__code", "sort_order", "id"
    )
    return [line for line in lines[:1000] if LINE_RULES.check("file", request.user, line) is None]


def _form_context(request: HttpRequest, line: ChecklistLine | None, **extra: Any) -> dict[str, Any]:
    context: dict[str, Any] = {
        "current_tab": "filings",
        "lines": _fileable_lines(request),
        "line": line,
        "periods": [],
        "documents": [],
        "posted": {},
        **extra,
    }
    if line is not None:
        filed = set(line.filings.values_list("period_start", flat=True))
        context["periods"] = [
            {
                "start": period.start,
                "label": filings.period_label(line, period.start),
                "due": period.due_on,
                "filed": period.start in filed,
            }
            for period in filings.periods_around(line)
        ]
        context["documents"] = list(filings.received_from(request.user, line)[:50])
        context["may_light"] = checklist.own_unit_id(request.user) == line.unit_id
    return context


@login_required
def filing_new(request: HttpRequest) -> HttpResponse:
    """报送 against a line: GET ?line=<id> shows the line's periods and the documents received from the unit."""
    allowed(request)
    raw_line = request.POST.get("line") if request.method == "POST" else request.GET.get("line", "")
    line = checklist.visible_lines(request.user).filter(pk=parse_id(raw_line) or 0).first()
    if line is not None and LINE_RULES.check("file", request.user, line) is not None:
        raise PermissionDenied("只能报送本单位清单上的事项")
    if request.method == "POST":
        try:
            filing = FilingIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
        except ServiceError as refused:
            context = _form_context(
                request,
                line,
                error=refused.message,
                error_code=refused.code,
                error_field=refused.field,
                posted=request.POST,
            )
            return render(request, "reporting/filings_form.html", context, status=refused.status)
        messages.success(request, "已报送")
        return redirect("reporting:filing", filing.pk)
    return render(request, "reporting/filings_form.html", _form_context(request, line))


def _filing(request: HttpRequest, pk: int) -> ChecklistFiling:
    allowed(request)
    return get_for(request.user, ChecklistFiling.objects.select_related("line__unit", "filed_by"), pk)


@login_required
def filing_page(request: HttpRequest, pk: int) -> HttpResponse:
    filing = _filing(request, pk)
    due = filings.due_of(filing)
    return render(
        request,
        "reporting/filings_detail.html",
        {
            "current_tab": "filings",
            "filing": filing,
            "period": filings.period_label(filing.line, filing.period_start),
            "due": due,
            "late": filings.is_late(filing, due),
            "attachments": list(attachments_of(filing, filings.PURPOSE)),
            "today": timezone.localdate(),
        },
    )


def _may_read(user: Any, owner: Any) -> bool:
    return (
        isinstance(owner, ChecklistFiling)
        and visible(ChecklistFiling.objects.filter(pk=owner.pk), user).exists()
    )


@login_required
def filing_file(request: HttpRequest, pk: int, attachment_id: int) -> Any:
    filing = _filing(request, pk)
    attachment = attachments_of(filing, filings.PURPOSE).filter(pk=attachment_id).first()
    if attachment is None:
        raise RecordNotFound()
    return download_response(request, attachment, check=_may_read)


urlpatterns: list[URLPattern] = [
    path("filings/", filing_list, name="filings"),
    path("filings/new/", filing_new, name="filing_new"),
    path("filings/<int:pk>/", filing_page, name="filing"),
    path("filings/<int:pk>/files/<int:attachment_id>/", filing_file, name="filing_file"),
]


def register() -> None:
    """The part's tab and its link to the documents (来源 / 由此产生), called once from ReportingConfig.ready()."""
    from zhongshu.reporting.tabs import BAR

    BAR.register("filings", "报送记录", "reporting:filings", 20, may_use_reporting)
    filings.register()
