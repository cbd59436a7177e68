"""The leaders' week as a printable table: A4 landscape DOCX (python-docx), and PDF through the documents
module's LibreOffice path. The rows are the week's page's rows (week.leaders_week), so what the viewer may not
see prints as 另有安排 too."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import _Cell

from zhongshu.core.word import set_font
from zhongshu.documents.rendering.pdf import render_pdf
from zhongshu.meetings.week import DAY_NAMES, LeadersWeek, ScheduleItem

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEAD_FONT = "黑体"


def _write(cell: _Cell, text: str, *, font: str = BODY_FONT, size: float = 10, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    set_font(paragraph.add_run(text), font, size, bold=bold)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def item_line(item: ScheduleItem, day: object) -> str:
    """One item as the table prints it: the times, then what (另有安排 for what the reader may not see)."""
    times = item.time_label(day)  # type: ignore[arg-type]
    if item.hidden:
        return f"{times} {item.title}"
    kind = f"【{item.kind_label}】" if item.kind_label and item.is_engagement else ""
    place = f"（{item.place}）" if item.place else ""
    return f"{times} {kind}{item.title}{place}"


def _items(cell: _Cell, items: list[ScheduleItem], day: object) -> None:
    first = True
    for item in items:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        set_font(paragraph.add_run(item_line(item, day)), BODY_FONT, 9)


def week_docx(week: LeadersWeek) -> bytes:
    """The week's table, one leader a pair of rows (上午, 下午), the days as columns, on A4 landscape."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(12)
    section.top_margin = section.bottom_margin = Mm(15)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(title.add_run("领导活动安排"), TITLE_FONT, 20)
    span = document.add_paragraph()
    span.alignment = WD_ALIGN_PARAGRAPH.CENTER
    monday, sunday = week.monday, week.sunday
    set_font(
        span.add_run(
            f"{monday.year}年{monday.month}月{monday.day}日—{sunday.year}年{sunday.month}月{sunday.day}日"
        ),
        BODY_FONT,
        12,
    )
    table = document.add_table(rows=1, cols=2 + len(week.days))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    head = table.rows[0].cells
    _write(head[0], "领导", font=HEAD_FONT, size=10.5)
    _write(head[1], "时段", font=HEAD_FONT, size=10.5)
    for n, day in enumerate(week.days):
        _write(
            head[2 + n], f"{DAY_NAMES[day.weekday()]}\n{day.month}月{day.day}日", font=HEAD_FONT, size=10.5
        )
    header_props = table.rows[0]._tr.get_or_add_trPr()
    repeat = header_props.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"})
    header_props.append(repeat)
    for row in week.rows:
        am = table.add_row().cells
        pm = table.add_row().cells
        leader = am[0].merge(pm[0])
        _write(leader, row.leader.name, bold=True)
        if row.leader.title:
            set_font(leader.add_paragraph().add_run(row.leader.title), BODY_FONT, 9)
        _write(am[1], "上午")
        _write(pm[1], "下午")
        for n, cell in enumerate(row.cells):
            _items(am[2 + n], cell.am, cell.day)
            _items(pm[2 + n], cell.pm, cell.day)
    widths = [Mm(22), Mm(12)] + [Mm(35)] * len(week.days)
    for table_row in table.rows:
        for cell, width in zip(table_row.cells, widths, strict=True):
            cell.width = width
    if not week.rows:
        document.add_paragraph("本周无领导活动安排。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def week_pdf(week: LeadersWeek) -> bytes:
    """The same table as PDF (LibreOffice; PdfUnavailable where it is not installed)."""
    return render_pdf([week_docx(week)])[0]
