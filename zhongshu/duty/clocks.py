"""报告时限: which ReportingClock row governs an incident, and every clock's due time, derived from the
incident's times and its reports (never stored).

A clock row is found most specific first: (category, severity), (category, any severity), (any category,
severity), (any, any). Due times are wall-clock minutes from `learned_at`:

* 电话首报 (`first_phone`) at learned_at + phone_minutes, met by the first 首报 of any channel;
* 书面首报 (`first_written`) at learned_at + written_minutes, met by the first 首报 not by telephone;
* 续报 (`follow_up:N`) every follow_up_minutes after the report before it, while the incident is open;
* 日报 (`daily:YYYY-MM-DD`) at daily_report_at of each day once the incident has been open a whole day;
  the k-th 日报 meets the k-th daily clock.

Lateness is sent_at − due in whole minutes (a report sent at or before its due time is on time).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhongshu.accounts.actors import Actor
from zhongshu.audit.services import audit_record
from zhongshu.base.roles import Role
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.duty.models import (
    Channel,
    Incident,
    IncidentCategory,
    IncidentReport,
    IncidentState,
    ReportingClock,
    ReportKind,
    Severity,
)

# The defaults migrations/0002_incidents.py seeds (DOMAIN.md's county example for I and II; III, IV and the
# fallback decided here): severity, telephone, written, 续报 interval (minutes), daily report time.
DEFAULT_CLOCKS: list[tuple[str, int, int, int | None, time | None]] = [
    ("I", 20, 40, 120, time(8, 0)),
    ("II", 20, 40, 120, time(8, 0)),
    ("III", 30, 60, 240, time(8, 0)),
    ("IV", 60, 120, None, None),
    ("", 60, 120, None, None),
]
DEFAULT_ALARM_BEFORE = 10

CLOCK_LABELS = {"first_phone": "电话首报", "first_written": "书面首报"}


def ensure_default_clocks() -> None:
    """Put the default rows back where none is set (a flushed test database, a new office's demo)."""
    for severity, phone, written, follow_up, daily in DEFAULT_CLOCKS:
        ReportingClock.objects.get_or_create(
            category="",
            severity=severity,
            defaults={
                "phone_minutes": phone,
                "written_minutes": written,
                "follow_up_minutes": follow_up,
                "daily_report_at": daily,
                "alarm_before_minutes": DEFAULT_ALARM_BEFORE,
            },
        )


def may_configure_clocks(user: Any) -> bool:
    """The duty room's director (办公室主任) sets the clocks."""
    return bool(getattr(user, "is_authenticated", False)) and user.has_role(Role.OFFICE_DIRECTOR)


def clock_for(category: str, severity: str, clocks: Sequence[ReportingClock] | None = None) -> ReportingClock:
    """The row governing an incident of `category` and `severity`, most specific first."""
    rows = list(ReportingClock.objects.all()) if clocks is None else clocks
    by_key = {(row.category, row.severity): row for row in rows}
    for key in ((category, severity), (category, ""), ("", severity), ("", "")):
        if key in by_key:
            return by_key[key]
    # No row at all (a database the office emptied): the strictest default, so nothing goes unwatched.
    return ReportingClock(category="", severity="", phone_minutes=20, written_minutes=40)


@dataclass(slots=True)
class Clock:
    """One derived clock of an incident."""

    key: str
    label: str
    due_at: datetime
    alarm_at: datetime
    sent_at: datetime | None = None
    report_id: int | None = None

    def late_minutes(self, now: datetime | None = None) -> int:
        """Minutes past due: of the report that met it, or, still unmet, as of `now` (0 when not late)."""
        end = self.sent_at if self.sent_at is not None else (now or timezone.now())
        return late_by(self.due_at, end)

    def state(self, now: datetime) -> str:
        """met | late_met (sent late) | late (unmet, past due) | due (alarm time reached) | pending."""
        if self.sent_at is not None:
            return "late_met" if self.sent_at > self.due_at else "met"
        if now >= self.due_at:
            return "late"
        if now >= self.alarm_at:
            return "due"
        return "pending"

    def minutes_left(self, now: datetime) -> int:
        return max(0, math.ceil((self.due_at - now).total_seconds() / 60))


def late_by(due_at: datetime, sent_at: datetime) -> int:
    """Whole minutes `sent_at` is past `due_at` (0 when on time); a part-minute counts whole."""
    seconds = (sent_at - due_at).total_seconds()
    return max(0, math.ceil(seconds / 60 - 1e-9)) if seconds > 0 else 0


@dataclass(frozen=True)
class ReportTimes:
    """What the clocks need of an incident's reports."""

    first_any: datetime | None
    first_written: datetime | None
    first_any_id: int | None
    first_written_id: int | None
    follow_ups: list[tuple[int, datetime]]  # (id, sent_at) of the 续报 in order
    previous_sent: list[datetime]  # the sent_at of the report before each 续报
    last_sent: datetime | None
    dailies: list[tuple[int, datetime]]


def report_times(reports: Iterable[IncidentReport]) -> ReportTimes:
    ordered = sorted(reports, key=lambda report: (report.sent_at, report.pk or 0))
    first_any = first_written = None
    first_any_id = first_written_id = None
    follow_ups: list[tuple[int, datetime]] = []
    previous: list[datetime] = []
    dailies: list[tuple[int, datetime]] = []
    last: datetime | None = None
    for report in ordered:
        if report.kind == ReportKind.FIRST:
            if first_any is None:
                first_any, first_any_id = report.sent_at, report.pk
            if report.channel != Channel.PHONE and first_written is None:
                first_written, first_written_id = report.sent_at, report.pk
        elif report.kind == ReportKind.FOLLOW_UP and last is not None:
            follow_ups.append((report.pk, report.sent_at))
            previous.append(last)
        elif report.kind == ReportKind.DAILY:
            dailies.append((report.pk, report.sent_at))
        last = report.sent_at
    return ReportTimes(
        first_any, first_written, first_any_id, first_written_id, follow_ups, previous, last, dailies
    )


def first_daily_day(learned_at: datetime, daily_at: time) -> date:
    """The day of the first daily report: the first `daily_at` at least a whole day after learning."""
    local = timezone.localtime(learned_at + timedelta(days=1))
    return local.date() + timedelta(days=1) if local.time() > daily_at else local.date()


def _at(day: date, moment: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, moment))


