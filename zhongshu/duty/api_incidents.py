"""The incidents part's JSON API, mounted under /api/duty by duty/api.py: /incidents (list, register, one
incident with its clocks, reports and the actions open to the caller, file a report, the timeline) and
/clocks (read; the director adds, changes and deletes). The same contracts and services as the pages."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status

from zhongshu.access.policy import get_for, visible
from zhongshu.accounts.actors import actor_of
from zhongshu.audit.disclosure import audit_shown
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.core.inputs import IdParam, Input, request_body
from zhongshu.duty.actions_incidents import RULES
from zhongshu.duty.clocks import (
    Clock,
    clock_for,
    clock_label,
    clocks_of,
    delete_clock,
    next_clock,
    report_times,
)
from zhongshu.duty.incident_reports import ELEMENT_NAMES, report_title, reports_of
from zhongshu.duty.incidents import incident_timeline
from zhongshu.duty.models import Incident, IncidentState, ReportingClock
from zhongshu.duty.roles import may_use_duty
from zhongshu.duty.schemas_incidents import ClockIn, IncidentIn, ReportIn

router = Router(tags=["值班应急：突发事件"])

NOT_ALLOWED = "无权使用值班应急"


def api_allowed(request: HttpRequest) -> None:
    if not may_use_duty(request.user):
        raise Forbidden(NOT_ALLOWED, code="not_allowed")


def api_incident(request: HttpRequest, pk: int) -> Incident:
    api_allowed(request)
    incident = get_for(request.user, Incident.objects.select_related("unit"), pk)
    audit_shown(request.user, [incident], route="api.duty.incident", action="record.view")
    return incident


class ClockOut(Schema):
    key: str
    label: str
    due_at: datetime
    alarm_at: datetime
    sent_at: datetime | None
    report_id: int | None
    state: str
    late_minutes: int


class ReportOut(Schema):
    id: int
    kind: str
    title: str
    number: int
    channel: str
    sent_at: datetime
    sent_by: str
    sent_by_id: int
    sent_to: str
    elements: dict[str, str]
    body: str


class IncidentRow(Schema):
    id: int
    title: str
    category: str
    subtype: str
    severity: str
    place: str
    occurred_at: datetime
    learned_at: datetime
    state: str
    next_clock: ClockOut | None


class IncidentOut(IncidentRow):
    unit: str
    summary: str
    source_entry: int | None
    closed_at: datetime | None
    classification: int
    version: int
    actions: list[str]
    clocks: list[ClockOut]
    reports: list[ReportOut]


class TimelineOut(Schema):
    at: datetime
    kind: str
    text: str
    due_at: datetime | None
    late_minutes: int | None
    detail: str


class ReportingClockOut(Schema):
    id: int
    category: str
    severity: str
    label: str
    phone_minutes: int
    written_minutes: int
    follow_up_minutes: int | None
    daily_report_at: time | None
    alarm_before_minutes: int


def _clock(clock: Clock, now: datetime) -> dict[str, Any]:
    return {
        "key": clock.key,
        "label": clock.label,
        "due_at": clock.due_at,
        "alarm_at": clock.alarm_at,
        "sent_at": clock.sent_at,
        "report_id": clock.report_id,
        "state": clock.state(now),
        "late_minutes": clock.late_minutes(now),
    }


def _clocks(incident: Incident, now: datetime, rows: list[ReportingClock] | None = None) -> list[Clock]:
    return clocks_of(
        learned_at=incident.learned_at,
        closed=incident.state == IncidentState.CLOSED,
        closed_at=incident.closed_at,
        row=clock_for(incident.category, incident.severity, rows),
        times=report_times(incident.reports.all()),
        now=now,
    )


def _row(incident: Incident, clocks: list[Clock], now: datetime) -> dict[str, Any]:
    upcoming = next_clock(clocks)
    return {
        "id": incident.pk,
        "title": incident.title,
        "category": incident.category,
        "subtype": incident.subtype,
        "severity": incident.severity,
        "place": incident.place,
        "occurred_at": incident.occurred_at,
        "learned_at": incident.learned_at,
        "state": incident.state,
        "next_clock": _clock(upcoming, now) if upcoming else None,
    }


def incident_out(request: HttpRequest, incident: Incident) -> dict[str, Any]:
    incident.refresh_from_db()
    now = timezone.now()
    clocks = _clocks(incident, now)
    return {
        **_row(incident, clocks, now),
        "unit": incident.unit.name,
        "summary": incident.summary,
        "source_entry": incident.source_entry_id,
        "closed_at": incident.closed_at,
        "classification": incident.classification,
        "version": incident.version,
        "actions": RULES.available(request.user, incident),
        "clocks": [_clock(clock, now) for clock in clocks],
        "reports": [
            {
                "id": report.pk,
                "kind": report.kind,
                "title": report_title(report),
                "number": report.number,
                "channel": report.channel,
                "sent_at": report.sent_at,
                "sent_by": report.sent_by.name,
                "sent_by_id": report.sent_by_id,
                "sent_to": report.sent_to,
                "elements": {name: getattr(report, name) for name in ELEMENT_NAMES},
                "body": report.body,
            }
            for report in reports_of(incident)
        ],
    }


@router.get("/incidents", response=list[IncidentRow], summary="突发事件（处置中的在前）")
def list_incidents(request: HttpRequest, state: str = "") -> list[dict[str, Any]]:
    api_allowed(request)
    queryset = visible(Incident.objects.all(), request.user).prefetch_related("reports")
    if state:
        if state not in IncidentState.values:
            raise ServiceError(f"未知的状态：{state[:20]}", code="bad_state", field="state")
        queryset = queryset.filter(state=state)
    rows = audit_shown(request.user, queryset[:500], route="api.duty.incidents")
    now = timezone.now()
    clock_rows = list(ReportingClock.objects.all())
    answer = [_row(incident, _clocks(incident, now, clock_rows), now) for incident in rows]
    answer.sort(key=lambda row: row["state"] != IncidentState.OPEN)
    return answer


@router.post(
    "/incidents",
    response={201: IncidentOut},
    summary="登记突发事件（可带来源值班记录 source_entry）",
    openapi_extra=request_body(IncidentIn),
)
def register(request: HttpRequest) -> Status[Any]:
    api_allowed(request)
    incident = IncidentIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
    return Status(201, incident_out(request, incident))


@router.get("/incidents/{incident_id}", response=IncidentOut, summary="突发事件：时限、报告和可用操作")
def get_incident(request: HttpRequest, incident_id: IdParam) -> dict[str, Any]:
    return incident_out(request, api_incident(request, incident_id))


@router.post(
    "/incidents/{incident_id}/reports",
    response={201: IncidentOut},
    summary="报送首报、续报、日报或终报（kind）",
    openapi_extra=request_body(ReportIn),
)
def file(request: HttpRequest, incident_id: IdParam) -> Status[Any]:
    incident = api_incident(request, incident_id)
    ReportIn.parse(Input.of(request), request.user).apply(incident=incident, by=actor_of(request))
    return Status(201, incident_out(request, incident))


@router.get("/incidents/{incident_id}/timeline", response=list[TimelineOut], summary="事件时间线")
def timeline(request: HttpRequest, incident_id: IdParam) -> list[dict[str, Any]]:
    incident = api_incident(request, incident_id)
    return [event.__dict__ for event in incident_timeline(incident)]


def _clock_out(row: ReportingClock) -> dict[str, Any]:
    return {
        "id": row.pk,
        "category": row.category,
        "severity": row.severity,
        "label": clock_label(row),
        "phone_minutes": row.phone_minutes,
        "written_minutes": row.written_minutes,
        "follow_up_minutes": row.follow_up_minutes,
        "daily_report_at": row.daily_report_at,
        "alarm_before_minutes": row.alarm_before_minutes,
    }


@router.get("/clocks", response=list[ReportingClockOut], summary="报告时限")
def list_clocks(request: HttpRequest) -> list[dict[str, Any]]:
    api_allowed(request)
    return [_clock_out(row) for row in ReportingClock.objects.order_by("category", "severity")]


@router.post(
    "/clocks",
    response={201: ReportingClockOut},
    summary="新增或修改报告时限（办公室主任）",
    openapi_extra=request_body(ClockIn),
)
def save_clock(request: HttpRequest) -> Status[Any]:
    api_allowed(request)
    row = ClockIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
    return Status(201, _clock_out(row))


@router.post("/clocks/{clock_id}/delete", response={204: None}, summary="删除报告时限（办公室主任）")
def remove_clock(request: HttpRequest, clock_id: IdParam) -> Status[Any]:
    api_allowed(request)
    row = ReportingClock.objects.filter(pk=clock_id).first()
    if row is None:
        from zhongshu.access.policy import RecordNotFound

        raise RecordNotFound()
    delete_clock(by=actor_of(request), clock=row)
    return Status(204, None)
