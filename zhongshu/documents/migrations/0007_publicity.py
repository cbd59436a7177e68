# 公开属性 (主动公开 / 依申请公开 / 不予公开) and who published a 主动公开 document when (issue 20, 公开审查).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0006_quotas_move"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="officialdocument",
            name="publicity",
            field=models.CharField(
                choices=[("proactive", "主动公开"), ("on_request", "依申请公开"), ("not_public", "不予公开")],
                default="not_public",
                max_length=20,
                verbose_name="公开属性",
            ),
        ),
        migrations.AddField(
            model_name="officialdocument",
            name="published_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="发布时间"),
        ),
        migrations.AddField(
            model_name="officialdocument",
            name="published_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="发布人",
            ),
        ),
    ]
