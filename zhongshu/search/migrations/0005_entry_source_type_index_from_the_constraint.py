"""The entry table's own index on source_type goes: the unique (source_type, source_id) constraint's index
leads with the same column, so the second one only cost every write an extra index entry.

Dropped by name, not by AlterField: on SQLite that would copy the whole table (bodies and all) to drop one
index. The name is Django's for the field's index, the same on both databases.
"""

import django.db.models.deletion
from django.db import migrations, models

INDEX = "search_searchentry_source_type_id_78a23e37"


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("search", "0004_walk_index_holds_titles"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="searchentry",
                    name="source_type",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="contenttypes.contenttype",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{INDEX}"',
                    f'CREATE INDEX "{INDEX}" ON "search_searchentry" ("source_type_id")',
                ),
            ],
        ),
    ]
