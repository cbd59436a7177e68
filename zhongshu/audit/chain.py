"""The HMAC-SM3 hash chain: canonical bytes, keyed hashing, appending without forks, and verification.

Each event stores `entry_hash = HMAC-SM3(key, prev_hash ‖ canonical bytes)`, where `prev_hash` is the
previous event's `entry_hash`. Without the key, which lives outside the database, nobody can make a row
that verifies, so a row changed or slipped in through SQL fails its own hash, and a row taken out breaks
the link of the row after it.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
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

# The fields covered by the hash. `seq` is left out on purpose: an event's place is already fixed by the
# link to its predecessor, and leaving the number out lets `verify_chain` recognise genuine events that an
# attacker renumbered to hide a deleted or inserted row, and so name that row rather than everything after.
HASHED_FIELDS = (
    "occurred_at",
    "actor_id",
    "actor_name",
    "source_address",
    "action",
    "object_type",
    "object_id",
    "classification",
    "outcome",
    "details",
)
_ROW_FIELDS = ("seq", *HASHED_FIELDS, "prev_hash", "entry_hash")


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
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process created it first: use theirs
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
    key = path.read_text().strip()
    if not key:
        raise RuntimeError(f"audit key file {path} is empty")
    return key.encode()


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_fields(fields: Mapping[str, Any]) -> bytes:
    """The hashed content as stable bytes: sorted-key compact JSON, UTC time with microseconds."""
    body = {name: fields[name] for name in HASHED_FIELDS}
    body["occurred_at"] = _utc_text(fields["occurred_at"])
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def canonical_bytes(event: AuditEvent) -> bytes:
    return canonical_fields({name: getattr(event, name) for name in HASHED_FIELDS})


def _hash_fields(key: bytes, prev_hash: str, fields: Mapping[str, Any]) -> str:
    return hmac_sm3_hex(key, prev_hash.encode() + canonical_fields(fields))


def entry_hash(key: bytes, prev_hash: str, event: AuditEvent) -> str:
    return hmac_sm3_hex(key, prev_hash.encode() + canonical_bytes(event))


def _lock_chain() -> None:
    # SQLite runs every write transaction IMMEDIATE, so the writer already holds the database lock;
    # PostgreSQL takes a transaction-scoped advisory lock, released at commit or rollback. Under READ
    # COMMITTED the query for the last event runs after the lock is granted, so it sees the event the
    # previous holder committed: two writers never read the same predecessor.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_ID])


def append_event(**fields: Any) -> AuditEvent:
    """Append one event to the chain, inside the caller's transaction when there is one.

    Writing in the caller's transaction means a change and its audit event commit or roll back together.
    The chain lock is then held until the caller commits, so callers should audit late in a transaction.
    """
    key = audit_key()
    with transaction.atomic():
        _lock_chain()
        last = AuditEvent.objects.order_by("-seq").values_list("seq", "entry_hash").first()
        seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
        occurred_at = fields.pop("occurred_at", None) or timezone.now()
        event = AuditEvent(seq=seq, prev_hash=prev_hash, occurred_at=occurred_at, **fields)
        # Round-trip the details through JSON now, so the bytes hashed are the bytes stored.
        event.details = json.loads(json.dumps(event.details or {}, ensure_ascii=False, default=str))
        event.entry_hash = entry_hash(key, prev_hash, event)
        event._chain_append = True  # type: ignore[attr-defined]
        event.save()
    return event


# --- Verification ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    kind: str  # "altered", "missing", "inserted", "renumbered" or "altered_or_inserted"
    message: str


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    problem: ChainProblem | None
    last_seq: int = 0
    last_hash: str = GENESIS_HASH

    @property
    def ok(self) -> bool:
        return self.problem is None

    def summary(self) -> str:
        if self.problem is None:
            return f"OK: {self.checked} events, chain intact"
        return f"FAILED: event #{self.problem.seq} {self.problem.kind}: {self.problem.message}"


@dataclass
class _Row:
    seq: int
    prev_hash: str
    entry_hash: str
    genuine: bool


def _rows(key: bytes, chunk: int = 2000) -> Iterator[_Row]:
    """Every event in seq order, fetched in keyset chunks so a long walk holds no cursor or lock."""
    after = 0
    while True:
        batch = list(AuditEvent.objects.filter(seq__gt=after).order_by("seq").values(*_ROW_FIELDS)[:chunk])
        if not batch:
            return
        for fields in batch:
            genuine = _hash_fields(key, fields["prev_hash"], fields) == fields["entry_hash"]
            yield _Row(fields["seq"], fields["prev_hash"], fields["entry_hash"], genuine)
        after = batch[-1]["seq"]


def verify_chain(*, anchor: tuple[int, str] | None = None) -> VerifyResult:
    """Walk the chain in order and name the first altered, missing or inserted event.

    An `anchor` (seq, entry hash) noted down earlier outside the database catches what no chain can show
    by itself: events cut off the end.
    """
    rows = _rows(audit_key())
    checked = 0
    last_seq, last_hash = 0, GENESIS_HASH  # the last genuine, correctly linked event
    anchor_seen = anchor is None
    for row in rows:
        if not row.genuine:
            problem = _classify_bad_row(row, last_seq, last_hash, rows)
            return VerifyResult(checked, problem, last_seq, last_hash)
        if row.prev_hash != last_hash:
            problem = _copied(row) or _missing_before(row, last_seq)
            return VerifyResult(checked, problem, last_seq, last_hash)
        if row.seq != last_seq + 1:
            problem = ChainProblem(
                last_seq + 1,
                "renumbered",
                f"the event after #{last_seq} is genuine and in its place, but its number was changed "
                f"to #{row.seq}",
            )
            return VerifyResult(checked, problem, last_seq, last_hash)
        if anchor is not None and row.seq == anchor[0]:
            if row.entry_hash != anchor[1]:
                problem = ChainProblem(
                    row.seq, "altered", f"event #{row.seq} does not match the anchor hash noted for it"
                )
                return VerifyResult(checked, problem, last_seq, last_hash)
            anchor_seen = True
        checked += 1
        last_seq, last_hash = row.seq, row.entry_hash
    if not anchor_seen:
        assert anchor is not None
        problem = ChainProblem(
            last_seq + 1,
            "missing",
            f"the chain ends at #{last_seq} but the anchor names event #{anchor[0]}: "
            f"events #{last_seq + 1} to #{anchor[0]} were cut off the end",
        )
        return VerifyResult(checked, problem, last_seq, last_hash)
    return VerifyResult(checked, None, last_seq, last_hash)


def _copied(row: _Row) -> ChainProblem | None:
    """A genuine row out of place may be a copy of an earlier one, replayed by SQL: it then verifies."""
    original = (
        AuditEvent.objects.filter(entry_hash=row.entry_hash, seq__lt=row.seq)
        .values_list("seq", flat=True)
        .first()
    )
    if original is None:
        return None
    return ChainProblem(
        row.seq, "inserted", f"event #{row.seq} was inserted: it is a copy of event #{original}"
    )


def _missing_before(row: _Row, last_seq: int) -> ChainProblem:
    expected = last_seq + 1
    if last_seq == 0 and row.seq > expected:
        first = (
            f"event #{expected} is missing" if row.seq == 2 else f"events #1 to #{row.seq - 1} are missing"
        )
        return ChainProblem(expected, "missing", f"{first}: the chain starts at #{row.seq}")
    if row.seq > expected + 1:
        return ChainProblem(
            expected,
            "missing",
            f"events #{expected} to #{row.seq - 1} are missing: the chain goes from #{last_seq} to #{row.seq}",
        )
    if row.seq == expected + 1:
        return ChainProblem(
            expected,
            "missing",
            f"event #{expected} is missing: the chain goes from #{last_seq} to #{row.seq}",
        )
    if last_seq == 0:
        return ChainProblem(
            expected,
            "missing",
            f"event #{expected} is missing: the first event, #{row.seq}, does not start the chain "
            "(it links to an event that is no longer there; later events were renumbered)",
        )
    return ChainProblem(
        expected,
        "missing",
        f"an event is missing after #{last_seq}: the next event, now numbered #{row.seq}, does not link to "
        f"#{last_seq} (later events were renumbered to hide the gap)",
    )


def _classify_bad_row(bad: _Row, last_seq: int, last_hash: str, rest: Iterator[_Row]) -> ChainProblem:
    """A row failed its own hash: was it changed in place, or slipped in? The next genuine row tells.

    If the next genuine event links to this row's stored hash, the chain ran through it: altered. If it
    links to the last good event, it skips this row and any bad ones after it: inserted.
    """
    seq = bad.seq
    for row in rest:
        if not row.genuine:
            continue
        if row.prev_hash == last_hash:
            return ChainProblem(
                seq,
                "inserted",
                f"event #{seq} was inserted: it does not match its hash, and the next genuine event "
                f"(#{row.seq}) links straight to #{last_seq}",
            )
        break
    else:
        if bad.seq != last_seq + 1:
            return ChainProblem(
                seq,
                "inserted",
                f"event #{seq} was inserted: it does not match its hash, and the last genuine event is "
                f"#{last_seq}",
            )
        return ChainProblem(
            seq,
            "altered_or_inserted",
            f"event #{seq} does not match its hash and no later event vouches for it: it was altered, "
            "or inserted after the end of the chain",
        )
    if seq > last_seq + 1:
        return ChainProblem(
            last_seq + 1,
            "missing",
            f"event #{last_seq + 1} is missing: the chain goes from #{last_seq} to #{seq}, which does not "
            "match its hash either",
        )
    return ChainProblem(seq, "altered", f"event #{seq} was altered: its content no longer matches its hash")
