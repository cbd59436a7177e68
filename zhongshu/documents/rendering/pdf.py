"""DOCX → PDF by LibreOffice headless, many documents per call (starting LibreOffice costs about a second).

The fonts the standard names resolve through `fontconfig/fonts.conf` (FONTCONFIG_FILE). LibreOffice widens
characters larger than its character grid to two cells where Word squeezes them, so each DOCX goes to
LibreOffice with its character grid made a line grid; the 3号 runs are already condensed to 28 a line.
"""

from __future__ import annotations

import fcntl
import io
import os
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

from django.conf import settings

from zhongshu.core.errors import ServiceError
from zhongshu.documents.rendering.fonts import fontconfig_env

TIMEOUT_S = 300


class PdfUnavailable(ServiceError):
    code = "libreoffice_missing"
    status = 503

    def __init__(self) -> None:
        super().__init__(
            "未安装 LibreOffice，无法生成 PDF。请安装 Debian 软件包 libreoffice-writer-nogui"
            "（或运行 scripts/ensure-system-packages.sh）。"
        )


class PdfFailed(ServiceError):
    code = "pdf_failed"
    status = 500


def soffice_path() -> str | None:
    """The LibreOffice program: settings.ZHONGSHU_SOFFICE when set (None when it names no program), else
    soffice or libreoffice on PATH."""
    configured = str(getattr(settings, "ZHONGSHU_SOFFICE", "") or "") if settings.configured else ""
    if configured:
        return shutil.which(configured)
    return shutil.which("soffice") or shutil.which("libreoffice")


def _for_libreoffice(docx_bytes: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(docx_bytes))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b'w:type="linesAndChars"', b'w:type="lines"')
            target.writestr(item, data)
    return out.getvalue()


def _profile_dir() -> Path:
    # One LibreOffice profile per user, reused: creating one costs seconds. A lock serialises the calls that
    # share it, since two LibreOffice processes cannot use one profile.
    return Path(tempfile.gettempdir()) / f"zhongshu-libreoffice-{os.getuid()}"


def render_pdf(docx_list: Sequence[bytes]) -> list[bytes]:
    """The PDF of each DOCX, in order, from one LibreOffice run. Raises PdfUnavailable when LibreOffice is
    not installed and PdfFailed when it produces no PDF for a document."""
    if not docx_list:
        return []
    soffice = soffice_path()
    if soffice is None:
        raise PdfUnavailable()
    profile = _profile_dir()
    profile.mkdir(mode=0o700, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="zhongshu-pdf-") as work:
        sources = []
        for index, data in enumerate(docx_list):
            path = Path(work) / f"document-{index:04d}.docx"
            path.write_bytes(_for_libreoffice(data))
            sources.append(path)
        out_dir = Path(work) / "pdf"
        command = [
            soffice,
            "--headless",
            "--norestore",
            "--nologo",
            "--nolockcheck",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(out_dir),
            *map(str, sources),
        ]
        with open(profile.with_suffix(".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                result = subprocess.run(
                    command, env=fontconfig_env(), capture_output=True, timeout=TIMEOUT_S, check=False
                )
            except subprocess.TimeoutExpired as exc:
                raise PdfFailed("PDF 生成超时。", code="pdf_timeout") from exc
        pdfs = []
        for path in sources:
            pdf = out_dir / (path.stem + ".pdf")
            if not pdf.exists():
                detail = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
                raise PdfFailed(f"LibreOffice 未能生成 PDF：{detail[0]}")
            pdfs.append(pdf.read_bytes())
        return pdfs
