# The duties part's models: part-time secrecy administrators, secrecy meetings, question banks, knowledge tests
# and their attempts (generated with makemigrations --dry-run, this part's operations only).

import django.db.models.deletion
import django.utils.timezone
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
            name="QuestionBank",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, unique=True, verbose_name="题库名称")),
                ("description", models.CharField(blank=True, max_length=300, verbose_name="说明")),
                ("created_at", models.DateTimeField(verbose_name="建立时间")),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="建立人",
                    ),
                ),
            ],
            options={
                "verbose_name": "保密知识题库",
                "verbose_name_plural": "保密知识题库",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="Question",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("topic", models.CharField(max_length=40, verbose_name="知识点")),
                (
                    "kind",
                    models.CharField(
                        choices=[("single", "单选题"), ("multiple", "多选题"), ("true_false", "判断题")],
                        max_length=12,
                        verbose_name="题型",
                    ),
                ),
                ("text", models.CharField(max_length=500, verbose_name="题目")),
                ("options", models.JSONField(default=list, verbose_name="选项")),
                ("answer", models.JSONField(default=list, verbose_name="正确答案")),
                ("explanation", models.CharField(blank=True, max_length=500, verbose_name="解析")),
                ("points", models.PositiveSmallIntegerField(default=1, verbose_name="分值")),
                ("retired", models.BooleanField(default=False, verbose_name="已停用")),
                ("created_at", models.DateTimeField(verbose_name="录入时间")),
                (
                    "bank",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="questions",
                        to="secrecy.questionbank",
                        verbose_name="题库",
                    ),
                ),
            ],
            options={
                "verbose_name": "保密知识试题",
                "verbose_name_plural": "保密知识试题",
                "ordering": ["bank", "topic", "pk"],
            },
        ),
        migrations.CreateModel(
            name="KnowledgeTest",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=100, verbose_name="测试名称")),
                ("time_limit_minutes", models.PositiveSmallIntegerField(verbose_name="限时（分钟）")),
                ("opens_at", models.DateTimeField(verbose_name="开始时间")),
                ("closes_at", models.DateTimeField(verbose_name="截止时间")),
                ("created_at", models.DateTimeField(verbose_name="建立时间")),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="组织人",
                    ),
                ),
                (
                    "people",
                    models.ManyToManyField(
                        blank=True, related_name="+", to="org.person", verbose_name="参加人员"
                    ),
                ),
                (
                    "units",
                    models.ManyToManyField(
                        blank=True, related_name="+", to="org.unit", verbose_name="参加单位"
                    ),
                ),
                (
                    "bank",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="secrecy.questionbank",
                        verbose_name="题库",
                    ),
                ),
            ],
            options={
                "verbose_name": "保密知识测试",
                "verbose_name_plural": "保密知识测试",
                "ordering": ["-opens_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="SecrecyMeeting",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("held_on", models.DateField(verbose_name="日期")),
                ("title", models.CharField(max_length=200, verbose_name="名称")),
                (
                    "kind",
                    models.CharField(
                        choices=[("meeting", "保密工作会议"), ("education", "保密教育")],
                        default="meeting",
                        max_length=12,
                        verbose_name="类型",
                    ),
                ),
                ("place", models.CharField(blank=True, max_length=100, verbose_name="地点")),
                ("minutes", models.TextField(blank=True, verbose_name="会议纪要")),
                ("recorded_at", models.DateTimeField(verbose_name="记录时间")),
                ("version", models.PositiveIntegerField(default=1, verbose_name="版本号")),
                (
                    "attendees",
                    models.ManyToManyField(related_name="+", to="org.person", verbose_name="参加人员"),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="记录人",
                    ),
                ),
            ],
            options={
                "verbose_name": "保密会议",
                "verbose_name_plural": "保密会议",
                "ordering": ["-held_on", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="TestQuestion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(verbose_name="题号")),
                (
                    "question",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="secrecy.question",
                        verbose_name="试题",
                    ),
                ),
                (
                    "test",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="secrecy.knowledgetest",
                        verbose_name="测试",
                    ),
                ),
            ],
            options={
                "verbose_name": "测试试题",
                "verbose_name_plural": "测试试题",
                "ordering": ["test", "position"],
            },
        ),
        migrations.AddField(
            model_name="knowledgetest",
            name="questions",
            field=models.ManyToManyField(
                related_name="+", through="secrecy.TestQuestion", to="secrecy.question", verbose_name="试题"
            ),
        ),
        migrations.CreateModel(
            name="SecrecyAdministrator",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("appointed_on", models.DateField(verbose_name="任命日期")),
                ("ended_on", models.DateField(blank=True, null=True, verbose_name="免去日期")),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="备注")),
                ("version", models.PositiveIntegerField(default=1, verbose_name="版本号")),
                (
                    "appointed_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="登记人",
                    ),
                ),
                (
                    "department",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.department",
                        verbose_name="科室",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.person",
                        verbose_name="兼职保密管理员",
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
            ],
            options={
                "verbose_name": "兼职保密管理员",
                "verbose_name_plural": "兼职保密管理员",
                "ordering": ["unit", "department", "-appointed_on"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("department__isnull", False), ("ended_on__isnull", True)),
                        fields=("unit", "department"),
                        name="secrecy_admin_one_current_per_department",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("department__isnull", True), ("ended_on__isnull", True)),
                        fields=("unit",),
                        name="secrecy_admin_one_current_per_unit",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="TestAttempt",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveSmallIntegerField(default=1, verbose_name="第几次")),
                ("started_at", models.DateTimeField(verbose_name="开始时间")),
                ("deadline", models.DateTimeField(verbose_name="交卷期限")),
                ("submitted_at", models.DateTimeField(blank=True, null=True, verbose_name="交卷时间")),
                ("answers", models.JSONField(default=dict, verbose_name="作答")),
                ("score", models.PositiveIntegerField(blank=True, null=True, verbose_name="得分")),
                ("full_marks", models.PositiveIntegerField(default=0, verbose_name="满分")),
                ("retake_allowed", models.BooleanField(default=False, verbose_name="允许重考")),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.person",
                        verbose_name="考试人",
                    ),
                ),
                (
                    "retake_allowed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="批准重考人",
                    ),
                ),
                (
                    "test",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="attempts",
                        to="secrecy.knowledgetest",
                        verbose_name="测试",
                    ),
                ),
            ],
            options={
                "verbose_name": "测试答卷",
                "verbose_name_plural": "测试答卷",
                "ordering": ["test", "person", "number"],
                "constraints": [
                    models.UniqueConstraint(fields=("test", "person", "number"), name="secrecy_attempt_once")
                ],
            },
        ),
        migrations.AddConstraint(
            model_name="testquestion",
            constraint=models.UniqueConstraint(
                fields=("test", "question"), name="secrecy_test_question_once"
            ),
        ),
        migrations.AddConstraint(
            model_name="testquestion",
            constraint=models.UniqueConstraint(
                fields=("test", "position"), name="secrecy_test_question_position"
            ),
        ),
        migrations.CreateModel(
            name="QuestionImport",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token", models.CharField(max_length=32, unique=True)),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("rows", models.JSONField(default=list)),
                ("used_at", models.DateTimeField(blank=True, null=True)),
                (
                    "bank",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="secrecy.questionbank",
                        verbose_name="题库",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={"verbose_name": "试题导入批次", "verbose_name_plural": "试题导入批次"},
        ),
    ]
