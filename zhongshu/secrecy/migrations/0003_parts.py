# Joins the parts' migrations (each 0002_<part> depends only on 0001_initial).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("secrecy", "0002_classification"),
        ("secrecy", "0002_duties"),
        ("secrecy", "0002_inspection"),
        ("secrecy", "0002_personnel"),
        ("secrecy", "0002_publication"),
        ("secrecy", "0002_secondees"),
    ]

    operations: list[migrations.operations.base.Operation] = []
