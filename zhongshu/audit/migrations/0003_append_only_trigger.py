"""On PostgreSQL, a trigger refuses every UPDATE and DELETE of an audit event, whoever sends it.

TRUNCATE is deliberately not blocked: the test runner empties tables with TRUNCATE between tests on
PostgreSQL, and TRUNCATE needs the table owner's privilege, which the application's role should not hold
in production. SQLite has no such guard; the model and its queryset refuse changes there.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_auditevent_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_auditevent_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_auditevent_refuse_change();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_auditevent_refuse_change();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_audit_indexes")]

    operations = [migrations.RunPython(create_trigger, drop_trigger, elidable=False)]
