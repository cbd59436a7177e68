"""Bulk ingest: many files (or a .zip of them) become an `IngestBatch` with one row per file.

The upload only stages each file under MEDIA_ROOT/materials-staging and enqueues the job; the job (and,
for a job lost with its worker, the tick) claims each pending row with a conditional UPDATE and ingests it
through `services.material_ingest` in its own transaction. A bad file becomes an error row with the
service's Chinese message; the other files still go in, and a failed file leaves no half-saved material.
"""

from __future__ import annotations

import logging
import uuid
import zipfile
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from zhongshu.accounts.actors import Actor
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


def _stage_stream(chunks: Any, limit: int) -> str:
    """Write chunks to a new staging file, refusing past `limit`; returns the path relative to MEDIA_ROOT."""
    relative = f"{_STAGING}/{uuid.uuid4().hex}.bin"
    target = Path(settings.MEDIA_ROOT) / relative
    _staging_dir()
    size = 0
    try:
        with open(target, "xb") as out:
            for chunk in chunks:
                size += len(chunk)
                if size > limit:
                    raise extraction.ExtractionError(
                        f"文件超过{limit // 1024 // 1024}MB上限", code="file_too_large"
                    )
                out.write(chunk)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return relative


def _zip_name(info: zipfile.ZipInfo) -> str:
    # Zips made on Chinese Windows store GBK names without the UTF-8 flag; zipfile then reads them as cp437.
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _stage_zip(uploaded: Any, limit: int) -> list[Staged]:
    try:
        archive = zipfile.ZipFile(uploaded)
    except (zipfile.BadZipFile, OSError, ValueError):
        return [Staged(getattr(uploaded, "name", "压缩包"), error="压缩包已损坏，无法解压")]
    staged: list[Staged] = []
    with archive:
        for info in archive.infolist():
            name = _zip_name(info).rsplit("/", 1)[-1]
            if info.is_dir() or not name or name.startswith(("._", "~$")) or "__MACOSX" in info.filename:
                continue
            staged.append(
                _stage_one(name, info.file_size, lambda info=info: _zip_chunks(archive, info), limit)
            )
    return staged


def _zip_chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Any:
    with archive.open(info) as handle:
        while chunk := handle.read(1 << 20):
            yield chunk


def _stage_one(name: str, size: int | None, chunks: Any, limit: int) -> Staged:
    try:
        extraction.check_name_and_size(name, size, limit)
        return Staged(name, path=_stage_stream(chunks(), limit))
    except ServiceError as error:
        return Staged(name, error=error.message)
    except (zipfile.BadZipFile, OSError, EOFError):
        return Staged(name, error="文件已损坏，无法读取")


def stage_uploads(files: list[Any]) -> list[Staged]:
    """Stage uploaded files (Django UploadedFiles or open files with a name); a .zip is expanded."""
    limit = max_upload_bytes()
    staged: list[Staged] = []
    for uploaded in files:
        name = Path(str(getattr(uploaded, "name", "") or "未命名")).name
        if extraction.extension_of(name) == "zip":
            staged.extend(_stage_zip(uploaded, limit))
            continue
        size = extraction.size_of(uploaded)
        staged.append(
            _stage_one(
                name,
                size,
                lambda uploaded=uploaded: (
                    uploaded.chunks()
                    if hasattr(uploaded, "chunks")
                    else iter(lambda: uploaded.read(1 << 20), b"")
                ),
                limit,
            )
        )
    return staged


def batch_create(
    *,
    by: Actor,
    files: list[Any],
    material_type: str = MaterialType.OTHER,
    source: str = "",
    tags: str = "",
    classification: int = Classification.INTERNAL,
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
        status=status, message=message[:300], material_id=material_id, staged_path=""
    )


def ingest_row(row: IngestRow) -> None:
    """Ingest one claimed row in its own transaction; record the outcome on the row either way."""
    from zhongshu.materials.services import material_ingest

    batch = row.batch
    path = Path(settings.MEDIA_ROOT) / row.staged_path
    try:
        with open(path, "rb") as handle:
            material = material_ingest(
                uploaded=handle,
                name=row.name,
                by=batch.created_by,
                material_type=batch.material_type,
                source=batch.source,
                tags=batch.tags,
                classification=batch.classification,
            )
    except ServiceError as error:
        _finish(row, status=RowStatus.ERROR, message=error.message)
    except FileNotFoundError:
        _finish(row, status=RowStatus.ERROR, message="待导入的文件已丢失，请重新上传")
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
    """Redo what a lost job left: rows still pending whose claim (if any) has lapsed."""
    now = timezone.now()
    batches = (
        IngestRow.objects.filter(status=RowStatus.PENDING)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - LEASE))
        .values_list("batch_id", flat=True)
        .distinct()
    )
    return sum(ingest_batch_run(batch_id) for batch_id in list(batches))
