"""The HMAC-SM3 hash chain: canonical bytes, keyed hashing, appending without forks, and verification."""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes, hmac
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from zhongshu.audit.models import AuditEvent

GENESIS_HASH = "0" * 64
# Any constant: the PostgreSQL advisory lock that serialises appends to the chain.
_CHAIN_LOCK_ID = 0x5A485348


def sm3_hex(data: bytes) -> str:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()


def hmac_sm3_hex(key: bytes, data: bytes) -> str:
    mac = hmac.HMAC(key, hashes.SM3())
    mac.update(data)
    return mac.finalize().hex()


def audit_key() -> bytes:
    """The chain key: ZHONGSHU_AUDIT_KEY, else the key file (created, 0600, outside production only)."""
    if settings.ZHONGSHU_AUDIT_KEY:
        return settings.ZHONGSHU_AUDIT_KEY.encode()
    path = Path(settings.ZHONGSHU_AUDIT_KEY_FILE)
    if not path.exists():
        if settings.PRODUCTION:
            raise RuntimeError(f"audit key file {path} is missing")
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip().encode()


def canonical_bytes(event: AuditEvent) -> bytes:
    """The event's content as stable bytes: sorted-key JSON, UTC time with microseconds."""
    occurred = event.occurred_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    body = {
        "seq": event.seq,
        "occurred_at": occurred,
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "source_address": event.source_address,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "classification": event.classification,
        "outcome": event.outcome,
        "details": event.details,
    }
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def entry_hash(key: bytes, prev_hash: str, event: AuditEvent) -> str:
    return hmac_sm3_hex(key, prev_hash.encode() + canonical_bytes(event))


def _lock_chain() -> None:
    # SQLite runs every write transaction IMMEDIATE, so the writer already holds the database lock;
    # PostgreSQL takes a transaction-scoped advisory lock, released at commit or rollback.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_ID])


def append_event(**fields: Any) -> AuditEvent:
    """Append one event to the chain, inside the caller's transaction when there is one.

    Writing in the caller's transaction means a change and its audit event commit or roll back together.
    """
    key = audit_key()
    with transaction.atomic():
        _lock_chain()
        last = AuditEvent.objects.order_by("-seq").values_list("seq", "entry_hash").first()
        seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
        event = AuditEvent(seq=seq, prev_hash=prev_hash, occurred_at=fields.pop("occurred_at", None)
                           or timezone.now(), **fields)
        # Round-trip the details through JSON now, so the bytes hashed are the bytes stored.
        event.details = json.loads(json.dumps(event.details or {}, ensure_ascii=False, default=str))
        event.entry_hash = entry_hash(key, prev_hash, event)
        event._chain_append = True  # type: ignore[attr-defined]
        event.save()
    return event


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    kind: str  # "altered", "missing", "inserted"
    message: str


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    problem: ChainProblem | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def _rows() -> Iterator[AuditEvent]:
    return AuditEvent.objects.order_by("seq").iterator(chunk_size=2000)


def verify_chain() -> VerifyResult:
    """Walk the chain in order and name the first altered, missing or inserted event."""
    key = audit_key()
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    pending: AuditEvent | None = None  # a row whose own hash failed: altered, or inserted?
    for event in _rows():
        if pending is not None:
            # The row after a bad one still links to the row before it: the bad row was slipped in.
            kind = "inserted" if event.prev_hash == pending.prev_hash else "altered"
            return VerifyResult(checked, _problem(pending.seq, kind))
        if event.seq != expected_seq:
            return VerifyResult(checked, ChainProblem(
                expected_seq, "missing",
                f"event #{expected_seq} is missing (the chain jumps from #{expected_seq - 1} to #{event.seq})",
            ))
        if event.prev_hash != expected_prev:
            return VerifyResult(checked, ChainProblem(
                event.seq, "missing",
                f"event #{event.seq} does not link to the event before it: an event before it was "
                "removed or replaced",
            ))
        if entry_hash(key, event.prev_hash, event) != event.entry_hash:
            pending = event
            checked += 1
            expected_prev = event.prev_hash
            expected_seq = event.seq + 1
            continue
        checked += 1
        expected_prev = event.entry_hash
        expected_seq = event.seq + 1
    if pending is not None:
        return VerifyResult(checked, _problem(pending.seq, "altered"))
    return VerifyResult(checked, None)


def _problem(seq: int, kind: str) -> ChainProblem:
    if kind == "inserted":
        return ChainProblem(seq, kind, f"event #{seq} was inserted: its hash does not match and the next "
                                       "event links past it")
    return ChainProblem(seq, kind, f"event #{seq} was altered: its content no longer matches its hash")