def clocks_of(
    *,
    learned_at: datetime,
    closed: bool,
    closed_at: datetime | None,
    row: ReportingClock,
    times: ReportTimes,
    now: datetime,
) -> list[Clock]:
    """Every clock of one incident: the met ones with their report, and the open ones still running."""
    before = timedelta(minutes=row.alarm_before_minutes)
    clocks: list[Clock] = []

    def add(key: str, label: str, due: datetime, sent: datetime | None, report_id: int | None) -> None:
        clocks.append(Clock(key, label, due, due - before, sent, report_id))

    phone_due = learned_at + timedelta(minutes=row.phone_minutes)
    written_due = learned_at + timedelta(minutes=row.written_minutes)
    if not closed or times.first_any is not None:
        add("first_phone", "电话首报", phone_due, times.first_any, times.first_any_id)
    if not closed or times.first_written is not None:
        add("first_written", "书面首报", written_due, times.first_written, times.first_written_id)
    if row.follow_up_minutes:
        step = timedelta(minutes=row.follow_up_minutes)
        for number, ((report_id, sent), previous) in enumerate(
            zip(times.follow_ups, times.previous_sent, strict=True), start=1
        ):
            add(f"follow_up:{number}", f"续报{chinese_number(number)}", previous + step, sent, report_id)
        if not closed and times.last_sent is not None and times.first_any is not None:
            number = len(times.follow_ups) + 1
            add(f"follow_up:{number}", f"续报{chinese_number(number)}", times.last_sent + step, None, None)
    daily_at = row.daily_report_at
    if daily_at is not None:
        # The k-th 日报 meets the k-th daily clock; only the next unmet one runs (none once closed).
        first_day = first_daily_day(learned_at, daily_at)
        for index, (report_id, sent) in enumerate(times.dailies):
            day = first_day + timedelta(days=index)
            add(f"daily:{day.isoformat()}", "日报", _at(day, daily_at), sent, report_id)
        if not closed:
            day = first_day + timedelta(days=len(times.dailies))
            add(f"daily:{day.isoformat()}", "日报", _at(day, daily_at), None, None)
    return sorted(clocks, key=lambda clock: clock.due_at)


