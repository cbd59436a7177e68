"""事件报告: the 首报 (by telephone and/or in writing), numbered 续报, 日报 and the 终报 that closes the
incident. Each records who sent it, to whom, how and when. The written 首报 must hold every element the
rules list (DOMAIN.md) and is refused naming what is missing; a 续报 carries what changed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhongshu.accounts.actors import Actor
from zhongshu.audit.services import audit_record
from zhongshu.core.errors import ServiceError
from zhongshu.core.locking import lock_at_version
from zhongshu.duty.actions_incidents import ACTION_KINDS, RULES
from zhongshu.duty.clocks import chinese_number
from zhongshu.duty.models import Channel, Incident, IncidentReport, IncidentState, ReportKind
from zhongshu.org.models import Person

# The written 首报's elements (DOMAIN.md) in the order the report prints them: field, label.
FIRST_ELEMENTS: list[tuple[str, str]] = [
    ("source", "信息来源"),
    ("nature", "事件性质"),
    ("extent", "影响范围"),
    ("casualties", "人员伤亡"),
    ("losses", "财产损失"),
    ("trend", "发展趋势"),
    ("leaders_on_site", "到场领导"),
    ("measures", "已采取的措施"),
]
ELEMENT_NAMES = [name for name, _ in FIRST_ELEMENTS]
KIND_ACTION: dict[str, str] = {str(kind): action for action, kind in ACTION_KINDS.items()}


def report_title(report: IncidentReport) -> str:
    """首报, 续报一, 日报, 终报."""
    if report.kind == ReportKind.FOLLOW_UP:
        return f"续报{chinese_number(report.number)}"
    return str(ReportKind(report.kind).label)


def report_heading(report: IncidentReport) -> str:
    """The DOCX's and page's title: 关于XX的首报."""
    return f"关于{report.incident.title}的{report_title(report)}"


def missing_elements(values: dict[str, str]) -> list[str]:
    return [label for name, label in FIRST_ELEMENTS if not values.get(name, "").strip()]


def file_report(
    *,
    incident: Incident,
    by: Actor,
    kind: str,
    channel: str,
    sent_at: datetime | None,
    sent_by: Person | None,
    sent_to: str,
    elements: dict[str, str] | None = None,
    body: str = "",
    version: int | None = None,
    now: datetime | None = None,
) -> IncidentReport:
    """Record a report sent. Refused: before the incident occurred or before the office learned of it, in
    the future, a 续报/日报/终报 before a 首报, anything after the 终报, a written 首报 missing an element."""
    now = now or timezone.now()
    if kind not in ReportKind.values:
        raise ServiceError("请选择报告类型", code="bad_kind", field="kind")
    if channel not in Channel.values:
        raise ServiceError("请选择报送方式", code="bad_channel", field="channel")
    values = {name: (elements or {}).get(name, "").strip() for name in ELEMENT_NAMES}
    with transaction.atomic():
        locked = lock_at_version(
            Incident.objects.all(),
            incident.pk,
            version,
            changed="事件已被他人更新，请刷新后重试",
            code="stale",
        )
        RULES.require(KIND_ACTION[kind], by, locked)
        if sent_at is None:
            raise ServiceError("请填写报送时间", code="required", field="sent_at")
        if sent_at > now:
            raise ServiceError("报送时间不能晚于现在", code="sent_in_future", field="sent_at")
        if sent_at < locked.occurred_at:
            raise ServiceError("报送时间不能早于事件发生时间", code="sent_before_occurred", field="sent_at")
        if sent_at < locked.learned_at:
            raise ServiceError("报送时间不能早于获知时间", code="sent_before_learned", field="sent_at")
        if sent_by is None:
            raise ServiceError("请选择报送人", code="required", field="sent_by")
        if not sent_to.strip():
            raise ServiceError("请填写报送对象", code="required", field="sent_to")
        reports = list(locked.reports.all())
        if kind != ReportKind.FIRST:
            first = min((r.sent_at for r in reports if r.kind == ReportKind.FIRST), default=None)
            if first is not None and sent_at < first:
                raise ServiceError("报送时间不能早于首报", code="sent_before_first", field="sent_at")
        if kind == ReportKind.FIRST and channel != Channel.PHONE:
            missing = missing_elements(values)
            if missing:
                raise ServiceError(
                    "书面首报缺少必报要素：" + "、".join(missing), code="missing_elements", field=missing[0]
                )
        if (
            kind == ReportKind.FIRST
            and channel == Channel.PHONE
            and not (body.strip() or any(values.values()))
        ):
            raise ServiceError("请记录电话首报的内容", code="required", field="body")
        if kind != ReportKind.FIRST and not body.strip():
            label = "续报" if kind == ReportKind.FOLLOW_UP else ReportKind(kind).label
            raise ServiceError(f"请填写{label}的内容（只写新的情况）", code="required", field="body")
        if kind != ReportKind.FIRST:
            # A 续报, 日报 or 终报 carries what changed; the 首报's elements stay on the 首报.
            values = {name: "" for name in ELEMENT_NAMES}
        number = 0
        if kind == ReportKind.FOLLOW_UP:
            number = sum(1 for r in reports if r.kind == ReportKind.FOLLOW_UP) + 1
        report = IncidentReport.objects.create(
            incident=locked,
            kind=kind,
            number=number,
            channel=channel,
            sent_at=sent_at,
            sent_by=sent_by,
            sent_to=sent_to.strip(),
            body=body.strip(),
            recorded_by=by,
            recorded_at=now,
            **values,
        )
        locked.version += 1
        fields = ["version"]
        if kind == ReportKind.FINAL:
            locked.state = IncidentState.CLOSED
            locked.closed_at = sent_at
            fields += ["state", "closed_at"]
        locked.save(update_fields=fields)
        audit_record(
            actor=by,
            action=f"duty.incident.report.{kind}",
            target=locked,
            details={"report": report.pk, "number": number},
        )
    incident.refresh_from_db()
    return report


def report_elements(report: IncidentReport) -> list[tuple[str, str]]:
    """The heads and text a report prints: the 首报's elements, or what the later report carries."""
    if report.kind == ReportKind.FIRST:
        rows = [(label, getattr(report, name)) for name, label in FIRST_ELEMENTS]
        rows = [(label, text) for label, text in rows if text]
        if report.body:
            rows.append(("报告内容", report.body))
        return rows
    head = {ReportKind.FOLLOW_UP: "新的情况", ReportKind.DAILY: "当日情况", ReportKind.FINAL: "处置结果"}
    return [(head[ReportKind(report.kind)], report.body)]


def reports_of(incident: Incident) -> list[IncidentReport]:
    return list(incident.reports.select_related("sent_by", "incident").order_by("sent_at", "id"))


def summary_for_api(report: IncidentReport) -> dict[str, Any]:
    return {
        "id": report.pk,
        "kind": report.kind,
        "title": report_title(report),
        "number": report.number,
        "channel": report.channel,
        "sent_at": report.sent_at,
        "sent_by": report.sent_by.name,
        "sent_to": report.sent_to,
        "elements": {name: getattr(report, name) for name in ELEMENT_NAMES},
        "body": report.body,
    }
