"""Reads for the calendar pages, the API and the command line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone

from zhongshu.workdays.models import CalendarDay, HolidaySchedule


@dataclass(frozen=True)
class YearSummary:
    year: int
    source: str
    source_label: str
    entered_at: object
    entered_by: str
    holidays: int
    workdays: int


def schedule_years() -> list[YearSummary]:
    schedules = (
        HolidaySchedule.objects.select_related("entered_by")
        .annotate(
            holidays=Count("days", filter=Q(days__kind="holiday")),
            workdays=Count("days", filter=Q(days__kind="workday")),
        )
        .order_by("year")
    )
    return [
        YearSummary(
            s.year,
            s.source,
            s.get_source_display(),
            s.entered_at,
            s.entered_by.get_username() if s.entered_by else "",
            s.holidays,  # type: ignore[attr-defined]
            s.workdays,  # type: ignore[attr-defined]
        )
        for s in schedules
    ]


def upcoming_years_missing(today: date | None = None) -> list[int]:
    """This year and next, when they have no schedule: the years deadlines set now run into."""
    today = today or timezone.localdate()
    have = set(
        HolidaySchedule.objects.filter(year__in=[today.year, today.year + 1]).values_list("year", flat=True)
    )
    return [year for year in (today.year, today.year + 1) if year not in have]


def schedule_of(year: int) -> HolidaySchedule | None:
    return HolidaySchedule.objects.select_related("entered_by").filter(year=year).first()


def days_of(year: int) -> list[CalendarDay]:
    return list(CalendarDay.objects.filter(date__year=year).order_by("date"))
