from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reporting", "0002_checklist"), ("reporting", "0002_filings"), ("reporting", "0002_compliance"), ("reporting", "0002_major")]

    operations: list[migrations.operations.base.Operation] = []
