"""Text out of an uploaded .txt, .docx or .pdf, with a clear Chinese reason when it cannot be had.

The size is checked before the content is read (from the upload's declared size or the file's length on
disk), so a 200 MB file is refused without being read into memory. No Django models here: the service
stores what this returns.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

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


# --- Reading a file as a stream of lines -------------------------------------------------------------------

READ_CHUNK = 1 << 20
# A "line" longer than this is read as several: a text without line breaks must not come in as one string.
MAX_LINE = 100_000
_UNREADABLE = re.compile(r"[^\x00-\x7f\u4e00-\u9fff，。、；：？！“”（）《》…—]")
_NOT_TEXT = "文件不是文本文件（含有二进制内容）"
_BAD_ENCODING = "无法识别文件编码：请另存为 UTF-8 或 GBK 编码的文本后再上传"


class TextSource:
    """An upload's text as lines, read again from the file for each pass, never held whole.

    A .txt file (by far the largest uploads) is decoded as it is read, its encoding found by one scan of
    the bytes. A .docx or .pdf is read whole (its parser needs it) and its text split into lines; both are
    bounded by the upload limit.
    """

    def __init__(self, handle: BinaryIO, *, name: str, kind: str, size: int, encoding: str = "") -> None:
        self.handle = handle
        self.name = name
        self.kind = kind
        self.size = size
        self.encoding = encoding
        self._text: str | None = None

    def lines(self) -> Iterator[str]:
        """Every line (without its line break), from the start of the file."""
        if self._text is not None:
            yield from _split_lines(iter([self._text]))
            return
        self.handle.seek(0)
        decoder = codecs.getincrementaldecoder(self.encoding)()
        chunks = iter(lambda: self.handle.read(READ_CHUNK), b"")
        yield from _split_lines(map(decoder.decode, chunks), lambda: decoder.decode(b"", final=True))

    def position(self) -> int:
        """How far into the file the current pass has read (bytes)."""
        try:
            return min(self.handle.tell(), self.size)
        except (OSError, ValueError):
            return 0

    def original_chunks(self) -> Iterator[bytes]:
        """What the file store keeps: the file itself, except a text in another encoding than UTF-8, kept
        re-encoded as UTF-8 (the store accepts UTF-8 text only, and the material's text is the same)."""
        self.handle.seek(0)
        if self.kind == "txt" and self.encoding not in ("utf-8", "utf-8-sig"):
            decoder = codecs.getincrementaldecoder(self.encoding)()
            while chunk := self.handle.read(READ_CHUNK):
                yield decoder.decode(chunk).encode("utf-8")
            yield decoder.decode(b"", final=True).encode("utf-8")
            return
        while chunk := self.handle.read(READ_CHUNK):
            yield chunk


def _split_lines(pieces: Iterator[str], final: Any = None) -> Iterator[str]:
    """Lines out of consecutive pieces of text, a line break being \\n, \\r\\n or \\r (as str.splitlines
    and `clean_text` read them); a line longer than MAX_LINE comes in pieces of MAX_LINE characters."""
    carry = ""
    for piece in pieces:
        text = carry + piece
        # A \\r at the end may be the first half of \\r\\n: it waits for the next piece.
        held = "\r" if text.endswith("\r") else ""
        text = (text[:-1] if held else text).replace("\r\n", "\n").replace("\r", "\n")
        *complete, carry = text.split("\n")
        for line in complete:
            yield from _cut(line)
        while len(carry) > MAX_LINE:
            yield carry[:MAX_LINE]
            carry = carry[MAX_LINE:]
        carry += held
    rest = carry + (final() if final is not None else "")
    for line in rest.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        yield from _cut(line)


def _cut(line: str) -> Iterator[str]:
    if len(line) <= MAX_LINE:
        yield line
        return
    for start in range(0, len(line), MAX_LINE):
        yield line[start : start + MAX_LINE]


def text_source(handle: BinaryIO, *, name: str, max_bytes: int) -> TextSource:
    """Check the upload (type, size, encoding) and return its text as a `TextSource`, reading no more
    than `max_bytes` and holding no more than one chunk of a .txt file in memory."""
    kind = check_name_and_size(name, size_of(handle), max_bytes)
    if kind != "txt":
        extracted = extract(handle, name=name, max_bytes=max_bytes)
        source = TextSource(handle, name=name, kind=kind, size=len(extracted.data))
        source._text = extracted.text
        return source
    handle.seek(0)
    head = handle.read(4096)
    if not head:
        raise ExtractionError("文件为空", code="file_empty")
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ExtractionError(_NOT_TEXT, code="not_text")
    boms = [codec for bom, codec in _BOMS if head.startswith(bom)]
    for encoding in (*boms, "utf-8", "gb18030"):
        size = _scan(handle, encoding, max_bytes)
        if size is not None:
            return TextSource(handle, name=name, kind=kind, size=size, encoding=encoding)
    raise ExtractionError(_BAD_ENCODING, code="bad_encoding")


_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def _scan(handle: BinaryIO, encoding: str, max_bytes: int) -> int | None:
    """The file's size when it all decodes as `encoding` (None when not), refusing past `max_bytes`.

    GB18030 decodes almost any byte string, so it is taken only for a text that is mostly Chinese or ASCII
    (as `decode_text` judges a whole file)."""
    handle.seek(0)
    decoder = codecs.getincrementaldecoder(encoding)()
    size = chars = unreadable = 0
    judge = encoding == "gb18030"
    try:
        while chunk := handle.read(READ_CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise ExtractionError(f"文件超过{_limit_label(max_bytes)}上限", code="file_too_large")
            text = decoder.decode(chunk)
            if judge:
                chars += len(text)
                unreadable += len(_UNREADABLE.findall(text))
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    if judge and chars - unreadable < 0.9 * chars:
        return None
    return size
