"""The full-text index beside the entries: FTS5 tables on SQLite, a tsvector table on PostgreSQL.

Contentless FTS5 with detail=none keeps only which rows hold which token (no positions): the index stays a
fraction of the text, and phrase adjacency is checked against the entry's stored text in the same query.
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(tokens, content='', detail=none, tokenize='ascii')",
    "CREATE VIRTUAL TABLE search_fts_title USING fts5(tokens, content='', detail=none, tokenize='ascii')",
    # Buffer 16 MB of new terms per transaction before writing a segment (default 1 MB): a bulk build
    # writes fewer, larger segments and merges less, about 1.5x faster. Kept in the table's config.
    "INSERT INTO search_fts (search_fts, rank) VALUES ('hashsize', 16777216)",
]
SQLITE_DROP = ["DROP TABLE IF EXISTS search_fts", "DROP TABLE IF EXISTS search_fts_title"]
POSTGRES = [
    "CREATE TABLE search_fts (rowid bigint PRIMARY KEY, tokens tsvector NOT NULL, title tsvector NOT NULL)",
    "CREATE INDEX search_fts_tokens ON search_fts USING gin (tokens)",
    "CREATE INDEX search_fts_title ON search_fts USING gin (title)",
]
POSTGRES_DROP = ["DROP TABLE IF EXISTS search_fts"]


def _run(statements_by_vendor):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
