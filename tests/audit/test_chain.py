"""The hash chain itself: SM3, HMAC chaining, and the model refusing to change a written event."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import hashes, hmac

from zhongshu.audit.chain import GENESIS_HASH, audit_key, canonical_bytes, sm3_hex, verify_chain
from zhongshu.audit.models import AppendOnlyError, AuditEvent
from zhongshu.audit.services import audit_record

pytestmark = pytest.mark.django_db


def test_sm3_matches_the_standard_vector_for_abc():
    # GB/T 32905-2016, example 1.
    assert sm3_hex(b"abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"


def test_each_entry_hash_is_hmac_sm3_of_the_previous_hash_and_the_canonical_bytes():
    first = audit_record(actor=None, action="auth.login", details={"b": 2, "a": "中"})
    second = audit_record(actor=None, action="auth.logout")

    def expected(prev: str, event: AuditEvent) -> str:
        mac = hmac.HMAC(audit_key(), hashes.SM3())
        mac.update(prev.encode() + canonical_bytes(event))
        return mac.finalize().hex()

    assert (first.seq, first.prev_hash) == (1, GENESIS_HASH)
    assert first.entry_hash == expected(GENESIS_HASH, first)
    assert (second.seq, second.prev_hash) == (2, first.entry_hash)
    assert second.entry_hash == expected(first.entry_hash, second)
    stored = AuditEvent.objects.get(seq=1)
    assert canonical_bytes(stored) == canonical_bytes(first)
    assert b'"details":{"a":"\xe4\xb8\xad","b":2}' in canonical_bytes(stored)


def test_a_different_key_gives_a_different_chain(settings):
    audit_record(actor=None, action="auth.login")
    settings.ZHONGSHU_AUDIT_KEY = "another key entirely"
    result = verify_chain()
    assert result.summary() == (
        "FAILED: event #1 altered_or_inserted: event #1 does not match its hash and no later event vouches "
        "for it: it was altered, or inserted after the end of the chain"
    )


def test_an_empty_log_verifies():
    assert verify_chain().summary() == "OK: 0 events, chain intact"


def test_a_written_event_cannot_be_saved_again_or_deleted():
    event = audit_record(actor=None, action="auth.login")
    event.action = "auth.logout"
    with pytest.raises(AppendOnlyError, match="never changed"):
        event.save()
    with pytest.raises(AppendOnlyError, match="never deleted"):
        event.delete()
    assert AuditEvent.objects.get().action == "auth.login"


def test_the_orm_refuses_bulk_changes_and_direct_creation():
    audit_record(actor=None, action="auth.login")
    with pytest.raises(AppendOnlyError, match="never updated"):
        AuditEvent.objects.filter(seq=1).update(action="x")
    with pytest.raises(AppendOnlyError, match="never deleted"):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError, match="only by audit.chain.append_event"):
        AuditEvent.objects.create(
            seq=2, action="x", occurred_at="2026-01-01T00:00:00Z", prev_hash="", entry_hash=""
        )
    with pytest.raises(AppendOnlyError, match="only by audit.chain.append_event"):
        AuditEvent.objects.bulk_create([AuditEvent(seq=2, action="x")])
    assert AuditEvent.objects.count() == 1


def test_audit_record_names_the_actor_target_and_source_address(auditor):
    event = audit_record(
        actor=auditor,
        action="accounts.user.update",
        target=auditor,
        source_address="10.1.2.3",
        details={"field": "admin_role"},
    )
    assert (event.actor_id, event.actor_name, event.object_type, event.object_id, event.source_address) == (
        auditor.pk,
        "auditor",
        "accounts.user",
        str(auditor.pk),
        "10.1.2.3",
    )
    assert verify_chain().ok
