# The classification part's models: 定密责任人, 定密决定 (with a compilation's parts) and the yearly review marks.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

LEVELS = [(0, "公开"), (1, "内部"), (2, "秘密"), (3, "机密"), (4, "绝密")]


class Migration(migrations.Migration):
    dependencies = [
        ("secrecy", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("org", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ClassificationDecision",
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
                        choices=[
                            ("classify", "定密"),
                            ("change", "变更"),
                            ("extend", "延期"),
                            ("declassify", "解密"),
                        ],
                        max_length=12,
                        verbose_name="类别",
                    ),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[("pending", "待审定"), ("approved", "已批准"), ("refused", "未批准")],
                        default="pending",
                        max_length=10,
                        verbose_name="状态",
                    ),
                ),
                ("object_id", models.PositiveBigIntegerField(verbose_name="记录编号")),
                ("classification", models.PositiveSmallIntegerField(choices=LEVELS, verbose_name="密级")),
                (
                    "secrecy_term_years",
                    models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="保密期限（年）"),
                ),
                (
                    "previous_classification",
                    models.PositiveSmallIntegerField(
                        blank=True, choices=LEVELS, null=True, verbose_name="原密级"
                    ),
                ),
                (
                    "previous_term_years",
                    models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="原保密期限（年）"),
                ),
                ("sets_need_to_know", models.BooleanField(default=False, verbose_name="确定知悉范围")),
                ("is_compilation", models.BooleanField(default=False, verbose_name="汇编或摘录")),
                ("basis", models.CharField(blank=True, max_length=300, verbose_name="定密依据")),
                ("reason", models.CharField(max_length=500, verbose_name="理由")),
                ("proposed_at", models.DateTimeField(verbose_name="提出时间")),
                ("decided_at", models.DateTimeField(blank=True, null=True, verbose_name="审定时间")),
                ("opinion", models.CharField(blank=True, max_length=500, verbose_name="审定意见")),
                ("starts_on", models.DateField(blank=True, null=True, verbose_name="起算日期")),
                ("ends_on", models.DateField(blank=True, null=True, verbose_name="届满日期")),
                ("is_latest", models.BooleanField(default=False, verbose_name="现行决定")),
                (
                    "expiry_applied_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="到期解密执行时间"),
                ),
                ("version", models.PositiveIntegerField(default=1, verbose_name="版本号")),
                (
                    "content_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="contenttypes.contenttype",
                        verbose_name="记录类型",
                    ),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="审定人",
                    ),
                ),
                (
                    "need_to_know_people",
                    models.ManyToManyField(
                        blank=True, related_name="+", to="org.person", verbose_name="知悉范围（人员）"
                    ),
                ),
                (
                    "need_to_know_units",
                    models.ManyToManyField(
                        blank=True, related_name="+", to="org.unit", verbose_name="知悉范围（单位）"
                    ),
                ),
                (
                    "proposed_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="承办人",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.unit",
                        verbose_name="定密单位",
                    ),
                ),
            ],
            options={"verbose_name": "定密决定", "verbose_name_plural": "定密决定"},
        ),
        migrations.CreateModel(
            name="ClassificationOfficer",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("starts_on", models.DateField(verbose_name="起始日期")),
                ("ends_on", models.DateField(blank=True, null=True, verbose_name="终止日期")),
                ("named_at", models.DateTimeField(auto_now_add=True, verbose_name="指定时间")),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="说明")),
                (
                    "named_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="指定人",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.person",
                        verbose_name="定密责任人",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.unit",
                        verbose_name="负责单位",
                    ),
                ),
            ],
            options={"verbose_name": "定密责任人", "verbose_name_plural": "定密责任人"},
        ),
        migrations.CreateModel(
            name="ClassificationReview",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="审查年度")),
                (
                    "verdict",
                    models.CharField(
                        choices=[("keep", "维持"), ("change", "拟变更"), ("declassify", "拟解密")],
                        max_length=12,
                        verbose_name="审查结论",
                    ),
                ),
                ("opinion", models.CharField(blank=True, max_length=500, verbose_name="审查意见")),
                ("reviewed_at", models.DateTimeField(verbose_name="审查时间")),
                (
                    "decision",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="reviews",
                        to="secrecy.classificationdecision",
                        verbose_name="定密决定",
                    ),
                ),
                (
                    "reviewed_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="审查人",
                    ),
                ),
            ],
            options={"verbose_name": "年度定密审查", "verbose_name_plural": "年度定密审查"},
        ),
        migrations.CreateModel(
            name="DecisionPart",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("object_id", models.PositiveBigIntegerField(verbose_name="记录编号")),
                (
                    "content_type",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="contenttypes.contenttype",
                        verbose_name="记录类型",
                    ),
                ),
                (
                    "decision",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="parts",
                        to="secrecy.classificationdecision",
                        verbose_name="定密决定",
                    ),
                ),
            ],
            options={"verbose_name": "汇编组成部分", "verbose_name_plural": "汇编组成部分"},
        ),
        migrations.AddIndex(
            model_name="classificationdecision",
            index=models.Index(fields=["content_type", "object_id"], name="secrecy_decision_record"),
        ),
        migrations.AddIndex(
            model_name="classificationdecision",
            index=models.Index(fields=["state", "unit"], name="secrecy_decision_state_unit"),
        ),
        migrations.AddIndex(
            model_name="classificationdecision",
            index=models.Index(
                condition=models.Q(("is_latest", True)),
                fields=["ends_on"],
                name="secrecy_decision_latest_end",
            ),
        ),
        migrations.AddIndex(
            model_name="classificationofficer",
            index=models.Index(fields=["person", "unit"], name="secrecy_officer_person_unit"),
        ),
        migrations.AddConstraint(
            model_name="classificationreview",
            constraint=models.UniqueConstraint(
                fields=("decision", "year"), name="secrecy_review_once_a_year"
            ),
        ),
    ]
