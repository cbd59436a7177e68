"""导入正文（DOCX）: a draft's body read from a Word file, paragraph by paragraph.

The upload is judged by its bytes with the attachments module's detector before python-docx opens it (the
校对 page's reader, `zhongshu.proofreading.docx_files`, does both), so a renamed text file or a damaged
package is a clear Chinese error. Nothing is stored: the text fills the form and the drafter saves it.
"""

from __future__ import annotations

from typing import Any

from zhongshu.core.errors import ServiceError
from zhongshu.proofreading.docx_files import docx_read_text


def body_from_docx(*, uploaded: Any) -> str:
    """The non-empty paragraphs of an uploaded .docx, each stripped, one per line."""
    if uploaded is None:
        raise ServiceError("请选择要导入的 .docx 文件", code="file_required", field="body_docx")
    text = docx_read_text(uploaded=uploaded)
    paragraphs = [line.strip() for line in text.split("\n")]
    body = "\n".join(line for line in paragraphs if line)
    if not body:
        raise ServiceError("DOCX 文件中没有正文文字", code="file_empty", field="body_docx")
    return body
