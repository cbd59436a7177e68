# Entries learn the numbers, names and title pinyin a record is found by, and which record a copy folds into.
#
# Existing entries get format 1 (the default then becomes 2, what every new entry is written with): the tick
# (search.reconcile, run by `zhongshu serve`, `tick` and `worker`) rewrites them a batch at a time, and
# `zhongshu search reindex` rewrites them all at once. Until then an old entry is found as before.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("org", "0001_initial"),
        ("search", "0005_entry_source_type_index_from_the_constraint"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="fold_into",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="format",
            field=models.PositiveSmallIntegerField(default=1),
        ),
        migrations.AlterField(
            model_name="searchentry",
            name="format",
            field=models.PositiveSmallIntegerField(default=2),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="marked",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="terms",
            field=models.TextField(blank=True, default="", verbose_name="检索词"),
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(
                condition=models.Q(("fold_into__isnull", False)),
                fields=["source_type", "fold_into", "source_id"],
                name="search_entry_fold",
            ),
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(
                condition=models.Q(("format__lt", 2)), fields=["format"], name="search_entry_format"
            ),
        ),
    ]
