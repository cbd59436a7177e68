"""突发事件: registering an incident, directly or from a duty-log entry, with its category, sub-type and
severity (the DOMAIN.md thresholds offered as guidance), place, and the times it occurred and the office
learned of it. Incidents are Classified (内部 by default), held by the registering unit and read through the
access policy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from zhongshu.access.policy import visible
from zhongshu.accounts.actors import Actor
from zhongshu.audit.services import audit_record
from zhongshu.base.levels import Classification
from zhongshu.base.roles import Role
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.duty.models import DutyLogEntry, Incident, IncidentCategory, Severity

# A fixed list of sub-types per category (国家突发公共事件总体应急预案's four classes).
SUBTYPES: dict[str, list[str]] = {
    IncidentCategory.NATURAL: [
        "水旱灾害",
        "气象灾害",
        "地震灾害",
        "地质灾害",
        "海洋灾害",
        "生物灾害",
        "森林草原火灾",
    ],
    IncidentCategory.ACCIDENT: [
        "生产安全事故",
        "道路交通事故",
        "火灾事故",
        "公共设施和设备事故",
        "环境污染",
        "生态破坏",
    ],
    IncidentCategory.HEALTH: ["传染病疫情", "群体性不明原因疾病", "食品安全", "职业危害", "动物疫情"],
    IncidentCategory.SECURITY: [
        "群体性事件",
        "恐怖袭击事件",
        "刑事案件",
        "经济安全事件",
        "涉外突发事件",
        "网络与信息安全事件",
    ],
}

# DOMAIN.md: the safety-accident thresholds, shown beside the severity choice as guidance (not enforced).
SEVERITY_GUIDANCE: dict[str, str] = {
    Severity.I: "死亡30人以上，或重伤100人以上，或直接经济损失1亿元以上",
    Severity.II: "死亡10–29人，或重伤50–99人，或直接经济损失5000万–1亿元",
    Severity.III: "死亡3–9人，或重伤10–49人，或直接经济损失1000万–5000万元",
    Severity.IV: "死亡3人以下，或重伤10人以下，或直接经济损失1000万元以下",
}

INCIDENT_ROLES = (Role.DUTY_OFFICER, Role.OFFICE_DIRECTOR)


def may_register(user: Any) -> bool:
    """The duty room's people (值班员, 办公室主任) register incidents and file their reports."""
    return bool(getattr(user, "is_authenticated", False)) and any(user.has_role(r) for r in INCIDENT_ROLES)


def visible_incidents(user: Any) -> QuerySet[Incident]:
    return visible(Incident.objects.all(), user)


@dataclass(frozen=True)
class IncidentDraft:
    """What the form prefills: empty, or from a duty-log entry."""

    title: str = ""
    place: str = ""
    occurred_at: datetime | None = None
    learned_at: datetime | None = None
    summary: str = ""
    source_entry: DutyLogEntry | None = None


def draft_from_entry(entry: DutyLogEntry | None) -> IncidentDraft:
    """转为突发事件: the entry's matter, place and time (both times start at the call's time; the officer
    corrects when it happened), and its account as the summary."""
    if entry is None:
        return IncidentDraft()
    parts = [
        (label, value)
        for label, value in (
            ("起因", entry.cause),
            ("经过", entry.course),
            ("采取的措施", entry.measures),
            ("结果", entry.result),
            ("影响", entry.impact),
            ("发展趋势", entry.trend),
        )
        if value.strip()
    ]
    caller = "".join(
        part for part in (entry.caller_unit, entry.caller_name, entry.caller_post) if part.strip()
    )
    lines = [entry.summary]
    if caller:
        lines.append(f"来电：{caller}{('（' + entry.caller_phone + '）') if entry.caller_phone else ''}")
    lines += [f"{label}：{value.strip()}" for label, value in parts]
    return IncidentDraft(
        title=entry.summary,
        place=entry.place,
        occurred_at=entry.received_at,
        learned_at=entry.received_at,
        summary="\n".join(lines),
        source_entry=entry,
    )


def check_times(occurred_at: datetime, learned_at: datetime, now: datetime) -> None:
    if occurred_at > now:
        raise ServiceError("发生时间不能晚于现在", code="occurred_in_future", field="occurred_at")
    if learned_at > now:
        raise ServiceError("获知时间不能晚于现在", code="learned_in_future", field="learned_at")
    if learned_at < occurred_at:
        raise ServiceError("获知时间不能早于发生时间", code="learned_before_occurred", field="learned_at")


