from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0002_agenda"),
        ("meetings", "0002_application"),
        ("meetings", "0002_minutes"),
        ("meetings", "0002_notice"),
        ("meetings", "0002_schedule"),
        ("meetings", "0002_scheduling"),
        ("meetings", "0002_seating"),
    ]

    operations: list[migrations.operations.base.Operation] = []
