# The seating part's schema changes after 0001 (empty until it needs one). Each part of the meetings module owns one
# such file beside the others, all merged by 0003_merge_parts, so parts built at the same time never fork the
# migration graph. Write this part's operations here by hand: `zhongshu makemigrations meetings --dry-run -v 3`
# prints what the autodetector wants.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations: list[migrations.operations.base.Operation] = [
        migrations.AddField(
            model_name="attendee",
            name="sign_in_failures",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="签到码错误次数"),
        ),
    ]
