"""The publications part's schema changes (hand-written; empty until the part needs one). All parts' 0002 files are
merged by 0003_merge_parts and squashed when the module is integrated."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("information", "0001_initial")]

    operations: list[migrations.operations.base.Operation] = []
