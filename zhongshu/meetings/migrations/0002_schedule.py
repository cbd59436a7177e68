# The schedule part's schema changes after 0001. Each part of the meetings module owns one such file beside the
# others, all merged by 0003_merge_parts, so parts built at the same time never fork the migration graph.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations: list[migrations.operations.base.Operation] = [
        # An engagement's version: an edit or deletion from a form drawn before someone else's change is refused.
        migrations.AddField(
            model_name="engagement",
            name="version",
            field=models.PositiveIntegerField(default=1),
        ),
    ]
