"""Render a document to DOCX and to PDF; classified copies get their own 份号, every download an audit."""

from __future__ import annotations

import hashlib
import importlib
import io
import zipfile
from typing import Any
from urllib.parse import quote

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse

from zhongshu.accounts.actors import Actor
from zhongshu.attachments.services import attach_file, attachments_of, open_file, store_file
from zhongshu.audit.services import audit_record
from zhongshu.documents.layout_adapter import layout_from_document
from zhongshu.documents.models import OfficialDocument
from zhongshu.documents.rendering.pdf import render_pdf
from zhongshu.documents.services import document_print_copy
from zhongshu.documents.states import DocState

# Kept PDFs are attachments of their document with this purpose and the DOCX content hash (documents.filing
# leaves them out of what is archived: the archive makes its own from the DOCX it keeps).
PDF_PURPOSE_PREFIX = "pdf:"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# From 签发 on the text is fixed: the PDF of one DOCX may be kept and served again.
FIXED_STATES = frozenset(
    {DocState.SIGNED, DocState.RECHECKED, DocState.REGISTERED, DocState.DISPATCHED, DocState.ARCHIVED}
)


class RenderingUnavailable(Exception):
    message = "排版模块尚未就绪，暂不能生成公文文件"

    def __init__(self) -> None:
        super().__init__(self.message)


# Where the rendering package keeps `render_docx(layout) -> bytes`: its package root or its DOCX writer.
RENDERER_MODULES = ("zhongshu.documents.rendering", "zhongshu.documents.rendering.docx_writer")


def _renderer() -> Any:
    for name in RENDERER_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        render = getattr(module, "render_docx", None)
        if render is not None:
            return render
    raise RenderingUnavailable()


def _render_docx(*, document: OfficialDocument, by: Actor, fmt: str) -> tuple[bytes, str, str]:
    """The DOCX bytes, the file name's stem and the 份号 (empty for copies that are not state secrets): every
    download of a document, DOCX or PDF, comes through here, so each is audited (a state secret's copy gets
    its own 份号 and a print record)."""
    render = _renderer()
    copy_number = ""
    if document.is_state_secret:
        copy_number = document_print_copy(document=document, by=by).copy_number
    else:
        audit_record(
            actor=by,
            action="documents.download",
            target=document,
            classification=document.classification,
            details={"format": fmt},
        )
    data = render(layout_from_document(document, copy_number=copy_number))
    name = document.doc_number or document.title
    suffix = f"-{copy_number}" if copy_number else ""
    return data, f"{name}{suffix}", copy_number


def document_docx(*, document: OfficialDocument, by: Actor) -> tuple[bytes, str]:
    """The GB/T 9704 DOCX of `document` (already fetched through the policy for DOWNLOAD)."""
    data, stem, _ = _render_docx(document=document, by=by, fmt="docx")
    return data, quote(f"{stem}.docx")


def document_pdf(*, document: OfficialDocument, by: Actor) -> tuple[bytes, str]:
    """The PDF of `document` (already fetched through the policy for DOWNLOAD): LibreOffice's rendering of
    the same DOCX `document_docx` gives. Raises PdfUnavailable (Chinese message, code libreoffice_missing)
    when LibreOffice is not installed.

    A signed document no longer changes, so its PDF is kept in the file store (encrypted, as every stored
    file), tied to the document under the hash of the DOCX's content: the next download is served from there.
    A draft, or a state secret's numbered copy (its 份号 differs each time), is rendered afresh."""
    data, stem, copy_number = _render_docx(document=document, by=by, fmt="pdf")
    if copy_number or document.state not in FIXED_STATES:
        return render_pdf([data])[0], quote(f"{stem}.pdf")
    purpose = PDF_PURPOSE_PREFIX + docx_content_hash(data)[: 40 - len(PDF_PURPOSE_PREFIX)]
    kept = attachments_of(document, purpose=purpose).first()
    if kept is not None:
        return open_file(kept.file), quote(f"{stem}.pdf")
    pdf = render_pdf([data])[0]
    stored = store_file(uploaded=SimpleUploadedFile(f"{stem}.pdf", pdf), by=by)
    attach_file(owner=document, stored=stored, by=by, purpose=purpose)
    return pdf, quote(f"{stem}.pdf")


def rendered_download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    """The response of a rendered document (`document_docx`/`document_pdf` give data and the quoted file
    name): an attachment that no cache keeps, for the page and the API alike."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    response["Cache-Control"] = "private, no-store"
    return response


def docx_content_hash(data: bytes) -> str:
    """SHA-256 of a DOCX's parts (names and contents, in name order): the same text and layout give the same
    hash although each rendering stamps its ZIP entries with the time it was written."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in sorted(archive.namelist()):
            digest.update(name.encode() + b"\0")
            digest.update(hashlib.sha256(archive.read(name)).digest())
    return digest.hexdigest()
