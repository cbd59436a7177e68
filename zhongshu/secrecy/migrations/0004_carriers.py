# The carriers part's number sequence and overdue-reminder log (models_carrier_reminders.py).

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0001_initial"),
        ("secrecy", "0003_parts"),
    ]

    operations = [
        migrations.CreateModel(
            name="CarrierNumberSequence",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="年度")),
                ("last", models.PositiveIntegerField(default=0, verbose_name="已用到")),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.unit",
                        verbose_name="单位",
                    ),
                ),
            ],
            options={"verbose_name": "涉密载体编号序列", "verbose_name_plural": "涉密载体编号序列"},
        ),
        migrations.CreateModel(
            name="CarrierReminder",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField(verbose_name="提醒日期")),
                ("sent_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="发送时间")),
                (
                    "borrowing",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="secrecy.carrierevent",
                        verbose_name="借阅记录",
                    ),
                ),
            ],
            options={"verbose_name": "涉密载体逾期提醒", "verbose_name_plural": "涉密载体逾期提醒"},
        ),
        migrations.AddConstraint(
            model_name="carriernumbersequence",
            constraint=models.UniqueConstraint(
                fields=("unit", "year"), name="secrecy_carrier_number_sequence_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="carrierreminder",
            constraint=models.UniqueConstraint(
                fields=("borrowing", "day"), name="secrecy_carrier_reminder_once_a_day"
            ),
        ),
    ]
