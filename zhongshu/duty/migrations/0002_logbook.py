"""The logbook part's own schema changes while the module is being built (squashed before release): a log
entry's version, so two edits of one entry cannot overwrite each other."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("duty", "0001_initial")]
    operations: list[migrations.operations.base.Operation] = [
        migrations.AddField(
            model_name="dutylogentry",
            name="version",
            field=models.PositiveIntegerField(default=1),
        ),
    ]
