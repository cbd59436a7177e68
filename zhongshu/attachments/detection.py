"""What a file really is, judged by its bytes (magic numbers and structure), never by its name."""

from __future__ import annotations

import codecs
import zipfile
from dataclasses import dataclass
from typing import BinaryIO


@dataclass(frozen=True)
class FileKind:
    code: str
    label: str
    content_type: str
    extensions: tuple[str, ...]


KINDS: dict[str, FileKind] = {
    kind.code: kind
    for kind in (
        FileKind("pdf", "PDF", "application/pdf", ("pdf",)),
        FileKind(
            "docx",
            "DOCX",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ("docx",),
        ),
        FileKind(
            "xlsx", "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",)
        ),
        FileKind("png", "PNG", "image/png", ("png",)),
        FileKind("jpeg", "JPEG", "image/jpeg", ("jpg", "jpeg")),
        FileKind("txt", "TXT", "text/plain; charset=utf-8", ("txt",)),
        FileKind("csv", "CSV", "text/csv; charset=utf-8", ("csv",)),
    )
}
KIND_BY_EXTENSION = {extension: kind.code for kind in KINDS.values() for extension in kind.extensions}
TEXT_KINDS = frozenset({"txt", "csv"})


class TextSniffer:
    """Fed the file chunk by chunk: is it UTF-8 without NUL bytes (i.e. plain text)?"""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self.is_text = True

    def feed(self, chunk: bytes) -> None:
        if not self.is_text:
            return
        if b"\x00" in chunk:
            self.is_text = False
            return
        try:
            self._decoder.decode(chunk)
        except UnicodeDecodeError:
            self.is_text = False

    def finish(self) -> bool:
        if self.is_text:
            try:
                self._decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                self.is_text = False
        return self.is_text


def _office_kind(handle: BinaryIO) -> str | None:
    handle.seek(0)
    try:
        with zipfile.ZipFile(handle) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(name.startswith("word/") for name in names):
        return "docx"
    if any(name.startswith("xl/") for name in names):
        return "xlsx"
    return None


def detect_kind(handle: BinaryIO, *, is_text: bool, claimed: str | None) -> str | None:
    """The kind code of the whole file in `handle`, or None when it is none of the kinds we accept.

    Text has no magic number, so text content takes the claimed text kind (csv or txt).
    """
    handle.seek(0)
    head = handle.read(16)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(handle)
    if is_text:
        return claimed if claimed in TEXT_KINDS else "txt"
    return None
