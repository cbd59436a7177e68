"""PDF tests need LibreOffice: skipped with the reason where it is not installed, failed under CI (where
scripts/ensure-system-packages.sh installs it). `pdf_text` reads a PDF's text as pypdf finds it."""

from __future__ import annotations

import io
import os
import re

import pytest

from zhongshu.documents.rendering.pdf import soffice_path

# A path where no program lies: pointing ZHONGSHU_SOFFICE at it is how a machine without LibreOffice looks.
MISSING_SOFFICE = "/nonexistent/libreoffice/program/soffice"


def need_soffice() -> None:
    if soffice_path() is not None:
        return
    if os.environ.get("CI"):
        pytest.fail("LibreOffice (soffice) is missing: scripts/ensure-system-packages.sh installs it")
    pytest.skip("LibreOffice (soffice) is not installed: run scripts/ensure-system-packages.sh as root")


def pdf_text(data: bytes) -> str:
    """The text of every page, without the spaces and line breaks the layout puts inside a title."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in reader.pages))
