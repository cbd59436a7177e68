import io
import os
import shutil

import docx
import pytest

from zhongshu.documents.rendering.demo import demo_layout
from zhongshu.documents.rendering.docx_writer import render_docx


def need(condition: bool, reason: str) -> None:
    """Skip when a system part is missing here; in CI (CI=true) the part must be there, so fail."""
    if condition:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI installs it: make browser / scripts/ensure-system-packages.sh)")
    pytest.skip(f"{reason}: run scripts/ensure-system-packages.sh as root")


@pytest.fixture
def need_libreoffice():
    need(shutil.which("soffice") is not None, "LibreOffice (soffice) is not installed")
    need(shutil.which("pdftoppm") is not None, "poppler-utils (pdftoppm) is not installed")


@pytest.fixture(scope="session")
def demo_docx() -> bytes:
    return render_docx(demo_layout())


@pytest.fixture
def demo_document(demo_docx):
    return docx.Document(io.BytesIO(demo_docx))
