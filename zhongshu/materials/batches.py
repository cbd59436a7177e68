"""Bulk ingest: many files (or a .zip of them) become an `IngestBatch` with one row per file.

The upload only stages each file under MEDIA_ROOT/materials-staging (sealed with the store's cipher) and
enqueues the job; the job (and, for a job lost with its worker, the tick) claims each pending row with a
conditional UPDATE and ingests it through `services.material_ingest` in short transactions. A bad file becomes an error row with the
service's Chinese message; the other files still go in, and a failed file leaves no half-saved material.
"""

from __future__ import annotations

import logging
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from zhongshu.accounts.actors import Actor
from zhongshu.attachments.ciphers import DEFAULT_CIPHER, FileIntegrityError, cipher_named
from zhongshu.attachments.uploads import SealedTemporaryFile
from zhongshu.audit.services import audit_record
from zhongshu.base.levels import Classification
from zhongshu.core import jobs
from zhongshu.core.errors import ServiceError
from zhongshu.materials import extraction
from zhongshu.materials.models import IngestBatch, IngestRow, MaterialType, RowStatus
from zhongshu.materials.services import _require, max_upload_bytes, parse_tags

logger = logging.getLogger(__name__)

JOB = "materials.ingest_batch"
MAX_FILES = 500
# A single upload larger than this is ingested by the job, not inside the request (a second or more).
INLINE_MAX_BYTES = 512 * 1024
LEASE = timedelta(minutes=10)
_STAGING = "materials-staging"


@dataclass
class Staged:
    name: str
    path: str = ""
    error: str = ""


def _staging_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / _STAGING
    path.mkdir(parents=True, exist_ok=True)
    return path


class _Limited:
    """Chunks read as a file (what the cipher reads from), refusing past `limit` as they come."""

    def __init__(self, chunks: Any, limit: int) -> None:
        self._chunks = iter(chunks)
        self._buffer = b""
        self._limit = limit
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._buffer) < size:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self.size += len(chunk)
            if self.size > self._limit:
                raise extraction.ExtractionError(
                    f"文件超过{self._limit // 1024 // 1024}MB上限", code="file_too_large"
                )
            self._buffer += chunk
        if size < 0:
            size = len(self._buffer)
        taken, self._buffer = self._buffer[:size], self._buffer[size:]
        return taken


def _stage_stream(chunks: Any, limit: int) -> str:
    """Write chunks to a new staging file, refusing past `limit`; returns the path relative to MEDIA_ROOT.

    The file is sealed with the store's cipher (its key outside the database, readable by a worker in another
    process): what waits for the job may be a classified text, which must not lie on disk in clear."""
    relative = f"{_STAGING}/{uuid.uuid4().hex}.bin"
    target = Path(settings.MEDIA_ROOT) / relative
    _staging_dir()
    try:
        with open(target, "xb") as out:
            cipher_named(DEFAULT_CIPHER).encrypt_stream(_Limited(chunks, limit), out)  # type: ignore[arg-type]
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return relative


@contextmanager
def _unsealed(path: Path) -> Iterator[SealedTemporaryFile]:
    """The staged file's plaintext, checked whole (the cipher's tag) before any of it is used, in a sealed
    temporary file (attachments.uploads) that the ingest may read twice."""
    plain = SealedTemporaryFile()
    try:
        with open(path, "rb") as sealed:
            decrypt = cipher_named(DEFAULT_CIPHER).decrypt_chunks
            assert decrypt is not None  # sm4-gcm decrypts by chunks
            for chunk in decrypt(sealed):
                plain.write(chunk)
        plain.seek(0)
        yield plain
    finally:
        plain.close()


def _zip_name(info: zipfile.ZipInfo) -> str:
    # Zips made on Chinese Windows store GBK names without the UTF-8 flag; zipfile then reads them as cp437.
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


# A zip is checked while it is expanded, from the bytes that come out (its headers may lie), and the whole
# upload refused at the first excess: too many entries, an entry or the total too large, or a compression
# ratio no document has (a "zip bomb": 3 MB that become 1.44 GB).
MAX_RATIO = 100
RATIO_FROM = 1024 * 1024  # small entries may compress well (a short, repetitive text): judged from 1 MB out


class ZipRefused(ServiceError):
    """A zip over one of its limits; nothing of it is kept."""

    status = 400


def max_expanded_bytes() -> int:
    """All a zip's entries together may expand to no more than a bulk upload may carry."""
    return int(settings.ZHONGSHU_MATERIALS_MAX_BATCH_MB) * 1024 * 1024


