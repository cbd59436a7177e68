"""Text out of an uploaded .txt, .docx or .pdf, with a clear Chinese reason when it cannot be had.

The size is checked before the content is read (from the upload's declared size or the file's length on
disk), so a 200 MB file is refused without being read into memory. No Django models here: the service
stores what this returns.
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass
from typing import Any

from zhongshu.core.errors import ServiceError

EXTENSIONS = {"txt": "文本", "docx": "Word 文档", "pdf": "PDF"}


class ExtractionError(ServiceError):
    """The file could not be read as a material; the message says why in Chinese."""


@dataclass(frozen=True)
class Extracted:
    name: str
    kind: str  # txt, docx or pdf
    text: str
    data: bytes
    encoding: str = ""  # for .txt: the encoding found (utf-8, utf-8-sig, gb18030)


def extension_of(name: str) -> str:
    return name.rpartition(".")[2].lower() if "." in name else ""


def size_of(uploaded: Any) -> int | None:
    """The upload's size without reading it: a declared `size`, or the length of its file on disk."""
    declared = getattr(uploaded, "size", None)
    if isinstance(declared, int):
        return declared
    try:
        return os.fstat(uploaded.fileno()).st_size
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return None


def _limit_label(max_bytes: int) -> str:
    mib = 1024 * 1024
    return f"{max_bytes // mib}MB" if max_bytes >= mib else f"{max_bytes // 1024}KB"


def check_name_and_size(name: str, size: int | None, max_bytes: int) -> str:
    kind = extension_of(name)
    if kind not in EXTENSIONS:
        shown = f".{kind}" if kind else "无扩展名"
        raise ExtractionError(f"不支持的文件类型：{shown}（支持 .txt、.docx、.pdf）", code="file_type")
    if size is not None and size > max_bytes:
        raise ExtractionError(
            f"文件过大：{size / 1024 / 1024:.1f}MB，超过{_limit_label(max_bytes)}上限", code="file_too_large"
        )
    if size == 0:
        raise ExtractionError("文件为空", code="file_empty")
    return kind


def read_limited(uploaded: Any, max_bytes: int) -> bytes:
    """Read the upload in chunks, stopping as soon as it passes the limit (a size may be undeclared)."""
    buffer = io.BytesIO()
    chunks = uploaded.chunks() if hasattr(uploaded, "chunks") else iter(lambda: uploaded.read(1 << 20), b"")
    for chunk in chunks:
        buffer.write(chunk)
        if buffer.tell() > max_bytes:
            raise ExtractionError(f"文件超过{_limit_label(max_bytes)}上限", code="file_too_large")
    return buffer.getvalue()


def extract(uploaded: Any, *, name: str, max_bytes: int) -> Extracted:
    """Check, read and extract one upload (a Django UploadedFile or an open binary file)."""
    kind = check_name_and_size(name, size_of(uploaded), max_bytes)
    data = read_limited(uploaded, max_bytes)
    if not data:
        raise ExtractionError("文件为空", code="file_empty")
    return extract_bytes(data, name=name, kind=kind)


def extract_bytes(data: bytes, *, name: str, kind: str) -> Extracted:
    if kind == "txt":
        text, encoding = decode_text(data)
    elif kind == "docx":
        text, encoding = docx_text(data), ""
    else:
        text, encoding = pdf_text(data), ""
    if not text.strip():
        raise ExtractionError("文件中没有文字内容", code="no_text")
    return Extracted(name=name, kind=kind, text=text, data=data, encoding=encoding)


def decode_text(data: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM), else GB18030 (a superset of GBK and GB2312); else a clear error."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ExtractionError("文件不是文本文件（含有二进制内容）", code="not_text")
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise ExtractionError(
            "无法识别文件编码：请另存为 UTF-8 或 GBK 编码的文本后再上传", code="bad_encoding"
        ) from None
    # gb18030 decodes almost any byte string; a text that is mostly not Chinese or ASCII was not GBK.
    readable = sum(
        1
        for char in text
        if char.isascii() or "\u4e00" <= char <= "\u9fff" or char in "，。、；：？！“”（）《》…—"
    )
    if readable < 0.9 * len(text):
        raise ExtractionError(
            "无法识别文件编码：请另存为 UTF-8 或 GBK 编码的文本后再上传", code="bad_encoding"
        )
    return text, "gb18030"


def docx_text(data: bytes) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ExtractionError("Word 文档已损坏或不是 .docx 格式，无法读取", code="corrupt_docx") from error
    except Exception as error:  # noqa: BLE001 - lxml and python-docx raise many kinds on a broken part
        raise ExtractionError("Word 文档已损坏或不是 .docx 格式，无法读取", code="corrupt_docx") from error
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            paragraphs.append(" ".join(cell.text for cell in row.cells))
    return "\n".join(paragraphs)


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ExtractionError("PDF 文件已损坏或不是 PDF 格式，无法读取", code="corrupt_pdf")
    if b"%%EOF" not in data[-4096:]:
        # pypdf would rebuild a cut-off file and return part of it: a half material is worse than none.
        raise ExtractionError("PDF 文件不完整（可能在传输中被截断），无法读取", code="corrupt_pdf")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ExtractionError("PDF 文件已加密，请解除密码后再上传", code="encrypted_pdf")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ExtractionError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, IndexError) as error:
        raise ExtractionError("PDF 文件已损坏，无法读取", code="corrupt_pdf") from error
    except Exception as error:  # noqa: BLE001 - pypdf raises assorted errors on truncated files
        raise ExtractionError("PDF 文件已损坏，无法读取", code="corrupt_pdf") from error
    text = "\n".join(pages)
    if not text.strip():
        raise ExtractionError(
            "PDF 中没有可提取的文字（可能是扫描件），请先进行文字识别（OCR）后再上传", code="scanned_pdf"
        )
    return text
