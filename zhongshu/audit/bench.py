"""`zhongshu bench audit`: how fast the chain appends and verifies, and raw SM3 throughput.

The events go into the configured database inside a transaction that is rolled back, so the figures
are for the real database engine and nothing is left behind. The transaction holds the chain lock (and
on SQLite the write lock) while it runs: do not run it against a database in use.
"""

from __future__ import annotations

import argparse
import time

from cryptography.hazmat.primitives import hashes
from django.db import transaction

from zhongshu.audit.chain import append_event, verify_chain
from zhongshu.core.bench import Figures, register_bench

SM3_MIB = 64
_MIB = 1024 * 1024


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--events", type=int, default=5000, help="events to append (default 5000)")


class _Rollback(Exception):
    pass


def _sm3_mb_per_s() -> float:
    chunk = bytes(range(256)) * (_MIB // 256)
    started = time.perf_counter()
    digest = hashes.Hash(hashes.SM3())
    for _ in range(SM3_MIB):
        digest.update(chunk)
    digest.finalize()
    return SM3_MIB / (time.perf_counter() - started)


def run(args: argparse.Namespace) -> Figures:
    if args.events < 1:
        raise SystemExit("--events must be at least 1")
    figures: Figures = {}
    try:
        with transaction.atomic():
            started = time.perf_counter()
            for n in range(args.events):
                append_event(action="bench.append", object_type="bench", object_id=str(n), details={"n": n})
            append_seconds = time.perf_counter() - started
            started = time.perf_counter()
            result = verify_chain()
            verify_seconds = time.perf_counter() - started
            if not result.ok:
                raise SystemExit(result.summary())
            figures = {
                "events": args.events,
                "append_events_per_s": round(args.events / append_seconds, 1),
                # The walk covers every event in the database, the bench's included.
                "verify_events_per_s": round(result.checked / verify_seconds, 1),
            }
            raise _Rollback
    except _Rollback:
        pass
    figures["sm3_mb_per_s"] = round(_sm3_mb_per_s(), 1)
    return figures


register_bench(
    "audit",
    run,
    _add_arguments,
    "append N audit events and verify the chain (in a rolled-back transaction); SM3 MiB/s over 64 MiB",
)
