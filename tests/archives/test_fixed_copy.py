"""The archive keeps the 定稿正本 as PDF beside the DOCX 可编辑稿: filing stores the DOCX and, once committed,
the `archives.fixed_copy` job makes the PDF from that DOCX (its text holds the 文号); without LibreOffice the
filing still succeeds, the item says its PDF is pending, and the tick makes it later, once."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from docx import Document

from tests.archives.conftest import dispatched
from tests.pdf_support import MISSING_SOFFICE, need_soffice, pdf_text
from zhongshu.archives.filing import file_record
from zhongshu.archives.fixed_copies import TICK, fixed_copies_tick, fixed_copy_make
from zhongshu.archives.models import ArchiveFile, ArchiveItem, FileRole
from zhongshu.attachments.services import open_file, store_file
from zhongshu.audit.models import AuditEvent
from zhongshu.core.jobs import registered_ticks
from zhongshu.testing.access import sign_in

pytestmark = pytest.mark.django_db


def files_of(item: ArchiveItem) -> list[ArchiveFile]:
    return list(ArchiveFile.objects.filter(item=item).select_related("stored").order_by("role", "id"))


def test_filing_keeps_the_pdf_as_the_final_copy_and_the_docx_as_the_editable_one(
    county, django_capture_on_commit_callbacks
):
    need_soffice()
    document = dispatched(county)
    with django_capture_on_commit_callbacks(execute=True):
        item = file_record(county.archivist.user, document)

    item.refresh_from_db()
    assert not item.fixed_copy_pending
    editable, final = files_of(item)
    assert (editable.role, editable.name) == (FileRole.EDITABLE, f"{document.doc_number}.docx")
    assert (final.role, final.name) == (FileRole.FINAL, f"{document.doc_number}.pdf")
    assert final.stored.cipher and final.stored.kind == "pdf"
    text = pdf_text(open_file(final.stored))
    assert document.doc_number.startswith("县委办发〔") and document.doc_number in text
    docx_text = "\n".join(p.text for p in Document(io.BytesIO(open_file(editable.stored))).paragraphs)
    assert document.doc_number in docx_text
    assert AuditEvent.objects.filter(action="archives.fixed_copy", object_id=str(item.pk)).count() == 1
    # The item's page shows the 正本 first, the 可编辑稿 next.
    client = sign_in(Client(), county.archivist.user)
    page = client.get(f"/archives/items/{item.pk}/").content.decode()
    assert page.index(f'定稿正本：<a href="/archives/files/{final.pk}/') < page.index("可编辑稿：")
    assert 'data-testid="fixed-copy-pending"' not in page
    detail = client.get(f"/api/archives/items/{item.pk}").json()
    assert detail["files"] == [final.name, editable.name]
    assert detail["fixed_copy_pending"] is False
    # Run again (a second worker, the tick): nothing more is made.
    assert fixed_copy_make(item_id=item.pk) is False
    assert fixed_copies_tick() == 0
    assert len(files_of(item)) == 2


def test_without_libreoffice_filing_succeeds_and_the_tick_makes_the_pdf_later(
    county, settings, django_capture_on_commit_callbacks
):
    need_soffice()
    settings.ZHONGSHU_SOFFICE = MISSING_SOFFICE
    document = dispatched(county)
    with django_capture_on_commit_callbacks(execute=True):
        item = file_record(county.archivist.user, document)

    item.refresh_from_db()
    assert item.fixed_copy_pending
    assert [f.role for f in files_of(item)] == [FileRole.EDITABLE]
    client = sign_in(Client(), county.archivist.user)
    page = client.get(f"/archives/items/{item.pk}/").content.decode()
    assert "PDF 定稿正本待生成" in page
    assert client.get(f"/api/archives/items/{item.pk}").json()["fixed_copy_pending"] is True
    assert fixed_copies_tick() == 0  # still no LibreOffice: still pending, no error
    assert ArchiveItem.objects.get(pk=item.pk).fixed_copy_pending

    settings.ZHONGSHU_SOFFICE = ""
    assert TICK in registered_ticks()
    assert fixed_copies_tick() == 1
    item.refresh_from_db()
    assert not item.fixed_copy_pending
    final = next(f for f in files_of(item) if f.role == FileRole.FINAL)
    assert document.doc_number in pdf_text(open_file(final.stored))
    assert fixed_copies_tick() == 0
    assert len(files_of(item)) == 2


def test_pdfs_kept_for_downloads_are_not_filed_as_attachments(county, django_capture_on_commit_callbacks):
    need_soffice()
    document = dispatched(county)
    client = sign_in(Client(), county.clerk.user)
    assert client.get(f"/documents/{document.pk}/pdf/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        item = file_record(county.archivist.user, document)
    assert sorted(f.role for f in files_of(item)) == [FileRole.EDITABLE, FileRole.FINAL]


def broken_docx() -> bytes:
    """A DOCX-named zip LibreOffice cannot load ("source file could not be loaded")."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", b"<broken")
        archive.writestr("word/document.xml", b"\x00\x01 not a document")
    return buffer.getvalue()


