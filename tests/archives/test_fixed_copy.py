"""The archive keeps the 定稿正本 as PDF beside the DOCX 可编辑稿: filing stores the DOCX and, once committed,
the `archives.fixed_copy` job makes the PDF from that DOCX (its text holds the 文号); without LibreOffice the
filing still succeeds, the item says its PDF is pending, and the tick makes it later, once."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from docx import Document

from tests.archives.conftest import dispatched
from tests.pdf_support import MISSING_SOFFICE, need_soffice, pdf_text
from zhongshu.archives.filing import file_record
from zhongshu.archives.fixed_copies import TICK, fixed_copies_tick, fixed_copy_make
from zhongshu.archives.models import ArchiveFile, ArchiveItem, FileRole
from zhongshu.attachments.services import open_file
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
