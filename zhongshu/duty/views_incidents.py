"""Pages of the duty module's incidents part: 突发事件 (open first, each with its next clock), 登记突发事件
(directly or from a duty-log entry, ?entry=<id>), the incident page made of sections (事件信息, 报告时限,
报告记录, 时间线 here; the plans part adds its own), the report forms (首报, 续报, 日报, 终报), each report's
DOCX, the printable timeline (page and DOCX), and 报告时限 (the director sets the clocks)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhongshu.access.policy import RecordNotFound, get_for, visible
from zhongshu.accounts.actors import actor_of
from zhongshu.audit.disclosure import audit_shown
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input
from zhongshu.core.jobs import register_tick
from zhongshu.core.todos import register_todo_source
from zhongshu.duty import alarms
from zhongshu.duty.actions_incidents import ACTION_KINDS, RULES
from zhongshu.duty.clocks import (
    Clock,
    clock_for,
    clock_label,
    delete_clock,
    incident_clocks,
    may_configure_clocks,
    next_clock,
)
from zhongshu.duty.incident_docx import report_docx, timeline_docx
from zhongshu.duty.incident_reports import FIRST_ELEMENTS, report_elements, report_title, reports_of
from zhongshu.duty.incidents import (
    SEVERITY_GUIDANCE,
    SUBTYPES,
    draft_from_entry,
    incident_timeline,
    incident_url,
    may_register,
)
from zhongshu.duty.models import (
    Channel,
    DutyLogEntry,
    Incident,
    IncidentCategory,
    IncidentReport,
    IncidentState,
    ReportingClock,
    ReportKind,
    Severity,
)
from zhongshu.duty.roles import is_duty_room, is_leader, may_use_duty
from zhongshu.duty.schemas_incidents import ClockIn, IncidentIn, ReportIn
from zhongshu.duty.sections import register_incident_section
from zhongshu.duty.tabs import register_tab

TAB = "incidents"
KIND_OF_SLUG = {
    "first": ReportKind.FIRST,
    "follow-up": ReportKind.FOLLOW_UP,
    "daily": ReportKind.DAILY,
    "final": ReportKind.FINAL,
}
SLUG_OF_KIND = {kind: slug for slug, kind in KIND_OF_SLUG.items()}
FORM_TITLES = {
    ReportKind.FIRST: "首报",
    ReportKind.FOLLOW_UP: "续报",
    ReportKind.DAILY: "日报",
    ReportKind.FINAL: "终报",
}


def may_see_incidents(user: Any) -> bool:
    return may_use_duty(user) and (is_duty_room(user) or is_leader(user))


def allowed(request: HttpRequest) -> None:
    if not may_use_duty(request.user):
        raise PermissionDenied("无权使用值班应急")


def _local(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M") if moment else ""


def _incident(request: HttpRequest, pk: int) -> Incident:
    allowed(request)
    incident = get_for(request.user, Incident.objects.select_related("unit", "source_entry"), pk)
    audit_shown(request.user, [incident], route="duty.incident", action="record.view")
    return incident


def clock_view(clock: Clock, now: datetime) -> dict[str, Any]:
    """A clock as the pages show it: state (met, late_met, late, due, pending), its badge and words."""
    state = clock.state(now)
    late = clock.late_minutes(now)
    words = {
        "met": "按时",
        "late_met": f"迟报{late}分钟",
        "late": f"已超时{late}分钟",
        "due": f"还剩{clock.minutes_left(now)}分钟",
        "pending": f"还剩{clock.minutes_left(now)}分钟",
    }[state]
    badge = {"met": "ontime", "late_met": "late", "late": "late", "due": "due", "pending": ""}[state]
    return {"clock": clock, "state": state, "words": words, "badge": badge, "late_minutes": late}


# --- list ---------------------------------------------------------------------------------------------------


@login_required
def incident_list(request: HttpRequest) -> HttpResponse:
    allowed(request)
    now = timezone.now()
    rows = audit_shown(
        request.user,
        visible(Incident.objects.select_related("unit"), request.user).prefetch_related("reports")[:500],
        route="duty.incidents",
    )
    clocks = list(ReportingClock.objects.all())
    items: list[dict[str, Any]] = []
    for incident in rows:
        from zhongshu.duty.clocks import clocks_of, report_times

        running = clocks_of(
            learned_at=incident.learned_at,
            closed=incident.state == IncidentState.CLOSED,
            closed_at=incident.closed_at,
            row=clock_for(incident.category, incident.severity, clocks),
            times=report_times(incident.reports.all()),
            now=now,
        )
        upcoming = next_clock(running)
        items.append(
            {
                "incident": incident,
                "next": clock_view(upcoming, now) if upcoming else None,
                "late_count": sum(1 for clock in running if clock.state(now) in ("late", "late_met")),
            }
        )
    items.sort(key=lambda item: (item["incident"].state != IncidentState.OPEN,))
    return render(
        request,
        "duty/incidents.html",
        {"current_tab": TAB, "items": items, "may_register": may_register(request.user)},
    )


# --- register -----------------------------------------------------------------------------------------------


def _form_context(
    request: HttpRequest, values: dict[str, Any], error: ServiceError | None = None
) -> dict[str, Any]:
    return {
        "current_tab": TAB,
        "values": values,
        "categories": IncidentCategory.choices,
        "severities": Severity.choices,
        "subtype_groups": [(label, SUBTYPES[value]) for value, label in IncidentCategory.choices],
        "guidance": [(value, label, SEVERITY_GUIDANCE[value]) for value, label in Severity.choices],
        "error": error,
        "error_field": getattr(error, "field", None),
    }


@login_required
def incident_new(request: HttpRequest) -> HttpResponse:
    allowed(request)
    if not may_register(request.user):
        raise PermissionDenied("只有值班室人员可以登记突发事件")
    if request.method == "POST":
        try:
            incident = IncidentIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
        except ServiceError as error:
            values = {key: request.POST.get(key, "") for key in request.POST}
            return render(
                request, "duty/incident_form.html", _form_context(request, values, error), status=400
            )
        messages.success(request, "已登记突发事件，报告时限从获知时间起算")
        return redirect(incident_url(incident))
    entry = None
    raw = request.GET.get("entry", "")
    if raw:
        try:
            entry = get_for(request.user, DutyLogEntry, raw)
        except RecordNotFound:
            entry = None
    draft = draft_from_entry(entry)
    values = {
        "title": draft.title,
        "place": draft.place,
        "occurred_at": _local(draft.occurred_at),
        "learned_at": _local(draft.learned_at),
        "summary": draft.summary,
        "source_entry": str(entry.pk) if entry else "",
        "classification": "",
    }
    context = _form_context(request, values)
    context["entry"] = entry
    context["entry_missing"] = bool(raw) and entry is None
    return render(request, "duty/incident_form.html", context)


# --- the incident page and its sections ---------------------------------------------------------------------


def render_incident(
    request: HttpRequest, incident: Incident, *, error: ServiceError | None = None, status: int = 200
) -> HttpResponse:
    from zhongshu.duty.sections import INCIDENT_PAGE

    actions = RULES.available(request.user, incident)
    sections = INCIDENT_PAGE.render(request, incident, extra={"incident": incident, "actions": actions})
    return render(
        request,
        "duty/incident.html",
        {
            "current_tab": TAB,
            "incident": incident,
            "sections": sections,
            "actions": actions,
            "error": error,
        },
        status=status,
    )


@login_required
def incident_page(request: HttpRequest, pk: int) -> HttpResponse:
    return render_incident(request, _incident(request, pk))


def info_context(request: HttpRequest, incident: Incident) -> dict[str, Any]:
    return {"guidance": SEVERITY_GUIDANCE.get(incident.severity, "")}


def clocks_context(request: HttpRequest, incident: Incident) -> dict[str, Any]:
    now = timezone.now()
    row = clock_for(incident.category, incident.severity)
    return {
        "clock_rows": [clock_view(clock, now) for clock in incident_clocks(incident, now=now)],
        "clock_rule": row,
        "clock_rule_label": clock_label(row) if row.pk else "默认",
    }


def reports_context(request: HttpRequest, incident: Incident) -> dict[str, Any]:
    actions = RULES.available(request.user, incident)
    return {
        "reports": [
            {"report": report, "title": report_title(report), "elements": report_elements(report)}
            for report in reports_of(incident)
        ],
        "report_links": [
            (SLUG_OF_KIND[ACTION_KINDS[action]], FORM_TITLES[ACTION_KINDS[action]]) for action in actions
        ],
    }


def timeline_context(request: HttpRequest, incident: Incident) -> dict[str, Any]:
    return {"timeline": incident_timeline(incident)}


# --- reports ------------------------------------------------------------------------------------------------


@login_required
def report_new(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    incident = _incident(request, pk)
    report_kind = KIND_OF_SLUG.get(kind)
    if report_kind is None:
        raise RecordNotFound()
    action = next(name for name, value in ACTION_KINDS.items() if value == report_kind)
    refusal = RULES.check(action, request.user, incident)
    if refusal is not None:
        if refusal.forbidden:
            raise PermissionDenied(refusal.message)
        return render_incident(request, incident, error=refusal.error(), status=409)
    error: ServiceError | None = None
    if request.method == "POST":
        try:
            ReportIn.parse(Input.of(request), request.user, kind=report_kind).apply(
                incident=incident, by=actor_of(request)
            )
        except ServiceError as failure:
            error = failure
        else:
            messages.success(request, f"已记录{FORM_TITLES[report_kind]}")
            return redirect(f"{incident_url(incident)}#reports")
        values: dict[str, Any] = {key: request.POST.get(key, "") for key in request.POST}
    else:
        person = request.user.person_or_none  # type: ignore[union-attr]
        values = {
            "sent_at": _local(timezone.now()),
            "sent_by": person,
            "channel": Channel.PHONE if report_kind == ReportKind.FIRST else Channel.SYSTEM,
            "version": incident.version,
        }
        if report_kind == ReportKind.FIRST and incident.source_entry is not None:
            entry = incident.source_entry
            values.update(
                {
                    "source": f"{entry.caller_unit}{entry.caller_name}".strip(),
                    "measures": entry.measures,
                    "trend": entry.trend,
                }
            )
    if values.get("sent_by") and not hasattr(values["sent_by"], "pk"):
        from zhongshu.org.models import Person

        values["sent_by"] = (
            Person.objects.filter(pk=values["sent_by"]).first() if str(values["sent_by"]).isdigit() else None
        )
    return render(
        request,
        "duty/incident_report_form.html",
        {
            "current_tab": TAB,
            "incident": incident,
            "kind": report_kind,
            "slug": kind,
            "form_title": FORM_TITLES[report_kind],
            "channels": Channel.choices,
            "elements": FIRST_ELEMENTS,
            "values": values,
            "error": error,
            "error_field": getattr(error, "field", None),
        },
        status=400 if error else 200,
    )


@login_required
def report_download(request: HttpRequest, pk: int, report_id: int) -> HttpResponse:
    incident = _incident(request, pk)
    report = get_object_or_404(
        IncidentReport.objects.select_related("incident__unit", "sent_by"), pk=report_id, incident=incident
    )
    response = HttpResponse(
        report_docx(report),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f"attachment; filename=incident-{incident.pk}-report-{report.pk}.docx"
    return response


@login_required
def timeline_page(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _incident(request, pk)
    return render(
        request,
        "duty/incident_timeline.html",
        {"current_tab": TAB, "incident": incident, "timeline": incident_timeline(incident)},
    )


@login_required
def timeline_download(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _incident(request, pk)
    response = HttpResponse(
        timeline_docx(incident, incident_timeline(incident)),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f"attachment; filename=incident-{incident.pk}-timeline.docx"
    return response


# --- clocks -------------------------------------------------------------------------------------------------


def _clocks_context(
    request: HttpRequest, error: ServiceError | None = None, values: dict[str, Any] | None = None
) -> dict[str, Any]:
    rows = sorted(
        ReportingClock.objects.all(),
        key=lambda row: (row.category == "", row.category, row.severity == "", row.severity),
    )
    return {
        "current_tab": TAB,
        "clocks": [{"row": row, "label": clock_label(row)} for row in rows],
        "may_configure": may_configure_clocks(request.user),
        "categories": IncidentCategory.choices,
        "severities": Severity.choices,
        "values": values or {},
        "error": error,
        "error_field": getattr(error, "field", None),
    }


@login_required
def clock_list(request: HttpRequest) -> HttpResponse:
    allowed(request)
    if not may_see_incidents(request.user):
        raise PermissionDenied("无权查看报告时限")
    if request.method == "POST":
        if not may_configure_clocks(request.user):
            raise PermissionDenied("只有办公室主任可以设置报告时限")
        try:
            ClockIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
        except ServiceError as error:
            values = {key: request.POST.get(key, "") for key in request.POST}
            return render(request, "duty/clocks.html", _clocks_context(request, error, values), status=400)
        messages.success(request, "已保存报告时限")
        return redirect("duty:clocks")
    return render(request, "duty/clocks.html", _clocks_context(request))


@login_required
@require_POST
def clock_delete(request: HttpRequest, pk: int) -> HttpResponse:
    allowed(request)
    if not may_configure_clocks(request.user):
        raise PermissionDenied("只有办公室主任可以设置报告时限")
    clock = get_object_or_404(ReportingClock, pk=pk)
    try:
        delete_clock(by=actor_of(request), clock=clock)
    except ServiceError as error:
        return render(request, "duty/clocks.html", _clocks_context(request, error), status=400)
    messages.success(request, "已删除报告时限")
    return redirect("duty:clocks")


urlpatterns: list[URLPattern] = [
    path("incidents/", incident_list, name="incidents"),
    path("incidents/new/", incident_new, name="incident_new"),
    path("incidents/<int:pk>/", incident_page, name="incident"),
    path("incidents/<int:pk>/reports/<str:kind>/", report_new, name="incident_report_new"),
    path("incidents/<int:pk>/reports/<int:report_id>/docx/", report_download, name="incident_report_docx"),
    path("incidents/<int:pk>/timeline/", timeline_page, name="incident_timeline"),
    path("incidents/<int:pk>/timeline.docx", timeline_download, name="incident_timeline_docx"),
    path("clocks/", clock_list, name="clocks"),
    path("clocks/<int:pk>/delete/", clock_delete, name="clock_delete"),
]


def register() -> None:
    """The part's tab and registries, called once from DutyConfig.ready()."""
    register_tab(TAB, "突发事件", "duty:incidents", 40, allowed=may_see_incidents)
    register_incident_section("info", "事件信息", 10, info_context)
    register_incident_section("clocks", "报告时限", 20, clocks_context)
    register_incident_section("reports", "报告记录", 30, reports_context)
    register_incident_section("timeline", "时间线", 40, timeline_context)
    register_tick("duty.incident_alarms", alarms.tick)
    register_todo_source("duty.incident_clocks", alarms.incident_todos)