class _Budget:
    """What the zips of one request have expanded to so far, against their limits."""

    def __init__(self, per_file: int) -> None:
        self.per_file = per_file
        self.files = 0
        self.total = 0
        self.limit = max_expanded_bytes()

    def count(self, entries: int) -> None:
        # Counted from the directory before anything is expanded: a 600-file zip is refused at once.
        self.files += entries
        if self.files > MAX_FILES:
            raise ZipRefused(f"压缩包中的文件超过{MAX_FILES}个，请分批打包上传", code="too_many_files")

    def too_large(self, name: str) -> None:
        mb = self.per_file // 1024 // 1024
        raise ZipRefused(
            f"压缩包中的文件“{name}”解压后超过{mb}MB上限，已停止解压", code="zip_entry_too_large"
        )

    def take(self, name: str, chunk: bytes, entry_so_far: int, compressed: int, archive_size: int) -> None:
        self.total += len(chunk)
        if entry_so_far > self.per_file:
            self.too_large(name)
        if self.total > self.limit:
            raise ZipRefused(
                f"压缩包解压后超过{self.limit // 1024 // 1024}MB上限，已停止解压", code="zip_too_large"
            )
        # The compressed size is the header's, but never more than the archive itself.
        packed = max(min(compressed, archive_size or compressed), 1)
        if entry_so_far > RATIO_FROM and entry_so_far > MAX_RATIO * packed:
            raise ZipRefused(
                f"压缩包中的文件“{name}”压缩比异常（超过{MAX_RATIO}倍），疑似恶意压缩包，已停止解压",
                code="zip_ratio",
            )


def _stage_zip(uploaded: Any, limit: int, budget: _Budget) -> list[Staged]:
    try:
        archive = zipfile.ZipFile(uploaded)
    except (zipfile.BadZipFile, OSError, ValueError):
        return [Staged(getattr(uploaded, "name", "压缩包"), error="压缩包已损坏，无法解压")]
    staged: list[Staged] = []
    archive_size = extraction.size_of(uploaded) or 0
    try:
        with archive:
            entries = [info for info in archive.infolist() if not info.is_dir()]
            budget.count(len(entries))
            for info in entries:
                name = _zip_name(info).rsplit("/", 1)[-1]
                if not name or name.startswith(("._", "~$")) or "__MACOSX" in info.filename:
                    continue
                if info.file_size > limit:  # said by the header: believed when it says too much
                    budget.too_large(name)
                staged.append(
                    _stage_one(
                        name,
                        info.file_size,
                        lambda info=info, name=name: _zip_chunks(archive, info, name, budget, archive_size),
                        limit,
                    )
                )
    except BaseException:
        _discard(staged)
        raise
    return staged


def _zip_chunks(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, budget: _Budget, archive_size: int
) -> Any:
    out = 0
    with archive.open(info) as handle:
        # Read in small pieces: a bomb's entry is stopped within 64 KB of a limit, not a megabyte later.
        while chunk := handle.read(1 << 16):
            out += len(chunk)
            budget.take(name, chunk, out, info.compress_size, archive_size)
            yield chunk


def _stage_one(name: str, size: int | None, chunks: Any, limit: int) -> Staged:
    try:
        extraction.check_name_and_size(name, size, limit)
        return Staged(name, path=_stage_stream(chunks(), limit))
    except ZipRefused:
        raise
    except ServiceError as error:
        return Staged(name, error=error.message)
    except (zipfile.BadZipFile, OSError, EOFError):
        return Staged(name, error="文件已损坏，无法读取")


def stage_uploads(files: list[Any]) -> list[Staged]:
    """Stage uploaded files (Django UploadedFiles or open files with a name); a .zip is expanded."""
    limit = max_upload_bytes()
    budget = _Budget(limit)
    staged: list[Staged] = []
    try:
        for uploaded in files:
            staged.extend(_stage_upload(uploaded, limit, budget))
    except BaseException:
        _discard(staged)
        raise
    return staged


def _stage_upload(uploaded: Any, limit: int, budget: _Budget) -> list[Staged]:
    name = Path(str(getattr(uploaded, "name", "") or "未命名")).name
    if extraction.extension_of(name) == "zip":
        return _stage_zip(uploaded, limit, budget)
    return [
        _stage_one(
            name,
            extraction.size_of(uploaded),
            lambda: (
                uploaded.chunks()
                if hasattr(uploaded, "chunks")
                else iter(lambda: uploaded.read(1 << 20), b"")
            ),
            limit,
        )
    ]


