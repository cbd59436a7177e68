"""Joins the parts' migrations (squashed into 0001 before release)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("duty", "0002_rosters"),
        ("duty", "0002_swaps"),
        ("duty", "0002_logbook"),
        ("duty", "0002_spotchecks"),
        ("duty", "0002_incidents"),
        ("duty", "0002_plans"),
        ("duty", "0002_whereabouts"),
    ]
    operations: list[migrations.operations.base.Operation] = []
