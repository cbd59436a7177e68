"""定稿正本: the fixed-layout final copy (PDF now, OFD later) an item keeps beside its 可编辑稿 (DOCX).

A filing source that can make one says so with `FilingSource.fixed_copy` (DOCX bytes → PDF bytes; documents
convert with LibreOffice). Filing itself never waits for it — a conversion takes about a second and filing
holds locks — it marks the item `fixed_copy_pending` and enqueues `archives.fixed_copy`, which makes the PDF
from the DOCX the item keeps, so the two always hold the same text. When LibreOffice is missing (a
ServiceError of status 503) the item stays pending and the tick tries again; each run checks the mark under
a lock, so a copy is made once. Any other failure (a DOCX LibreOffice cannot convert, a timeout, the stored
DOCX missing or damaged) is final for that item: the mark is cleared, the reason kept in `fixed_copy_error`
and audited, and the item's page says 定稿正本生成失败. One item's failure never stops the others.
"""

from __future__ import annotations

import logging

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from zhongshu.archives.filing import filing_source_of_kind
from zhongshu.archives.models import ArchiveFile, ArchiveItem, FileRole
from zhongshu.attachments.ciphers import FileIntegrityError
from zhongshu.attachments.services import FileMissing, open_file, store_file
from zhongshu.audit.services import audit_record
from zhongshu.core.errors import ServiceError

logger = logging.getLogger(__name__)

JOB = "archives.fixed_copy"
TICK = "archives.fixed_copies"
TICK_BATCH = 20  # items a tick converts at most (about a second each)


def fixed_copy_make(*, item_id: int) -> bool:
    """Make the PDF 正本 of item `item_id` if it is still pending; True when this call made it.

    Nothing is raised: the job runs after a filing has committed. LibreOffice missing leaves the item
    pending for the tick; any other failure ends the wait and records why (`_failed`)."""
    item = ArchiveItem.objects.filter(pk=item_id, fixed_copy_pending=True).select_related("filed_by").first()
    if item is None:
        return False
    source = filing_source_of_kind(item.source_kind)
    editable = (
        ArchiveFile.objects.filter(item=item, role=FileRole.EDITABLE)
        .select_related("stored")
        .order_by("sort_order", "id")
        .first()
    )
    has_final = ArchiveFile.objects.filter(item=item, role=FileRole.FINAL).exists()
    if source is None or source.fixed_copy is None or editable is None or item.is_destroyed or has_final:
        ArchiveItem.objects.filter(pk=item.pk).update(fixed_copy_pending=False)
        return False
    try:
        pdf = source.fixed_copy(open_file(editable.stored))
    except ServiceError as error:
        if error.status == 503:  # LibreOffice missing: the tick tries again
            logger.warning("archive item %s: the PDF 正本 is still pending (%s)", item.pk, error.code)
        else:  # a DOCX it cannot convert, a timeout
            _failed(item, editable.pk, error.code, error.message)
        return False
    except FileMissing:
        _failed(item, editable.pk, "file_missing", "可编辑稿的存储文件不存在")
        return False
    except FileIntegrityError:
        _failed(item, editable.pk, "file_damaged", "可编辑稿的存储文件已损坏（校验不符）")
        return False
    except Exception as error:  # noqa: BLE001 - an unforeseen failure must not keep the item pending forever
        logger.exception("archive item %s: the PDF 正本 failed", item.pk)
        _failed(item, editable.pk, "pdf_failed", f"转换出错：{type(error).__name__}")
        return False
    name = f"{editable.name.rpartition('.')[0] or editable.name}.pdf"
    with transaction.atomic():
        locked = ArchiveItem.objects.select_for_update().filter(pk=item.pk, fixed_copy_pending=True).first()
        if locked is None:  # another run made it meanwhile
            return False
        stored = store_file(uploaded=SimpleUploadedFile(name, pdf), by=item.filed_by)
        made = ArchiveFile.objects.create(
            item=locked, stored=stored, role=FileRole.FINAL, name=name[:255], sort_order=editable.sort_order
        )
        locked.fixed_copy_pending = False
        locked.save(update_fields=["fixed_copy_pending"])
        audit_record(
            actor=None,
            actor_name="系统（版式归档件）",
            action="archives.fixed_copy",
            target=locked,
            details={"file": made.pk, "stored": stored.pk, "from": editable.pk},
        )
    return True


def _failed(item: ArchiveItem, editable_pk: int, code: str, reason: str) -> None:
    """Give up on item's 正本: clear the mark, keep the reason for its page, audit it (once, under a lock)."""
    logger.warning("archive item %s: the PDF 正本 failed (%s: %s)", item.pk, code, reason)
    with transaction.atomic():
        locked = ArchiveItem.objects.select_for_update().filter(pk=item.pk, fixed_copy_pending=True).first()
        if locked is None:
            return
        locked.fixed_copy_pending = False
        locked.fixed_copy_error = reason[:500]
        locked.save(update_fields=["fixed_copy_pending", "fixed_copy_error"])
        audit_record(
            actor=None,
            actor_name="系统（版式归档件）",
            action="archives.fixed_copy_failed",
            target=locked,
            details={"reason": reason, "from": editable_pk},
        )


def fixed_copies_tick() -> int:
    """Make the pending 正本 of up to TICK_BATCH items, oldest first; how many were made. An item whose
    copy fails stops being pending (`fixed_copy_make`), so failures never hold the batch."""
    pending = ArchiveItem.objects.filter(fixed_copy_pending=True).order_by("pk")
    made = 0
    for pk in list(pending.values_list("pk", flat=True)[:TICK_BATCH]):
        try:
            made += fixed_copy_make(item_id=pk)
        except Exception:  # noqa: BLE001 - e.g. the database refused one item: the others still run
            logger.exception("archive item %s: the PDF 正本 run failed", pk)
    return made


def register() -> None:
    from zhongshu.core.jobs import register_job, register_tick

    register_job(JOB, fixed_copy_make)
    register_tick(TICK, fixed_copies_tick)
