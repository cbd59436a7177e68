from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("information", "0002_submissions"), ("information", "0002_screening"), ("information", "0002_publications"), ("information", "0002_scoring"), ("information", "0002_commissions"), ("information", "0002_instructions")]

    operations: list[migrations.operations.base.Operation] = []
