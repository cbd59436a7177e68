"""领导去向: the board's week of absences by state and last day (state, ends_on, starts_on), so both halves of its
query, the active ones ending on or after Monday and the approved ones overdue (ended within the last
ZHONGSHU_DUTY_OVERDUE_DAYS), are one range each on the index instead of a skip over every first day."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("duty", "0004_onduty")]

    operations = [
        migrations.AddIndex(
            model_name="absence",
            index=models.Index(fields=["state", "ends_on", "starts_on"], name="duty_absence_state_ends"),
        ),
    ]
