"""信息采用情况通报: a period's ranking as a DOCX bulletin in the GB/T 9704 manner (title in 小标宋 22pt,
body in 仿宋_GB2312 16pt, the table of units with 采用条数/得分/排名, signed 县委办公室 and dated)."""

from __future__ import annotations

import io
from datetime import date

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from docx.table import _Cell

from zhongshu.core.word import set_font
from zhongshu.information.scoring import Ranking

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEAD_FONT = "黑体"
COLUMNS = ("排名", "单位", "采用条数", "得分", "较上期")
WIDTHS = (18, 70, 24, 24, 24)


def _write(cell: _Cell, text: str, *, font: str = BODY_FONT, size: float = 12) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(paragraph.add_run(text), font, size)


def _paragraph(document: object, text: str, *, indent: bool = True, align: object = None) -> None:
    paragraph = document.add_paragraph()  # type: ignore[attr-defined]
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(32)
    if align is not None:
        paragraph.alignment = align
    set_font(paragraph.add_run(text), BODY_FONT, 16)


def points(value: object) -> str:
    text = f"{value:f}" if not isinstance(value, str) else value
    return text[:-2] if text.endswith(".0") else text


def bulletin_title(ranking: Ranking) -> str:
    return f"关于{ranking.period.label}政务信息采用情况的通报"


def change_text(delta: int | None) -> str:
    if delta is None or delta == 0:
        return "—"
    return f"升{delta}位" if delta > 0 else f"降{-delta}位"


def ranking_docx(ranking: Ranking, *, signer: str = "县委办公室", on: date) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(title.add_run(bulletin_title(ranking)), TITLE_FONT, 22)
    _paragraph(document, "各乡镇党委，县直各单位：", indent=False)
    lines = ranking.lines
    adopted = sum(line.adopted for line in lines)
    scoring_units = [line for line in lines if line.score or line.adopted]
    _paragraph(
        document,
        f"现将{ranking.period.label}各单位政务信息采用情况通报如下。本期共有{len(scoring_units)}个单位"
        f"得分或被采用，累计采用信息{adopted}条。"
        + (f"{lines[0].unit_name}得分最高，" if lines and lines[0].score > 0 else "")
        + "希望各单位进一步提高信息报送的质量和时效，做到及时准确、客观全面。",
    )
    _paragraph(document, "附：各单位信息采用得分及排名情况", indent=True)
    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, head in zip(table.rows[0].cells, COLUMNS, strict=True):
        _write(cell, head, font=HEAD_FONT)
    for line in lines:
        cells = table.add_row().cells
        for cell, text in zip(
            cells,
            (
                str(line.rank),
                line.unit_name,
                str(line.adopted),
                points(line.score),
                change_text(line.rank_delta),
            ),
            strict=True,
        ):
            _write(cell, text)
    for row in table.rows:
        for cell, width in zip(row.cells, WIDTHS, strict=True):
            cell.width = Mm(width)
    document.add_paragraph()
    _paragraph(document, signer, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(document, f"{on.year}年{on.month}月{on.day}日", indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