def test_a_docx_that_cannot_convert_or_a_missing_file_fails_its_item_once_and_the_others_still_get_theirs(
    county, settings, django_capture_on_commit_callbacks
):
    need_soffice()
    settings.ZHONGSHU_SOFFICE = MISSING_SOFFICE
    with django_capture_on_commit_callbacks(execute=True):
        broken, missing, fine = (file_record(county.archivist.user, dispatched(county)) for _ in range(3))
    assert ArchiveItem.objects.filter(fixed_copy_pending=True).count() == 3
    # The first item's 可编辑稿 is a DOCX LibreOffice cannot convert; the second's stored file is gone.
    editable = ArchiveFile.objects.get(item=broken, role=FileRole.EDITABLE)
    editable.stored = store_file(
        uploaded=SimpleUploadedFile("broken.docx", broken_docx()), by=county.archivist.user
    )
    editable.save(update_fields=["stored"])
    gone = ArchiveFile.objects.get(item=missing, role=FileRole.EDITABLE).stored
    (Path(settings.MEDIA_ROOT) / gone.path).unlink()

    settings.ZHONGSHU_SOFFICE = ""
    assert fixed_copies_tick() == 1  # the third item's PDF is made despite the two failing before it
    for item in (broken, missing, fine):
        item.refresh_from_db()
        assert not item.fixed_copy_pending
    assert [f.role for f in files_of(fine)] == [FileRole.EDITABLE, FileRole.FINAL]
    assert [f.role for f in files_of(broken)] == [FileRole.EDITABLE]
    assert "LibreOffice 未能生成 PDF" in broken.fixed_copy_error
    assert missing.fixed_copy_error == "可编辑稿的存储文件不存在"
    assert fine.fixed_copy_error == ""
    failures = AuditEvent.objects.filter(action="archives.fixed_copy_failed")
    assert sorted(int(e.object_id) for e in failures) == sorted([broken.pk, missing.pk])
    # Final: the tick does not try them again, nor record them twice.
    assert fixed_copies_tick() == 0
    assert fixed_copy_make(item_id=broken.pk) is False
    assert failures.count() == 2

    client = sign_in(Client(), county.archivist.user)
    page = client.get(f"/archives/items/{broken.pk}/").content.decode()
    assert 'data-testid="fixed-copy-failed"' in page and "定稿正本生成失败：LibreOffice 未能生成 PDF" in page
    assert 'data-testid="fixed-copy-pending"' not in page
    assert (
        "定稿正本生成失败：可编辑稿的存储文件不存在"
        in client.get(f"/archives/items/{missing.pk}/").content.decode()
    )
    assert "定稿正本生成失败" not in client.get(f"/archives/items/{fine.pk}/").content.decode()
    detail = client.get(f"/api/archives/items/{missing.pk}").json()
    assert (detail["fixed_copy_pending"], detail["fixed_copy_error"]) == (False, "可编辑稿的存储文件不存在")


def test_a_broken_docx_does_not_hold_the_tick_batch(
    county, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """Failing items leave the queue, so items behind a full batch of them get their turn."""
    need_soffice()
    monkeypatch.setattr("zhongshu.archives.fixed_copies.TICK_BATCH", 1)
    settings.ZHONGSHU_SOFFICE = MISSING_SOFFICE
    with django_capture_on_commit_callbacks(execute=True):
        broken, fine = (file_record(county.archivist.user, dispatched(county)) for _ in range(2))
    editable = ArchiveFile.objects.get(item=broken, role=FileRole.EDITABLE)
    editable.stored = store_file(
        uploaded=SimpleUploadedFile("broken.docx", broken_docx()), by=county.archivist.user
    )
    editable.save(update_fields=["stored"])
    settings.ZHONGSHU_SOFFICE = ""
    assert fixed_copies_tick() == 0  # the batch of one: the broken item, which now fails for good
    assert fixed_copies_tick() == 1  # the next tick reaches the fine one
    assert not ArchiveItem.objects.filter(pk=fine.pk, fixed_copy_pending=True).exists()
