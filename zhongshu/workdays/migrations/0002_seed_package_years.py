"""Seed every year the chinesecalendar package knows (2004–2026 in 1.11.0) as the office's own calendar.

Later years are entered by the office. Reversing removes only the schedules this migration created.
"""

from django.db import migrations

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


def _chinese(name):
    return NAMES.get(name, name)


def seed(apps, schema_editor):
    import chinese_calendar
    from chinese_calendar import constants

    HolidaySchedule = apps.get_model("workdays", "HolidaySchedule")
    CalendarDay = apps.get_model("workdays", "CalendarDay")
    CalendarRevision = apps.get_model("workdays", "CalendarRevision")
    days_by_year = {}
    for day, name in constants.holidays.items():
        days_by_year.setdefault(day.year, []).append((day, "holiday", _chinese(name)))
    for day, name in constants.workdays.items():
        # Make-up working days (调休上班) are named after the holiday they make up for.
        days_by_year.setdefault(day.year, []).append((day, "workday", _chinese(name) + "调休"))
    for year in sorted(days_by_year):
        if HolidaySchedule.objects.filter(year=year).exists():
            continue
        schedule = HolidaySchedule.objects.create(
            year=year, source="package", note=f"chinesecalendar {chinese_calendar.__version__}"
        )
        CalendarDay.objects.bulk_create(
            CalendarDay(schedule=schedule, date=day, kind=kind, name=name)
            for day, kind, name in sorted(days_by_year[year])
        )
    revision, _ = CalendarRevision.objects.get_or_create(pk=1)
    revision.number += 1
    revision.save()


def unseed(apps, schema_editor):
    HolidaySchedule = apps.get_model("workdays", "HolidaySchedule")
    HolidaySchedule.objects.filter(source="package").delete()
    CalendarRevision = apps.get_model("workdays", "CalendarRevision")
    revision, _ = CalendarRevision.objects.get_or_create(pk=1)
    revision.number += 1
    revision.save()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_calendar")]

    operations = [migrations.RunPython(seed, unseed)]