def register_incident(
    *,
    by: Actor,
    title: str,
    category: str,
    subtype: str,
    severity: str,
    place: str,
    occurred_at: datetime | None,
    learned_at: datetime | None,
    summary: str = "",
    source_entry: DutyLogEntry | None = None,
    classification: int = Classification.INTERNAL,
    now: datetime | None = None,
) -> Incident:
    """登记突发事件. The clock of every report starts at `learned_at`."""
    now = now or timezone.now()
    if not may_register(by):
        raise Forbidden("只有值班室人员可以登记突发事件", code="not_allowed")
    person = by.person_or_none
    if person is None:
        raise Forbidden("只有值班室人员可以登记突发事件", code="not_allowed")
    title, place = title.strip(), place.strip()
    if not title:
        raise ServiceError("请填写事件名称", code="required", field="title")
    if category not in IncidentCategory.values:
        raise ServiceError("请选择事件类别", code="bad_category", field="category")
    if subtype and subtype not in SUBTYPES[category]:
        raise ServiceError(
            f"“{subtype}”不是{IncidentCategory(category).label}的事件类型",
            code="bad_subtype",
            field="subtype",
        )
    if severity not in Severity.values:
        raise ServiceError("请选择事件等级", code="bad_severity", field="severity")
    if not place:
        raise ServiceError("请填写发生地点", code="required", field="place")
    if occurred_at is None:
        raise ServiceError("请填写发生时间", code="required", field="occurred_at")
    if learned_at is None:
        raise ServiceError("请填写获知时间", code="required", field="learned_at")
    check_times(occurred_at, learned_at, now)
    if classification not in (Classification.PUBLIC, Classification.INTERNAL):
        raise ServiceError(
            "突发事件只能登记为公开或内部；涉密事件请按保密规定另行处理", code="bad_classification"
        )
    with transaction.atomic():
        incident = Incident.objects.create(
            title=title,
            category=category,
            subtype=subtype,
            severity=severity,
            place=place,
            occurred_at=occurred_at,
            learned_at=learned_at,
            unit=person.unit,
            owner_unit=person.unit,
            owner_person=person,
            classification=classification,
            source_entry=source_entry,
            summary=summary.strip(),
            opened_by=by,
            opened_at=now,
        )
        audit_record(
            actor=by,
            action="duty.incident.register",
            target=incident,
            details={"from_entry": source_entry.pk if source_entry else None},
        )
    return incident


def incident_url(incident: Incident) -> str:
    from django.urls import reverse

    return reverse("duty:incident", args=[incident.pk])


# --- 时间线: the incident's timeline, which other parts join through a hook ------------------------------


@dataclass(frozen=True)
class TimelineEvent:
    """One line of the timeline: when, what (kind: occurred, learned, report, step, instruction …), the
    text, and for a report its clock (due, late by N minutes)."""

    at: datetime
    kind: str
    text: str
    due_at: datetime | None = None
    late_minutes: int | None = None
    detail: str = ""


TimelineSource = Any  # Callable[[Incident], Iterable[TimelineEvent]]
_TIMELINE_SOURCES: dict[str, TimelineSource] = {}


def register_timeline_source(name: str, source: TimelineSource) -> None:
    """Another part (the plans part's checklist steps and leaders' instructions) adds its events to every
    incident's timeline: `source(incident)` returns TimelineEvent rows."""
    _TIMELINE_SOURCES[name] = source


def incident_timeline(incident: Incident, *, now: datetime | None = None) -> list[TimelineEvent]:
    """Occurred, learned, each report with its clock (due, sent, late by N minutes), then whatever the other
    parts register, in time order."""
    from zhongshu.duty.clocks import incident_clocks, late_by
    from zhongshu.duty.incident_reports import report_title, reports_of

    now = now or timezone.now()
    events = [
        TimelineEvent(incident.occurred_at, "occurred", f"事件发生（{incident.place}）"),
        TimelineEvent(incident.learned_at, "learned", "获知事件，报告时限起算"),
    ]
    # A written 首报 sent first meets the telephone clock too: the timeline shows the clock it was latest for.
    clock_of_report: dict[int, Any] = {}
    for clock in incident_clocks(incident, now=now):
        if clock.report_id is None:
            continue
        held = clock_of_report.get(clock.report_id)
        if held is None or clock.late_minutes() > held.late_minutes():
            clock_of_report[clock.report_id] = clock
    for report in reports_of(incident):
        met = clock_of_report.get(report.pk)
        detail = f"报送{report.sent_to}（{report.get_channel_display()}），报送人：{report.sent_by.name}"
        events.append(
            TimelineEvent(
                report.sent_at,
                "report",
                report_title(report),
                due_at=met.due_at if met else None,
                late_minutes=late_by(met.due_at, report.sent_at) if met else None,
                detail=detail,
            )
        )
    for source in _TIMELINE_SOURCES.values():
        events.extend(source(incident))
    return sorted(events, key=lambda event: event.at)
