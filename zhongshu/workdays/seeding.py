"""Seeding the calendar with every year the chinesecalendar package knows (2004–2026 in 1.11.0).

Used by the data migration (with the migration's historical models) and by the test suite, which must put the
seeded years back after a transactional test has flushed every table.
"""

from __future__ import annotations

from typing import Any

NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def _chinese(name: str) -> str:
    return NAMES.get(name, name)


def seed_package_years(holiday_schedule: Any, calendar_day: Any, calendar_revision: Any) -> int:
    """Create a schedule for each package year not yet entered; returns how many were created."""
    import chinese_calendar
    from chinese_calendar import constants

    days_by_year: dict[int, list[tuple[Any, str, str]]] = {}
    for day, name in constants.holidays.items():
        days_by_year.setdefault(day.year, []).append((day, "holiday", _chinese(name)))
    for day, name in constants.workdays.items():
        # Make-up working days (调休上班) are named after the holiday they make up for.
        days_by_year.setdefault(day.year, []).append((day, "workday", _chinese(name) + "调休"))
    created = 0
    for year in sorted(days_by_year):
        if holiday_schedule.objects.filter(year=year).exists():
            continue
        schedule = holiday_schedule.objects.create(
            year=year, source="package", note=f"chinesecalendar {chinese_calendar.__version__}"
        )
        calendar_day.objects.bulk_create(
            calendar_day(schedule=schedule, date=day, kind=kind, name=name)
            for day, kind, name in sorted(days_by_year[year])
        )
        created += 1
    revision, _ = calendar_revision.objects.get_or_create(pk=1)
    revision.number += 1
    revision.save()
    return created
