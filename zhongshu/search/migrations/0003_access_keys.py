"""Each entry's access keys go into the full-text index beside its words, so a search ANDs the viewer's
keys into the match (see access.policy.record_access_keys). Existing entries get their keys and the index
is rebuilt from the entries' stored text: every row's tokens change."""

from django.db import migrations, models

from zhongshu.search.backends import FTS, FTS_TITLE, backend, index_rows
from zhongshu.search.indexing import entry_keys

BATCH = 2000


def rebuild_without_keys(apps, schema_editor):  # type: ignore[no-untyped-def]
    rebuild_with_keys(apps, schema_editor, with_keys=False)


def rebuild_with_keys(apps, schema_editor, *, with_keys=True):  # type: ignore[no-untyped-def]
    entry_model = apps.get_model("search", "SearchEntry")
    people = entry_model.need_to_know_people.through
    units = entry_model.need_to_know_units.through
    connection = schema_editor.connection
    index = backend(connection)
    with connection.cursor() as cursor:
        index.clear(cursor)
    last = 0
    while True:
        entries = list(entry_model.objects.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not entries:
            break
        last = entries[-1].pk
        ids = [entry.pk for entry in entries]
        people_of: dict[int, list[int]] = {}
        for entry_id, person_id in people.objects.filter(searchentry_id__in=ids).values_list(
            "searchentry_id", "person_id"
        ):
            people_of.setdefault(entry_id, []).append(person_id)
        units_of: dict[int, list[int]] = {}
        for entry_id, unit_id in units.objects.filter(searchentry_id__in=ids).values_list("searchentry_id", "unit_id"):
            units_of.setdefault(entry_id, []).append(unit_id)
        for entry in entries:
            entry.access_keys = with_keys and entry_keys(
                entry.classification,
                entry.owner_person_id,
                entry.owner_unit_id,
                sorted(people_of.get(entry.pk, ())),
                sorted(units_of.get(entry.pk, ())),
                (entry.source_type_id, entry.source_id),
            ) or ""
        entry_model.objects.bulk_update(entries, ["access_keys"])
        with connection.cursor() as cursor:
            index.insert(cursor, index_rows((e.rank, e.title, e.body, e.access_keys) for e in entries))
    if connection.vendor == "sqlite":
        # Written row by row, the index is many small segments: merge them once.
        with connection.cursor() as cursor:
            for table in (FTS, FTS_TITLE):
                cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext_index")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="access_keys",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.RunPython(rebuild_with_keys, rebuild_without_keys),
    ]
