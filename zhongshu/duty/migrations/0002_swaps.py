"""The swaps part's own schema changes while the module is being built (squashed before release): a swap
goes through the workflow app (its chain) with a version for concurrent deciders, and "who is on duty now"
reads shifts by day (the day before and the day of the moment) through an index."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("duty", "0001_initial"), ("workflow", "0001_initial")]
    operations = [
        migrations.AddField(
            model_name="shiftswap",
            name="workflow",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="workflow.workflow",
            ),
        ),
        migrations.AddField(
            model_name="shiftswap",
            name="version",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddIndex(
            model_name="shiftswap",
            index=models.Index(fields=["shift", "state"], name="duty_swap_shift_state"),
        ),
        migrations.AddIndex(
            model_name="dutyshift",
            index=models.Index(fields=["day", "starts_at"], name="duty_shift_day_starts"),
        ),
    ]
