# The walk index also holds fold_into, so the one-row-per-record check (selectors.unfolded) reads no row.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("org", "0001_initial"),
        ("search", "0006_entry_numbers_names_pinyin_folding"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="searchentry",
            name="search_entry_walk",
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(
                fields=[
                    "rank",
                    "classification",
                    "owner_unit",
                    "owner_person",
                    "kind",
                    "year",
                    "unit",
                    "source_type",
                    "source_id",
                    "fold_into",
                    "title",
                ],
                name="search_entry_walk",
            ),
        ),
    ]
