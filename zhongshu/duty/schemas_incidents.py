"""One input contract per action of the incidents part (登记突发事件, 报送, 设置报告时限), read alike from the
page's form and the API's JSON: a refusal is a `ServiceError` with a Chinese message, an English code and the
field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from django.utils import timezone

from zhongshu.access.policy import visible
from zhongshu.accounts.actors import Actor
from zhongshu.base.levels import Classification
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input, max_length_of
from zhongshu.duty import clocks as clock_service
from zhongshu.duty.incident_reports import FIRST_ELEMENTS, file_report
from zhongshu.duty.incidents import register_incident
from zhongshu.duty.models import (
    Channel,
    DutyLogEntry,
    Incident,
    IncidentCategory,
    IncidentReport,
    ReportingClock,
    ReportKind,
    Severity,
)
from zhongshu.org import inputs as org_inputs

_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$")
_TIME = re.compile(r"^\d{1,2}:\d{2}(:\d{2})?$")


def parse_datetime(data: Input, name: str, *, label: str) -> datetime | None:
    """A moment written YYYY-MM-DD HH:MM (a datetime-local box) or ISO 8601; local time unless an offset."""
    raw = data.value(name)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, str) and _DATETIME.match(raw.strip()):
        try:
            value = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
        except ValueError:
            value = None
        if value is not None:
            return timezone.make_aware(value) if timezone.is_naive(value) else value
    raise ServiceError(f"{label}格式应为 YYYY-MM-DD HH:MM：{str(raw)[:40]}", code="bad_datetime", field=name)


def parse_time(data: Input, name: str, *, label: str) -> time | None:
    raw = data.value(name)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, str) and _TIME.match(raw.strip()):
        try:
            return time.fromisoformat(raw.strip().zfill(5) if len(raw.strip()) == 4 else raw.strip())
        except ValueError:
            pass
    raise ServiceError(f"{label}格式应为 HH:MM：{str(raw)[:20]}", code="bad_time", field=name)


@dataclass(frozen=True)
class IncidentIn:
    """登记突发事件."""

    title: str
    category: str
    subtype: str
    severity: str
    place: str
    occurred_at: datetime | None
    learned_at: datetime | None
    summary: str
    source_entry: DutyLogEntry | None
    classification: int

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> IncidentIn:
        return cls(
            title=data.text("title", label="事件名称", max_length=max_length_of(Incident, "title")),
            category=data.choice("category", IncidentCategory.values, label="事件类别"),
            subtype=data.text(
                "subtype", label="事件类型", max_length=max_length_of(Incident, "subtype")
            ).strip(),
            severity=data.choice("severity", Severity.values, label="事件等级"),
            place=data.text("place", label="发生地点", max_length=max_length_of(Incident, "place")),
            occurred_at=parse_datetime(data, "occurred_at", label="发生时间"),
            learned_at=parse_datetime(data, "learned_at", label="获知时间"),
            summary=data.text("summary", label="事件概要"),
            source_entry=data.record(
                "source_entry",
                visible(DutyLogEntry.objects.all(), viewer),
                label="值班记录",
                code="unknown_entry",
            ),
            classification=int(
                data.choice(
                    "classification",
                    [str(Classification.PUBLIC.value), str(Classification.INTERNAL.value)],
                    label="密级",
                    default=str(Classification.INTERNAL.value),
                )
            ),
        )

    def apply(self, *, by: Actor, now: datetime | None = None) -> Incident:
        return register_incident(
            by=by,
            title=self.title,
            category=self.category,
            subtype=self.subtype,
            severity=self.severity,
            place=self.place,
            occurred_at=self.occurred_at,
            learned_at=self.learned_at,
            summary=self.summary,
            source_entry=self.source_entry,
            classification=self.classification,
            now=now,
        )


@dataclass(frozen=True)
class ReportIn:
    """报送: kind, channel, when, by whom, to whom, and the 首报's elements or a later report's text."""

    kind: str
    channel: str
    sent_at: datetime | None
    sent_by: Any
    sent_to: str
    elements: dict[str, str]
    body: str
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any, *, kind: str | None = None) -> ReportIn:
        return cls(
            kind=kind or data.choice("kind", ReportKind.values, label="报告类型"),
            channel=data.choice("channel", Channel.values, label="报送方式"),
            sent_at=parse_datetime(data, "sent_at", label="报送时间"),
            sent_by=org_inputs.person(data, "sent_by", viewer, label="报送人"),
            sent_to=data.text(
                "sent_to", label="报送对象", max_length=max_length_of(IncidentReport, "sent_to")
            ),
            elements={
                name: data.text(name, label=label, max_length=max_length_of(IncidentReport, name))
                for name, label in FIRST_ELEMENTS
            },
            body=data.text("body", label="报告内容"),
            version=data.integer("version", label="版本号", low=1),
        )

    def apply(self, *, incident: Incident, by: Actor, now: datetime | None = None) -> IncidentReport:
        return file_report(
            incident=incident,
            by=by,
            kind=self.kind,
            channel=self.channel,
            sent_at=self.sent_at,
            sent_by=self.sent_by,
            sent_to=self.sent_to,
            elements=self.elements,
            body=self.body,
            version=self.version,
            now=now,
        )


@dataclass(frozen=True)
class ClockIn:
    """设置报告时限: category and severity (blank = any), the minutes, the daily time, the alarm lead."""

    category: str
    severity: str
    phone_minutes: int | None
    written_minutes: int | None
    follow_up_minutes: int | None
    daily_report_at: time | None
    alarm_before_minutes: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> ClockIn:
        return cls(
            category=data.choice("category", ["", *IncidentCategory.values], label="事件类别"),
            severity=data.choice("severity", ["", *Severity.values], label="事件等级"),
            phone_minutes=data.integer("phone_minutes", label="电话首报时限"),
            written_minutes=data.integer("written_minutes", label="书面首报时限"),
            follow_up_minutes=data.integer("follow_up_minutes", label="续报间隔"),
            daily_report_at=parse_time(data, "daily_report_at", label="每日报告时间"),
            alarm_before_minutes=data.integer("alarm_before_minutes", label="提前提醒"),
        )

    def apply(self, *, by: Actor, clock: ReportingClock | None = None) -> ReportingClock:
        return clock_service.save_clock(
            by=by,
            category=self.category,
            severity=self.severity,
            phone_minutes=self.phone_minutes,
            written_minutes=self.written_minutes,
            follow_up_minutes=self.follow_up_minutes,
            daily_report_at=self.daily_report_at,
            alarm_before_minutes=self.alarm_before_minutes,
            clock=clock,
        )
