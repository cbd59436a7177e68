# The application part's schema changes after 0001: the meeting keeps its current approval chain (报批 on the
# workflow app). Each part of the meetings module owns one such file beside the others, all merged by
# 0003_merge_parts, so parts built at the same time never fork the migration graph.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
        ("workflow", "0002_step_event_system_actor"),
    ]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="workflow",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="workflow.workflow",
            ),
        ),
    ]
