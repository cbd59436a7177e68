"""The major part's schema changes (hand-written): a 三重一大 filing keeps whether it was filed late (迟报), so
the register filters late filings and counts_by_unit counts them in one aggregate query. All parts' 0002 files
are merged by 0003_merge_parts and squashed when the module is integrated."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial")]

    operations: list[migrations.operations.base.Operation] = [
        migrations.AddField(
            model_name="majordecisionfiling",
            name="late",
            field=models.BooleanField(default=False, verbose_name="迟报"),
        ),
    ]
