"""The night's log, printable: one shift's entries as the bound duty log book lays them out (时间, 来电单位及
来电人, 事由, 情况, 处理情况, 已报告（告知）, 记录人, 办结), on A4 landscape in the GB/T 9704 spirit
(方正小标宋简体 title, 黑体 heads, 仿宋_GB2312 body). The caller passes only entries the reader may see."""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import _Cell

from zhongshu.base.levels import Classification
from zhongshu.core.word import set_font
from zhongshu.duty.models import DutyLogEntry, DutyShift, Urgency

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEAD_FONT = "黑体"

COLUMNS = (
    "时间",
    "来电（来文、来访）单位及人员",
    "事由",
    "情况",
    "处理情况",
    "已报告（告知）",
    "记录人",
    "办结",
)
WIDTHS = (22, 38, 34, 62, 52, 30, 16, 18)


def _write(cell: _Cell, text: str, *, font: str = BODY_FONT, size: float = 10, bold: bool = False) -> None:
    lines = text.split("\n") if text else [""]
    paragraph = cell.paragraphs[0]
    set_font(paragraph.add_run(lines[0]), font, size, bold=bold)
    for line in lines[1:]:
        set_font(cell.add_paragraph().add_run(line), font, size, bold=bold)


def _labelled(*pairs: tuple[str, str]) -> str:
    return "\n".join(f"{label}：{value}" for label, value in pairs if value)


def _recorder(entry: DutyLogEntry) -> str:
    person = getattr(entry.recorded_by, "person_or_none", None)
    return person.name if person is not None else entry.recorded_by.get_username()


def entry_cells(entry: DutyLogEntry) -> list[str]:
    received = timezone.localtime(entry.received_at)
    recorded = timezone.localtime(entry.recorded_at)
    caller = " ".join(part for part in (entry.caller_unit, entry.caller_name, entry.caller_post) if part)
    if entry.caller_phone:
        caller += f"\n电话：{entry.caller_phone}"
    summary = f"【{entry.get_kind_display()}】{entry.summary}"
    if entry.urgency == Urgency.URGENT:
        summary = "〔紧急〕" + summary
    closed = f"已办结\n{timezone.localtime(entry.closed_at):%m-%d %H:%M}" if entry.closed_at else "未办结"
    return [
        f"{received:%m月%d日}\n{received:%H:%M}",
        caller,
        summary,
        _labelled(
            ("地点", entry.place),
            ("起因", entry.cause),
            ("经过", entry.course),
            ("影响", entry.impact),
            ("发展趋势", entry.trend),
        ),
        _labelled(("采取的措施", entry.measures), ("结果", entry.result)),
        entry.told,
        f"{_recorder(entry)}\n{recorded:%H:%M}",
        closed,
    ]


def log_docx(
    unit_name: str, shift: DutyShift | None, title_span: str, entries: Sequence[DutyLogEntry]
) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(12)
    section.top_margin = section.bottom_margin = Mm(15)
    highest = max((int(e.classification) for e in entries), default=0)
    if highest >= Classification.CONFIDENTIAL:
        mark = document.add_paragraph()
        set_font(mark.add_run(Classification(highest).label), HEAD_FONT, 16)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(title.add_run(f"{unit_name}值班记录"), TITLE_FONT, 22)
    span = document.add_paragraph()
    span.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(span.add_run(title_span), BODY_FONT, 14)
    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, head in zip(table.rows[0].cells, COLUMNS, strict=True):
        _write(cell, head, font=HEAD_FONT, size=10.5)
    props = table.rows[0]._tr.get_or_add_trPr()
    props.append(props.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"}))
    for entry in entries:
        for cell, text in zip(table.add_row().cells, entry_cells(entry), strict=True):
            _write(cell, text)
    for row in table.rows:
        for cell, width in zip(row.cells, WIDTHS, strict=True):
            cell.width = Mm(width)
    if not entries:
        set_font(document.add_paragraph().add_run("本班无值班记录。"), BODY_FONT, 14)
    foot = document.add_paragraph()
    foot.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    on_duty = f"值班人员：{shift.person.name}（{shift.role.name}）" if shift is not None else ""
    set_font(foot.add_run(on_duty), BODY_FONT, 12)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
