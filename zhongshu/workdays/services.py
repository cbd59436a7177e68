"""Writing the calendar: entering (or re-entering) a year's official holiday schedule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhongshu.accounts.actors import Actor
from zhongshu.audit.services import audit_record
from zhongshu.base.roles import Power, Role
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.workdays.models import CalendarDay, HolidaySchedule, ScheduleSource
from zhongshu.workdays.recount import RecountResult, recount_for_year
from zhongshu.workdays.schedule_input import LineError, ScheduleDay, check_days, year_problem
from zhongshu.workdays.snapshot import calendar_changed


class ScheduleInvalid(ServiceError):
    code = "invalid_schedule"

    def __init__(self, errors: list[LineError]) -> None:
        self.errors = errors
        # Positions here are items of the list given, not lines of a text.
        items = "；".join(f"第{e.line}项：{e.zh}" if e.line else e.zh for e in errors[:5])
        super().__init__("节假日安排有误：" + items)


def may_manage_calendar(user: Any) -> bool:
    """The system administrator (维护工作日历) or the office director."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user.has_power(Power.MANAGE_CALENDAR) or user.has_role(Role.OFFICE_DIRECTOR))


@dataclass(frozen=True)
class ScheduleEntered:
    schedule: HolidaySchedule
    recount: RecountResult


def _day_text(day: tuple[date, str, str]) -> str:
    d, kind, name = day
    return f"{d:%Y-%m-%d} {'休' if kind == 'holiday' else '班'} {name}"


def holiday_schedule_enter(
    *,
    by: Actor | None,
    year: int,
    days: list[tuple[date, str, str]],
    source: str,
    note: str = "",
) -> ScheduleEntered:
    """Enter `year`'s schedule (replacing any earlier one) and recount the provisional deadlines it touches.

    `days` lists every holiday ("holiday") and make-up working day ("workday") with its name. `by` is the
    user entering it, or None for the command line on the server.
    """
    if by is not None and not may_manage_calendar(by):
        raise Forbidden("只有系统管理员或办公室主任可以维护工作日历", code="calendar_forbidden")
    problem = year_problem(year)
    if problem:
        raise ServiceError(problem[0], code="invalid_year", field="year")
    if source not in ScheduleSource.values:
        raise ServiceError("来源应为软件包预置、手工录入或文件导入", code="invalid_source", field="source")
    entries = [ScheduleDay(position, d, kind, name) for position, (d, kind, name) in enumerate(days, start=1)]
    errors = check_days(year, entries)
    if errors:
        raise ScheduleInvalid(errors)

    new_days = sorted((day.date, day.kind, day.name.strip()) for day in entries)
    with transaction.atomic():
        schedule = HolidaySchedule.objects.select_for_update().filter(year=year).first()
        old_days: list[tuple[date, str, str]] = []
        previous_source = ""
        if schedule is None:
            schedule = HolidaySchedule(year=year)
        else:
            previous_source = schedule.source
            old_days = list(schedule.days.order_by("date").values_list("date", "kind", "name"))
            schedule.days.all().delete()
        schedule.source = source
        schedule.entered_by = by
        schedule.entered_at = timezone.now()
        schedule.note = note.strip()
        schedule.save()
        CalendarDay.objects.bulk_create(
            CalendarDay(schedule=schedule, date=d, kind=kind, name=name) for d, kind, name in new_days
        )
        calendar_changed()
        recount = recount_for_year(year)
        old, new = set(old_days), set(new_days)
        audit_record(
            actor=by,
            actor_name="" if by is not None else "命令行",
            action="holiday_schedule.enter",
            target=schedule,
            details={
                "year": year,
                "source": source,
                "replaced": bool(previous_source),
                "previous_source": previous_source,
                "days": len(new_days),
                "added": [_day_text(day) for day in sorted(new - old)],
                "removed": [_day_text(day) for day in sorted(old - new)],
                "recounted": recount.recounted,
                "moved": recount.moved,
            },
        )
    return ScheduleEntered(schedule, recount)
