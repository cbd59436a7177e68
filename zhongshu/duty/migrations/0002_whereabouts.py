"""The whereabouts part's own schema changes while the module is being built (squashed before release)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("duty", "0001_initial")]
    operations: list[migrations.operations.base.Operation] = []
