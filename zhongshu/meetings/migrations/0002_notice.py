# The notice part's schema changes after 0001. Each part of the meetings module owns one such file beside the
# others, all merged by 0003_merge_parts, so parts built at the same time never fork the migration graph.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="notice_requirements",
            field=models.TextField(blank=True, verbose_name="会议要求"),
        ),
        migrations.AddField(
            model_name="meeting",
            name="notice_contact",
            field=models.CharField(blank=True, max_length=100, verbose_name="联系人及电话"),
        ),
    ]
