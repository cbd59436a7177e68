from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connection

from zhongshu.audit.models import AuditEvent
from zhongshu.audit.services import audit_record


@contextmanager
def attacker_sql() -> Iterator:
    """A cursor for someone with database access: they first switch off the append-only triggers (as the
    table owner could on PostgreSQL, and anyone who can write the file on SQLite), and put them back after."""
    with connection.cursor() as cursor:
        triggers: list[str] = []
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only")
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_auditevent'"
            )
            for name, sql in cursor.fetchall():
                triggers.append(sql)
                cursor.execute(f'DROP TRIGGER "{name}"')
        try:
            yield cursor
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_append_only")
            for sql in triggers:
                cursor.execute(sql)


def row(seq: int) -> dict:
    return AuditEvent.objects.filter(seq=seq).values().get()


@pytest.fixture
def five_events(db) -> list[AuditEvent]:
    return [
        audit_record(
            actor=None,
            action="doc.create",
            object_type="documents.document",
            object_id=n,
            details={"n": n, "note": "测试"},
        )
        for n in range(1, 6)
    ]


def sign_in(client, user) -> None:
    """A full sign-in, second factor included (the three administrators must give one)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="测试", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture
def auditor_client(client, auditor):
    sign_in(client, auditor)
    return client
