"""Finding 11 of issue 14: cutting the newest audit rows is caught by default; SQLite refuses changes too.

The chain's head is published, signed with the audit key, to a log outside the database (the tick and each
verification); `zhongshu audit verify` checks the chain against it without being asked. Runs on SQLite and,
with DATABASE_URL, on PostgreSQL.
"""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from tests.audit.conftest import attacker_sql, sign_in
from tests.audit.test_commands import _verify  # the one way the tests run `audit verify`
from zhongshu.audit import anchor
from zhongshu.audit.models import AuditEvent
from zhongshu.audit.services import audit_record
from zhongshu.base.roles import AdminRole
from zhongshu.core.jobs import run_tick
from zhongshu.testing.factories import make_admin

pytestmark = pytest.mark.django_db


@pytest.fixture
def anchored(settings, tmp_path):
    settings.ZHONGSHU_AUDIT_ANCHOR_DIR = str(tmp_path / "audit-anchor")
    return tmp_path / "audit-anchor" / anchor.LOG_NAME


@pytest.fixture
def five(db):
    return [audit_record(actor=None, action="doc.create", object_id=n) for n in range(1, 6)]


def test_cutting_the_newest_rows_fails_verify_by_default(anchored, five):
    assert run_tick()["audit.anchor"] == 1  # the periodic job published head #5
    assert anchor.newest_head().seq == 5
    with attacker_sql() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq >= 4")
    code, out = _verify()  # no --anchor: the log outside the database is read by default
    assert (code, out) == (
        1,
        "FAILED: event #4 missing: the chain ends at #3 but the anchor names event #5: events #4 to #5 were "
        "cut off the end\n",
    )


def test_cut_rows_written_again_do_not_match_the_anchored_hash(anchored, five):
    anchor.publish_head()
    with attacker_sql() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = 5")
    audit_record(actor=None, action="doc.view", object_id=9)  # a new #5, chained correctly
    assert _verify()[1].startswith("FAILED: event #5 altered: event #5 does not match the anchor hash")
    # The tick never publishes over a cut: the newest head stays the furthest point the chain reached.
    with pytest.raises(anchor.AnchorError, match="no longer holds the anchored event #5"):
        anchor.publish_head()


def test_verify_publishes_the_head_and_reports_it(anchored, five):
    code, out = _verify()
    assert code == 0
    assert out.splitlines()[-2:] == [
        f"anchor log: no head yet in {anchored}",
        "anchor log: published head #5",
    ]
    audit_record(actor=None, action="doc.create", object_id=6)
    code, out = _verify()
    assert code == 0 and "anchor log: reached head #5 of " in out and out.endswith("published head #6\n")
    line = json.loads(anchored.read_text().splitlines()[-1])
    assert (line["seq"], line["hash"]) == (6, AuditEvent.objects.get(seq=6).entry_hash)
    assert len(line["sig"]) == 64  # HMAC-SM3 under the audit key


def test_a_head_not_signed_with_the_key_is_refused(anchored, five):
    anchor.publish_head()
    forged = {"seq": 2, "hash": AuditEvent.objects.get(seq=2).entry_hash, "at": "2026-01-01T00:00:00+08:00"}
    with anchored.open("a") as log:
        log.write(json.dumps({**forged, "sig": "0" * 64}) + "\n")
    code, out = _verify()
    assert code == 1 and "not signed with the audit key (forged)" in out


def test_the_auditor_sees_the_anchored_head_and_the_check_uses_it(anchored, five, client):
    auditor = make_admin(AdminRole.AUDITOR, "anchor-auditor")
    sign_in(client, auditor)
    anchor.publish_head()
    page = client.get("/audit/").content.decode()
    assert "最近锚定：第 5 条事件" in page
    with attacker_sql() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq >= 5")
    # The page read above was audited as #6; the cut takes #5 and #6, and the anchor names #5.
    page = client.post("/audit/verify").content.decode()
    assert "审计链校验失败：第 5 条事件缺失。" in page


def test_the_database_refuses_update_and_delete_of_an_audit_row(five):
    for statement in (
        "UPDATE audit_auditevent SET action = 'x' WHERE seq = 1",
        "DELETE FROM audit_auditevent WHERE seq = 5",
        "DELETE FROM audit_auditevent",
    ):
        with (
            pytest.raises(DatabaseError, match="audit events are append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)
    assert AuditEvent.objects.count() == 5


@pytest.mark.django_db(transaction=True)
def test_flush_still_empties_the_database_between_tests():
    audit_record(actor=None, action="doc.create", object_id=1)
    call_command("flush", interactive=False, verbosity=0)
    assert AuditEvent.objects.count() == 0
