"""On SQLite too, triggers refuse every UPDATE and DELETE of an audit event, whoever sends it.

The DELETE trigger lets `flush` empty the table (the function `zhongshu_audit_flushing()`, registered on
each connection by `audit.guard`, answers 1 only during our `flush` command), as PostgreSQL's leaves TRUNCATE
alone. A later migration that makes SQLite rebuild this table drops its triggers with the old table: it
must create them again (tests/security/test_audit_anchor.py checks they stand).
"""

from django.db import migrations

CREATE = [
    """
    CREATE TRIGGER audit_auditevent_no_update BEFORE UPDATE ON audit_auditevent
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END
    """,
    """
    CREATE TRIGGER audit_auditevent_no_delete BEFORE DELETE ON audit_auditevent
    WHEN NOT zhongshu_audit_flushing()
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END
    """,
]
DROP = [
    "DROP TRIGGER IF EXISTS audit_auditevent_no_update",
    "DROP TRIGGER IF EXISTS audit_auditevent_no_delete",
]


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_append_only_trigger")]

    operations = [migrations.RunPython(create_triggers, drop_triggers, elidable=False)]
