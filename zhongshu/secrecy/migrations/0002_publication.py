# The publication part's models: 公开审查 (PublicationReview).

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("secrecy", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("org", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PublicationReview",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("object_id", models.PositiveBigIntegerField(verbose_name="记录编号")),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("unit_pending", "待起草单位审查"),
                            ("secrecy_pending", "待保密审查"),
                            ("passed", "通过"),
                            ("returned", "退回"),
                            ("published", "已发布"),
                        ],
                        default="unit_pending",
                        max_length=20,
                        verbose_name="状态",
                    ),
                ),
                ("fingerprint", models.CharField(max_length=64, verbose_name="内容指纹")),
                ("reviewed_title", models.CharField(max_length=200, verbose_name="审查时标题")),
                ("reviewed_body", models.TextField(blank=True, verbose_name="审查时正文")),
                ("reviewed_attachments", models.TextField(blank=True, verbose_name="审查时附件")),
                (
                    "requested_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="提请时间"),
                ),
                ("unit_opinion", models.TextField(blank=True, verbose_name="起草单位审查意见")),
                (
                    "unit_reviewed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="起草单位审查时间"),
                ),
                ("secrecy_opinion", models.TextField(blank=True, verbose_name="保密审查意见")),
                (
                    "secrecy_reviewed_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="保密审查时间"),
                ),
                ("returned_reason", models.CharField(blank=True, max_length=200, verbose_name="退回原因")),
                ("closed_at", models.DateTimeField(blank=True, null=True, verbose_name="结束时间")),
                ("published_at", models.DateTimeField(blank=True, null=True, verbose_name="发布时间")),
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
                    "requested_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="提请人",
                    ),
                ),
                (
                    "secrecy_reviewer",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.person",
                        verbose_name="保密审查人",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.unit",
                        verbose_name="起草单位",
                    ),
                ),
                (
                    "unit_reviewer",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="org.person",
                        verbose_name="起草单位审查人",
                    ),
                ),
            ],
            options={
                "verbose_name": "公开审查",
                "verbose_name_plural": "公开审查",
                "ordering": ["-requested_at", "-id"],
                "indexes": [
                    models.Index(fields=["content_type", "object_id"], name="secrecy_pubreview_record"),
                    models.Index(fields=["state", "unit"], name="secrecy_pubreview_state"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("state__in", ["unit_pending", "secrecy_pending", "passed"])),
                        fields=("content_type", "object_id"),
                        name="secrecy_pubreview_one_open",
                    )
                ],
            },
        ),
    ]
