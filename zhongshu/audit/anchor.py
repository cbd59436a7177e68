"""The chain's head, published outside the database, so that cutting its newest rows is seen.

No hash chain can show rows cut off its own end: what is left still verifies. So the newest head (seq and
entry hash) is appended, signed with HMAC-SM3 under the audit key (which lives outside the database too), to
an append-only log of heads in ZHONGSHU_AUDIT_ANCHOR_DIR — by the periodic tick (`audit.anchor`) and after
each verification. `verify_with_anchor` checks the chain against the newest signed head: the chain must
reach that seq with the same hash. Someone who can rewrite the database but not that folder can no longer
hide the end of the log; someone who can write the folder but has no key cannot forge a head.

A head is only ever published forward: when the chain no longer holds the last anchored head (rows cut,
or cut and written again), the tick refuses to publish and fails loudly, so the newest line of the log is
always the furthest point the chain is known to have reached.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from zhongshu.audit.chain import ChainProblem, VerifyResult, audit_key, hmac_sm3_hex, verify_chain
from zhongshu.audit.models import AuditEvent

LOG_NAME = "heads.log"
# The last lines are enough to find the newest head; a head line is about 250 bytes.
_TAIL_BYTES = 64 * 1024


class AnchorError(RuntimeError):
    """The anchor log cannot be read or written, or the chain no longer holds its newest head."""


@dataclass(frozen=True)
class Head:
    seq: int
    hash: str
    at: str  # when it was published, ISO 8601 local time

    def signed_bytes(self) -> bytes:
        return f"zhongshu-audit-head|{self.seq}|{self.hash}|{self.at}".encode()

    def line(self, key: bytes) -> str:
        body = {"seq": self.seq, "hash": self.hash, "at": self.at}
        return json.dumps({**body, "sig": hmac_sm3_hex(key, self.signed_bytes())}, sort_keys=True)

    @property
    def published_at(self) -> datetime:
        return datetime.fromisoformat(self.at)


def anchor_dir() -> Path | None:
    folder = settings.ZHONGSHU_AUDIT_ANCHOR_DIR
    return Path(folder) if folder else None


def log_path() -> Path | None:
    folder = anchor_dir()
    return folder / LOG_NAME if folder else None


def newest_head() -> Head | None:
    """The newest signed head in the log, or None when nothing was published yet (or anchoring is off).

    A line whose signature does not verify under the audit key is a forgery: that raises, it is never
    skipped. A last line cut short (a crash while writing) is passed over.
    """
    path = log_path()
    if path is None or not path.exists():
        return None
    with path.open("rb") as handle:
        handle.seek(0, os.SEEK_END)
        size = handle.tell()
        handle.seek(max(0, size - _TAIL_BYTES))
        tail = handle.read().decode("utf-8", errors="replace")
    lines = tail.splitlines()
    if size > _TAIL_BYTES:
        lines = lines[1:]  # the first line of the window may be cut
    key = audit_key()
    for text in reversed(lines):
        if not text.strip():
            continue
        try:
            fields = json.loads(text)
            head = Head(int(fields["seq"]), str(fields["hash"]), str(fields["at"]))
            signature = str(fields["sig"])
        except (ValueError, KeyError, TypeError):
            if text is lines[-1]:
                continue  # a torn last write
            raise AnchorError(
                f"the anchor log {path} holds a line that is not a head: {text[:80]!r}"
            ) from None
        if hmac_sm3_hex(key, head.signed_bytes()) != signature:
            raise AnchorError(
                f"the anchor log {path} holds a head #{head.seq} not signed with the audit key (forged)"
            )
        return head
    return None


def _chain_head() -> tuple[int, str] | None:
    return AuditEvent.objects.order_by("-seq").values_list("seq", "entry_hash").first()


def _append(head: Head) -> None:
    folder = anchor_dir()
    assert folder is not None
    folder.mkdir(parents=True, exist_ok=True)
    # O_APPEND: one write per line, never a rewrite; fsync so a published head survives a crash.
    fd = os.open(folder / LOG_NAME, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.write(fd, (head.line(audit_key()) + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)


def publish_head() -> Head | None:
    """Append the chain's current head to the log when it moved on since the last one (idempotent).

    Refuses (AnchorError) when the chain no longer holds the last anchored head: publishing then would
    make a cut look like the truth. Returns the head published, or None (nothing new, or anchoring off).
    """
    if anchor_dir() is None:
        return None
    current = _chain_head()
    last = newest_head()
    if current is None:
        if last is not None:
            raise AnchorError(f"the audit chain is empty but event #{last.seq} was anchored")
        return None
    if last is not None:
        held = AuditEvent.objects.filter(seq=last.seq).values_list("entry_hash", flat=True).first()
        if held != last.hash:
            raise AnchorError(
                f"the audit chain no longer holds the anchored event #{last.seq}: not publishing its head"
            )
        if current[0] == last.seq:
            return None
    head = Head(current[0], current[1], timezone.localtime().isoformat())
    _append(head)
    return head


def tick() -> int:
    """The periodic job (`zhongshu tick`): publish the head if it moved. 1 when a head was written."""
    return 1 if publish_head() is not None else 0


def verify_with_anchor(*, anchor: tuple[int, str] | None = None) -> tuple[VerifyResult, Head | None]:
    """Verify the chain against the newest signed head of the log (and an `anchor` given by hand, if any).

    A forged or unreadable log is itself a failure, reported like a chain problem.
    """
    try:
        head = newest_head()
    except AnchorError as error:
        return VerifyResult(0, ChainProblem(0, "anchor", str(error))), None
    if head is not None:
        result = verify_chain(anchor=(head.seq, head.hash))
        if not result.ok or anchor is None:
            return result, head
    return verify_chain(anchor=anchor), head
