# The inspection part's models: the risk checklists and their items, the self-inspection rounds, the
# participants' fillings and their answers (operations printed by makemigrations --dry-run, this part's only).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0001_initial"),
        ("secrecy", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="InspectionRound",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="年度")),
                ("title", models.CharField(max_length=200, verbose_name="自查名称")),
                ("deadline", models.DateField(verbose_name="填报截止日期")),
                ("created_at", models.DateTimeField(verbose_name="组织时间")),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="组织人",
                    ),
                ),
            ],
            options={
                "verbose_name": "保密自查",
                "verbose_name_plural": "保密自查",
                "ordering": ["-year", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="InspectionFilling",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[("draft", "填报中"), ("submitted", "已提交"), ("reviewed", "已审核")],
                        default="draft",
                        max_length=20,
                        verbose_name="状态",
                    ),
                ),
                ("submitted_at", models.DateTimeField(blank=True, null=True, verbose_name="提交时间")),
                ("reviewed_at", models.DateTimeField(blank=True, null=True, verbose_name="审核时间")),
                ("review_opinion", models.TextField(blank=True, verbose_name="审核意见")),
                ("version", models.PositiveIntegerField(default=1, verbose_name="版本号")),
                (
                    "department",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.department",
                        verbose_name="部门",
                    ),
                ),
                (
                    "reviewed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="审核人",
                    ),
                ),
                (
                    "submitted_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="提交人",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.unit",
                        verbose_name="单位",
                    ),
                ),
                (
                    "round",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="fillings",
                        to="secrecy.inspectionround",
                        verbose_name="保密自查",
                    ),
                ),
            ],
            options={
                "verbose_name": "保密自查填报",
                "verbose_name_plural": "保密自查填报",
                "ordering": ["round", "unit__name", "pk"],
            },
        ),
        migrations.CreateModel(
            name="RiskChecklist",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(unique=True, verbose_name="年度")),
                ("title", models.CharField(max_length=200, verbose_name="清单名称")),
                ("created_at", models.DateTimeField(verbose_name="制定时间")),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="制定人",
                    ),
                ),
            ],
            options={
                "verbose_name": "风险隐患清单",
                "verbose_name_plural": "风险隐患清单",
                "ordering": ["-year"],
            },
        ),
        migrations.AddField(
            model_name="inspectionround",
            name="checklist",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="rounds",
                to="secrecy.riskchecklist",
                verbose_name="风险隐患清单",
            ),
        ),
        migrations.CreateModel(
            name="RiskItem",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "area",
                    models.CharField(
                        choices=[
                            ("personnel", "涉密人员"),
                            ("carriers", "涉密载体"),
                            ("systems", "涉密计算机和信息系统"),
                            ("equipment", "通信办公设备"),
                            ("publicity", "宣传报道和公开"),
                            ("meetings", "会议活动"),
                            ("key_places", "要害部位"),
                        ],
                        max_length=20,
                        verbose_name="检查领域",
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(verbose_name="序号")),
                ("text", models.CharField(max_length=300, verbose_name="检查内容")),
                ("points", models.PositiveSmallIntegerField(verbose_name="分值")),
                (
                    "checklist",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="items",
                        to="secrecy.riskchecklist",
                        verbose_name="风险隐患清单",
                    ),
                ),
            ],
            options={
                "verbose_name": "风险隐患检查项",
                "verbose_name_plural": "风险隐患检查项",
                "ordering": ["checklist", "position"],
            },
        ),
        migrations.CreateModel(
            name="InspectionAnswer",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "verdict",
                    models.CharField(
                        blank=True,
                        choices=[("met", "符合"), ("unmet", "不符合"), ("not_applicable", "不适用")],
                        max_length=20,
                        verbose_name="自查结果",
                    ),
                ),
                ("evidence", models.TextField(blank=True, verbose_name="佐证说明")),
                ("finding", models.TextField(blank=True, verbose_name="发现问题")),
                ("rectified_at", models.DateTimeField(blank=True, null=True, verbose_name="转整改时间")),
                (
                    "rectified_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="转整改人",
                    ),
                ),
                (
                    "filling",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="answers",
                        to="secrecy.inspectionfilling",
                        verbose_name="保密自查填报",
                    ),
                ),
                (
                    "item",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="secrecy.riskitem",
                        verbose_name="检查项",
                    ),
                ),
            ],
            options={
                "verbose_name": "保密自查答复",
                "verbose_name_plural": "保密自查答复",
                "ordering": ["filling", "item__position"],
            },
        ),
        migrations.AddConstraint(
            model_name="riskitem",
            constraint=models.UniqueConstraint(
                fields=("checklist", "position"), name="secrecy_risk_item_position"
            ),
        ),
        migrations.AddConstraint(
            model_name="inspectionanswer",
            constraint=models.UniqueConstraint(
                fields=("filling", "item"), name="secrecy_inspection_answer_item"
            ),
        ),
    ]
