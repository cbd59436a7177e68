# The personnel part's models: vetting, pledges, training records and departures (cleared posts and people).

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("secrecy", "0001_initial"),
        ("org", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Departure",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "level",
                    models.PositiveSmallIntegerField(
                        choices=[(0, "非涉密"), (1, "一般"), (2, "重要"), (3, "核心")],
                        verbose_name="岗位涉密等级",
                    ),
                ),
                ("left_on", models.DateField(verbose_name="离岗日期")),
                ("cooling_off_years", models.PositiveSmallIntegerField(verbose_name="脱密期（年）")),
                ("talk_on", models.DateField(blank=True, null=True, verbose_name="提醒谈话日期")),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="说明")),
                ("completed_at", models.DateTimeField(blank=True, null=True, verbose_name="办结时间")),
                (
                    "recorded_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="登记时间"),
                ),
                ("version", models.PositiveIntegerField(default=1)),
                (
                    "completed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="secrecy_departures",
                        to="org.person",
                        verbose_name="人员",
                    ),
                ),
                (
                    "post",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.post",
                        verbose_name="岗位",
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
                (
                    "talk_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.person",
                        verbose_name="谈话人",
                    ),
                ),
            ],
            options={
                "verbose_name": "涉密人员离岗",
                "verbose_name_plural": "涉密人员离岗",
                "ordering": ["-left_on", "-id"],
            },
        ),
        migrations.CreateModel(
            name="Pledge",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("on_post", "在岗保密承诺书"), ("leaving", "离岗保密承诺书")],
                        max_length=10,
                        verbose_name="承诺书类别",
                    ),
                ),
                ("signed_on", models.DateField(verbose_name="签订日期")),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="说明")),
                (
                    "recorded_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="登记时间"),
                ),
                (
                    "departure",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="pledges",
                        to="secrecy.departure",
                        verbose_name="离岗事项",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="secrecy_pledges",
                        to="org.person",
                        verbose_name="人员",
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
                "verbose_name": "保密承诺书",
                "verbose_name_plural": "保密承诺书",
                "ordering": ["-signed_on", "-id"],
            },
        ),
        migrations.CreateModel(
            name="TrainingRecord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=100, verbose_name="培训名称")),
                ("trained_on", models.DateField(verbose_name="培训日期")),
                ("hours", models.DecimalField(decimal_places=1, max_digits=4, verbose_name="学时")),
                (
                    "recorded_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="登记时间"),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="secrecy_trainings",
                        to="org.person",
                        verbose_name="人员",
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
                "verbose_name": "保密培训记录",
                "verbose_name_plural": "保密培训记录",
                "ordering": ["-trained_on", "-id"],
            },
        ),
        migrations.CreateModel(
            name="Vetting",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("onboard", "上岗审查"), ("periodic", "复审")],
                        max_length=10,
                        verbose_name="审查类别",
                    ),
                ),
                (
                    "result",
                    models.CharField(
                        choices=[("passed", "通过"), ("failed", "未通过")],
                        max_length=10,
                        verbose_name="审查结论",
                    ),
                ),
                ("vetted_on", models.DateField(verbose_name="审查日期")),
                ("note", models.CharField(blank=True, max_length=300, verbose_name="审查意见")),
                (
                    "recorded_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="登记时间"),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="secrecy_vettings",
                        to="org.person",
                        verbose_name="人员",
                    ),
                ),
                (
                    "post",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.post",
                        verbose_name="岗位",
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
                (
                    "vetted_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.person",
                        verbose_name="审查人",
                    ),
                ),
            ],
            options={
                "verbose_name": "涉密人员审查",
                "verbose_name_plural": "涉密人员审查",
                "ordering": ["-vetted_on", "-id"],
            },
        ),
        migrations.AddIndex(
            model_name="departure",
            index=models.Index(fields=["person", "-left_on"], name="secrecy_departure_person"),
        ),
        migrations.AddIndex(
            model_name="trainingrecord",
            index=models.Index(fields=["person", "trained_on"], name="secrecy_training_person"),
        ),
        migrations.AddIndex(
            model_name="vetting",
            index=models.Index(fields=["person", "-vetted_on"], name="secrecy_vetting_person"),
        ),
    ]
