"""Word (python-docx) runs in Chinese: a run's font must be named for East Asian text too (w:eastAsia), or Word
falls back to its own face for every Chinese character. The modules' DOCX (the week's schedule, the duty log,
the spot-check bulletin, an incident's timeline, the roster, an information issue, the ranking 通报) set their
runs here."""

from __future__ import annotations

from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.text.run import Run


def set_font(run: Run, name: str, size: float, *, bold: bool = False, color: RGBColor | None = None) -> Run:
    """The run in `name` at `size` points (bold, coloured as asked), for Latin and Chinese text alike."""
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    return run
