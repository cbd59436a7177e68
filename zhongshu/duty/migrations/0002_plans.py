"""The plans part's own schema changes while the module is being built (squashed before release): a leader's
instruction (领导批示) on an incident."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("duty", "0001_initial"),
        ("org", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]
    operations = [
        migrations.CreateModel(
            name="IncidentInstruction",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.TextField(verbose_name="批示内容")),
                ("given_at", models.DateTimeField(verbose_name="批示时间")),
                ("recorded_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("supervised_at", models.DateTimeField(blank=True, null=True, verbose_name="转督办时间")),
                (
                    "incident",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="instructions",
                        to="duty.incident",
                    ),
                ),
                (
                    "leader",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.person",
                        verbose_name="批示领导",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "领导批示",
                "verbose_name_plural": "领导批示",
                "ordering": ["given_at", "id"],
            },
        ),
        migrations.AddField(
            model_name="drillproblem",
            name="deadline",
            field=models.DateField(blank=True, null=True, verbose_name="整改时限"),
        ),
        migrations.AddField(
            model_name="drill",
            name="rectification_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="转整改时间"),
        ),
    ]
