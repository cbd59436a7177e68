"""`zhongshu bench files`: what encrypting every stored file costs.

Stores one file of --mb MiB through `store_file` (sealed staging, checks, SM4-GCM, fsync) and reads it back
through `open_stream` (decrypt, SHA-256 check), beside the raw SM4-GCM rate and a clear baseline (hash, write
to a temporary file, fsync: what keeping the file in clear would cost). The files go to a temporary MEDIA_ROOT
and the rows into a transaction that is rolled back, so nothing is left behind; on SQLite the transaction holds
the write lock while it runs: do not run it against a database in use.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import secrets
import tempfile
import time

from django.db import transaction
from django.test.utils import override_settings

from zhongshu.core.bench import Figures, register_bench

_MIB = 1024 * 1024


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--mb", type=int, default=32, help="size of the file in MiB (default 32)")


class _Rollback(Exception):
    pass


class _Discard(io.RawIOBase):
    def write(self, data: bytes) -> int:  # type: ignore[override]
        return len(data)


def _rate(mib: float, seconds: float) -> float:
    return round(mib / seconds, 1) if seconds > 0 else 0.0


def run(args: argparse.Namespace) -> Figures:
    from zhongshu.accounts.models import User
    from zhongshu.attachments.ciphers import CHUNK, sm4_gcm_encrypt
    from zhongshu.attachments.services import open_stream, store_file

    if args.mb < 1:
        raise SystemExit("--mb must be at least 1")
    # A PDF header, then incompressible bytes: judged by its magic number, as any binary upload is.
    data = b"%PDF-1.7\n" + secrets.token_bytes(args.mb * _MIB - 9)
    figures: Figures = {"file_mb": args.mb}

    started = time.perf_counter()
    sm4_gcm_encrypt(io.BytesIO(data), _Discard())  # type: ignore[arg-type]
    figures["sm4_gcm_mb_per_s"] = _rate(args.mb, time.perf_counter() - started)

    with tempfile.TemporaryDirectory() as media:
        started = time.perf_counter()
        digest = hashlib.sha256()
        with tempfile.NamedTemporaryFile(dir=media) as out:
            for start in range(0, len(data), CHUNK):
                chunk = data[start : start + CHUNK]
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        figures["clear_store_mb_per_s"] = _rate(args.mb, time.perf_counter() - started)

        with override_settings(MEDIA_ROOT=media):
            try:
                with transaction.atomic():
                    user = User.objects.create(username=f"bench-files-{secrets.token_hex(4)}")
                    upload = io.BytesIO(data)
                    upload.name = "bench.pdf"
                    started = time.perf_counter()
                    stored = store_file(uploaded=upload, by=user, max_bytes=len(data))
                    figures["store_mb_per_s"] = _rate(args.mb, time.perf_counter() - started)
                    started = time.perf_counter()
                    with open_stream(stored) as plain:
                        while plain.read(CHUNK):
                            pass
                    figures["open_mb_per_s"] = _rate(args.mb, time.perf_counter() - started)
                    raise _Rollback
            except _Rollback:
                pass
    store = float(figures["store_mb_per_s"])
    figures["store_ms_per_50mb"] = round(50 / store * 1000) if store else 0
    return figures


register_bench(
    "files",
    run,
    _add_arguments,
    "store one file of N MiB encrypted (sealed staging, SM4-GCM, fsync) and read it back, beside raw SM4-GCM "
    "and a clear store's cost (in a rolled-back transaction, files in a temporary MEDIA_ROOT)",
)
