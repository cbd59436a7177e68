"""The rendering figures of `zhongshu bench documents`: DOCX time, amortised PDF time, GB2312 glyph coverage."""

from __future__ import annotations

import statistics
import time
from dataclasses import replace

from zhongshu.documents.rendering.demo import demo_layout
from zhongshu.documents.rendering.docx_writer import render_docx
from zhongshu.documents.rendering.fonts import FANGSONG, KAITI, gb2312_characters, missing_in
from zhongshu.documents.rendering.layout import DocumentLayout
from zhongshu.documents.rendering.pdf import PdfUnavailable, render_pdf


def three_page_layout() -> DocumentLayout:
    """The demo 通知 without attachments and 版记: three pages of text."""
    return replace(demo_layout(), attachments=(), cc_recipients="", printing_office="", print_date=None)


def measure_render(*, docx_rounds: int = 30, pdf_batch: int = 20) -> dict[str, int | float | str]:
    layout = three_page_layout()
    render_docx(layout)  # warm: template, font coverage, word segmentation
    timings = []
    for _ in range(docx_rounds):
        start = time.perf_counter()
        render_docx(layout)
        timings.append((time.perf_counter() - start) * 1000)
    gb2312 = gb2312_characters()
    figures: dict[str, int | float | str] = {
        "render_docx_ms_p50": round(statistics.median(timings), 2),
        "gb2312_missing_glyphs": len(set(missing_in(FANGSONG, gb2312)) | set(missing_in(KAITI, gb2312))),
    }
    documents = [render_docx(layout) for _ in range(pdf_batch)]
    try:
        start = time.perf_counter()
        pdfs = render_pdf(documents)
        figures["pdf_ms_per_doc_batch20"] = round((time.perf_counter() - start) * 1000 / len(pdfs), 1)
    except PdfUnavailable:
        figures["pdf_ms_per_doc_batch20"] = "libreoffice missing"
    return figures
