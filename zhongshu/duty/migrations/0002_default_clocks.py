"""The default reporting clocks (DOMAIN.md's county example for Ⅰ and Ⅱ: telephone 20,
written 40 minutes; Ⅲ 30/60; Ⅳ and any other 60/120), 续报 every 2 hours for Ⅰ–Ⅱ and 4 hours for Ⅲ, and a daily
report at 08:00 for Ⅰ–Ⅲ events still open after a day. The office changes them on the 报告时限 page."""

from datetime import time

from django.db import migrations

DEFAULTS = [
    # severity, phone, written, follow-up, daily at
    ("I", 20, 40, 120, time(8, 0)),
    ("II", 20, 40, 120, time(8, 0)),
    ("III", 30, 60, 240, time(8, 0)),
    ("IV", 60, 120, None, None),
    ("", 60, 120, None, None),
]


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    clock = apps.get_model("duty", "ReportingClock")
    for severity, phone, written, follow_up, daily in DEFAULTS:
        clock.objects.get_or_create(
            category="",
            severity=severity,
            defaults={
                "phone_minutes": phone,
                "written_minutes": written,
                "follow_up_minutes": follow_up,
                "daily_report_at": daily,
                "alarm_before_minutes": 10,
            },
        )


def unseed(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("duty", "ReportingClock").objects.filter(category="").delete()


class Migration(migrations.Migration):
    dependencies = [("duty", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
