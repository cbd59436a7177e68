"""Render a document to DOCX through the rendering package; classified copies get their own 份号 and an audit."""

from __future__ import annotations

import importlib
from typing import Any
from urllib.parse import quote

from zhongshu.accounts.actors import Actor
from zhongshu.audit.services import audit_record
from zhongshu.documents.layout_adapter import layout_from_document
from zhongshu.documents.models import OfficialDocument
from zhongshu.documents.services import document_print_copy


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


def document_docx(*, document: OfficialDocument, by: Actor) -> tuple[bytes, str]:
    """The GB/T 9704 DOCX of `document` (already fetched through the policy for DOWNLOAD)."""
    render = _renderer()
    copy_number = ""
    if document.is_state_secret:
        copy_number = document_print_copy(document=document, by=by).copy_number
    else:
        audit_record(
            actor=by, action="documents.download", target=document, classification=document.classification
        )
    data = render(layout_from_document(document, copy_number=copy_number))
    name = document.doc_number or document.title
    suffix = f"-{copy_number}" if copy_number else ""
    return data, quote(f"{name}{suffix}.docx")