def incident_clocks(incident: Incident, *, now: datetime | None = None) -> list[Clock]:
    now = now or timezone.now()
    return clocks_of(
        learned_at=incident.learned_at,
        closed=incident.state == IncidentState.CLOSED,
        closed_at=incident.closed_at,
        row=clock_for(incident.category, incident.severity),
        times=report_times(incident.reports.all()),
        now=now,
    )


def next_clock(clocks: Sequence[Clock]) -> Clock | None:
    """The earliest clock still running (unmet), or None."""
    running = [clock for clock in clocks if clock.sent_at is None]
    return min(running, key=lambda clock: clock.due_at) if running else None


_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一, 100+ in digits' names."""
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n - 10] if n > 10 else "")
    if n < 100:
        tens, ones = divmod(n, 10)
        return _DIGITS[tens] + "十" + (_DIGITS[ones] if ones else "")
    return "".join(_DIGITS[int(digit)] for digit in str(n))


# --- configuration: the director's page -----------------------------------------------------------------


def save_clock(
    *,
    by: Actor,
    category: str,
    severity: str,
    phone_minutes: int | None,
    written_minutes: int | None,
    follow_up_minutes: int | None,
    daily_report_at: time | None,
    alarm_before_minutes: int | None,
    clock: ReportingClock | None = None,
) -> ReportingClock:
    """Add or change one clock row. Minutes must be above zero; the written report cannot be due before the
    telephone one."""
    if not may_configure_clocks(by):
        raise Forbidden("只有办公室主任可以设置报告时限", code="not_allowed")
    if category and category not in IncidentCategory.values:
        raise ServiceError(f"未知的事件类别：{category}", code="bad_category", field="category")
    if severity and severity not in Severity.values:
        raise ServiceError(f"未知的事件等级：{severity}", code="bad_severity", field="severity")
    for name, label, value, required in (
        ("phone_minutes", "电话首报时限", phone_minutes, True),
        ("written_minutes", "书面首报时限", written_minutes, True),
        ("follow_up_minutes", "续报间隔", follow_up_minutes, False),
        ("alarm_before_minutes", "提前提醒", alarm_before_minutes, False),
    ):
        if value is None:
            if required:
                raise ServiceError(f"请填写{label}（分钟）", code="required", field=name)
            continue
        if value <= 0:
            raise ServiceError(
                f"{label}应大于零分钟（填写的是 {value} 分钟）", code="minutes_not_positive", field=name
            )
    assert phone_minutes is not None and written_minutes is not None
    if written_minutes < phone_minutes:
        raise ServiceError(
            "书面首报时限不能早于电话首报时限", code="written_before_phone", field="written_minutes"
        )
    with transaction.atomic():
        if clock is None:
            clock = ReportingClock.objects.filter(category=category, severity=severity).first()
            if clock is None:
                clock = ReportingClock(category=category, severity=severity)
        else:
            clock = ReportingClock.objects.select_for_update().get(pk=clock.pk)
            clash = ReportingClock.objects.filter(category=category, severity=severity).exclude(pk=clock.pk)
            if clash.exists():
                raise ServiceError("该类别和等级的报告时限已有一条", code="clock_exists", field="severity")
            clock.category, clock.severity = category, severity
        clock.phone_minutes = phone_minutes
        clock.written_minutes = written_minutes
        clock.follow_up_minutes = follow_up_minutes
        clock.daily_report_at = daily_report_at
        clock.alarm_before_minutes = alarm_before_minutes or DEFAULT_ALARM_BEFORE
        clock.save()
        audit_record(actor=by, action="duty.clock.save", target=clock)
    return clock


def delete_clock(*, by: Actor, clock: ReportingClock) -> None:
    if not may_configure_clocks(by):
        raise Forbidden("只有办公室主任可以设置报告时限", code="not_allowed")
    if not clock.category and not clock.severity:
        raise ServiceError("兜底的报告时限（全部类别、全部等级）不能删除", code="fallback_kept")
    with transaction.atomic():
        audit_record(actor=by, action="duty.clock.delete", target=clock)
        clock.delete()


def clock_label(clock: ReportingClock) -> str:
    category = IncidentCategory(clock.category).label if clock.category else "全部类别"
    severity = Severity(clock.severity).label if clock.severity else "全部等级"
    return f"{category} · {severity}"