def batch_create(
    *,
    by: Actor,
    files: list[Any],
    material_type: str = MaterialType.OTHER,
    source: str = "",
    tags: str = "",
    classification: int = Classification.INTERNAL,
    title: str = "",
    date_of: date | None = None,
) -> IngestBatch:
    _require(by)
    if not files:
        raise ServiceError("请选择要导入的文件", code="no_files", field="files")
    if material_type not in MaterialType.values:
        raise ServiceError(f"素材类型不正确：{material_type}", code="bad_type", field="material_type")
    if int(classification) not in Classification.values:
        raise ServiceError(f"密级不正确：{classification}", code="bad_classification")
    parse_tags(tags)
    staged = stage_uploads(files)
    if not staged:
        raise ServiceError("压缩包中没有可导入的文件", code="no_files", field="files")
    if len(staged) > MAX_FILES:
        _discard(staged)
        raise ServiceError(f"一次最多导入{MAX_FILES}个文件", code="too_many_files", field="files")
    try:
        with transaction.atomic():
            batch = IngestBatch.objects.create(
                material_type=material_type,
                source=source.strip()[:200],
                tags=tags.strip()[:300],
                classification=int(classification),
                title=title.strip()[:200],
                date=date_of,
                created_by=by,
            )
            IngestRow.objects.bulk_create(
                IngestRow(
                    batch=batch,
                    seq=seq,
                    name=item.name[:255],
                    staged_path=item.path,
                    status=RowStatus.ERROR if item.error else RowStatus.PENDING,
                    message=item.error[:300],
                )
                for seq, item in enumerate(staged, start=1)
            )
            audit_record(
                actor=by, action="material.batch.create", target=batch, details={"files": len(staged)}
            )
            jobs.enqueue(JOB, batch_id=batch.pk)
    except BaseException:
        _discard(staged)
        raise
    return batch


def upload_create(
    *,
    by: Actor,
    uploaded: Any,
    material_type: str = MaterialType.OTHER,
    title: str = "",
    source: str = "",
    date_of: date | None = None,
    tags: str = "",
    classification: int = Classification.INTERNAL,
) -> IngestBatch:
    """One large file, uploaded on the page of a single material: received (to the sealed temporary file
    of attachments.uploads), staged, and ingested by the job, while its page shows the progress."""
    _require(by)
    name = Path(str(getattr(uploaded, "name", "") or "未命名")).name
    extraction.check_name_and_size(name, extraction.size_of(uploaded), max_upload_bytes())
    return batch_create(
        by=by,
        files=[uploaded],
        material_type=material_type,
        source=source,
        tags=tags,
        classification=classification,
        title=title,
        date_of=date_of,
    )


def _discard(staged: list[Staged]) -> None:
    for item in staged:
        if item.path:
            (Path(settings.MEDIA_ROOT) / item.path).unlink(missing_ok=True)


def _claim(row_id: int) -> bool:
    now = timezone.now()
    return bool(
        IngestRow.objects.filter(pk=row_id, status=RowStatus.PENDING)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - LEASE))
        .update(claimed_at=now)
    )


def _finish(row: IngestRow, *, status: str, message: str = "", material_id: int | None = None) -> None:
    if row.staged_path:
        (Path(settings.MEDIA_ROOT) / row.staged_path).unlink(missing_ok=True)
    IngestRow.objects.filter(pk=row.pk).update(
        status=status, message=message[:300], material_id=material_id, staged_path="", progress=100
    )


def ingest_row(row: IngestRow) -> None:
    """Ingest one claimed row in its own transaction; record the outcome on the row either way."""
    from zhongshu.materials.services import material_ingest

    batch = row.batch
    path = Path(settings.MEDIA_ROOT) / row.staged_path

    def progress(share: float) -> None:
        # Also renews the claim: a long file is not taken for lost and ingested twice.
        IngestRow.objects.filter(pk=row.pk).update(progress=int(share * 100), claimed_at=timezone.now())

    try:
        with _unsealed(path) as handle:
            material = material_ingest(
                uploaded=handle,
                name=row.name,
                by=batch.created_by,
                material_type=batch.material_type,
                title=batch.title,
                source=batch.source,
                date_of=batch.date,
                tags=batch.tags,
                classification=batch.classification,
                progress=progress,
            )
    except ServiceError as error:
        _finish(row, status=RowStatus.ERROR, message=error.message)
    except FileNotFoundError:
        _finish(row, status=RowStatus.ERROR, message="待导入的文件已丢失，请重新上传")
    except FileIntegrityError:
        _finish(row, status=RowStatus.ERROR, message="待导入的文件已损坏，请重新上传")
    except Exception:
        logger.exception("material ingest of row %s failed", row.pk)
        _finish(row, status=RowStatus.ERROR, message="处理失败（系统错误），请重试或联系管理员")
    else:
        _finish(row, status=RowStatus.OK, message="已入库", material_id=material.pk)


def ingest_batch_run(batch_id: int) -> int:
    """The job: ingest every pending row of the batch that this worker can claim. Returns rows handled."""
    handled = 0
    for row_id in IngestRow.objects.filter(batch_id=batch_id, status=RowStatus.PENDING).values_list(
        "pk", flat=True
    ):
        if not _claim(row_id):
            continue
        ingest_row(IngestRow.objects.select_related("batch__created_by").get(pk=row_id))
        handled += 1
    return handled


def ingest_tick() -> int:
    """Redo what a lost job left: rows still pending whose claim (if any) has lapsed, and parts of a material
    whose ingest died with its process."""
    from zhongshu.materials.ingest import purge_stale

    purge_stale()
    now = timezone.now()
    batches = (
        IngestRow.objects.filter(status=RowStatus.PENDING)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - LEASE))
        .values_list("batch_id", flat=True)
        .distinct()
    )
    return sum(ingest_batch_run(batch_id) for batch_id in list(batches))
