"""Reading what the CLI is asked to check: plain UTF-8 text, stdin, or a .docx file."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path


class BadInput(Exception):
    """Input the proofreader cannot read; the message is English, for the CLI's stderr."""


def decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BadInput(
            f"{name} is not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})"
        ) from None


def read_text(source: str) -> str:
    """The text of FILE, '-' for stdin; a .docx file is read paragraph by paragraph."""
    if source == "-":
        return decode(sys.stdin.buffer.read(), "standard input")
    path = Path(source)
    if path.suffix.lower() == ".docx":
        return read_docx(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise BadInput(f"cannot read {source}: {error.strerror or error}") from None
    return decode(data, source)


def read_docx(path: Path) -> str:
    """Paragraphs joined by newlines, so a finding's line is its paragraph number."""
    import docx

    try:
        document = docx.Document(str(path))
    except FileNotFoundError:
        raise BadInput(f"cannot read {path}: No such file or directory") from None
    except IsADirectoryError:
        raise BadInput(f"cannot read {path}: Is a directory") from None
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise BadInput(f"{path} is not a readable .docx file") from None
    except Exception:  # python-docx raises assorted lxml and package errors on corrupt parts
        raise BadInput(f"{path} is not a readable .docx file") from None
    return "\n".join(paragraph.text for paragraph in document.paragraphs)
