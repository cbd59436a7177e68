"""当前值班: the shifts covering a moment read from one index alone (day, start, end, unit, role, person), so
counting the units with someone on duty and listing the people touch no table rows."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("duty", "0003_parts")]

    operations = [
        migrations.AddIndex(
            model_name="dutyshift",
            index=models.Index(
                fields=["day", "starts_at", "ends_at", "unit", "role", "person"], name="duty_shift_covering"
            ),
        ),
    ]
