"""The spotchecks part's own schema changes while the module is being built (squashed before release)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("duty", "0001_initial")]
    operations = [
        migrations.AddField(
            model_name="spotcheckround",
            name="scope",
            field=models.CharField(default="all", max_length=16, verbose_name="抽查范围"),
        ),
    ]
