"""Seed every year the chinesecalendar package knows (2004–2026 in 1.11.0) as the office's own calendar.

Later years are entered by the office. Reversing removes only the schedules this migration created.
"""

from django.db import migrations

def seed(apps, schema_editor):
    from zhongshu.workdays.seeding import seed_package_years

    seed_package_years(
        apps.get_model("workdays", "HolidaySchedule"),
        apps.get_model("workdays", "CalendarDay"),
        apps.get_model("workdays", "CalendarRevision"),
    )


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
