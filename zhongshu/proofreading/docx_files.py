"""DOCX in and out of the 校对 page: an upload is judged by its content with the attachments module's
detector (never by its name) and read paragraph by paragraph; the corrected text goes back as a plain DOCX."""

from __future__ import annotations

import io
import tempfile
from typing import Any, BinaryIO, cast

from zhongshu.attachments.detection import detect_kind
from zhongshu.core.errors import ServiceError

MAX_DOCX_BYTES = 20 * 1024 * 1024

NOT_DOCX = "上传的文件不是有效的 DOCX（Word）文档，请另存为 .docx 后重试"
CORRUPT_DOCX = "DOCX 文件已损坏，无法读取其中的文字"


def docx_read_text(*, uploaded: Any) -> str:
    """The paragraphs of an uploaded .docx joined by newlines (as the CLI reads it)."""
    name = str(getattr(uploaded, "name", "") or "")
    if not name.lower().endswith(".docx"):
        raise ServiceError("只能上传 .docx 格式的 Word 文档", code="file_type")
    size = getattr(uploaded, "size", None)
    if isinstance(size, int) and size > MAX_DOCX_BYTES:
        raise ServiceError("文件超过20MB上限", code="file_too_large")
    with tempfile.SpooledTemporaryFile(max_size=MAX_DOCX_BYTES) as staging:
        for chunk in uploaded.chunks() if hasattr(uploaded, "chunks") else [uploaded.read()]:
            staging.write(chunk)
        if staging.tell() == 0:
            raise ServiceError("文件为空", code="file_empty")
        if detect_kind(cast(BinaryIO, staging), is_text=False, claimed="docx") != "docx":
            raise ServiceError(NOT_DOCX, code="file_content_mismatch")
        staging.seek(0)
        import docx

        try:
            document = docx.Document(staging)
        except Exception:  # python-docx raises assorted zip, lxml and package errors on damaged parts
            raise ServiceError(CORRUPT_DOCX, code="file_corrupt") from None
        return "\n".join(paragraph.text for paragraph in document.paragraphs)


def docx_from_text(text: str) -> bytes:
    """A DOCX with one paragraph per line of `text`."""
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(_printable(line))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _printable(line: str) -> str:
    # XML 1.0 cannot hold most control characters; python-docx refuses them, so they become spaces.
    return "".join(" " if (ord(ch) < 32 and ch != "\t") or 0xFFFE <= ord(ch) <= 0xFFFF else ch for ch in line)
