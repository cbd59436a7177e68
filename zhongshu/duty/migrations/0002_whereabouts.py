"""The whereabouts part's own schema changes while the module is being built (squashed before release):
an absence's approval chain on the workflow app."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("duty", "0001_initial"), ("workflow", "0002_step_event_system_actor")]
    operations = [
        migrations.AddField(
            model_name="absence",
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
