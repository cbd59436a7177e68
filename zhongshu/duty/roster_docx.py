"""值班表 as a printable DOCX (python-docx, GB/T 9704 spirit): A4 portrait, the title in 方正小标宋简体, the
table's heads in 黑体 and its body in 仿宋_GB2312, columns 日期 / 星期 / each role (带班领导, 值班员, 驾驶员 …) /
值班电话, the holiday's name and the 24小时 mark under the date on holiday and 24-hour days.

What to print: the whole roster, one week (Monday to Sunday around a day), or the holiday days only."""

from __future__ import annotations

import io
from datetime import date, timedelta

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm
from docx.table import _Cell

from zhongshu.core.word import set_font
from zhongshu.duty.models import DutyPoint, DutyRoster, ShiftKind
from zhongshu.duty.rosters import RosterRow, roster_table, shift_start

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEAD_FONT = "黑体"
SCOPES = ("all", "week", "holiday")


def _write(cell: _Cell, lines: list[str], *, font: str = BODY_FONT, size: float = 12) -> None:
    for n, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_font(paragraph.add_run(line), font, size if n == 0 else size - 2)


def select_rows(rows: list[RosterRow], scope: str, around: date | None = None) -> list[RosterRow]:
    if scope == "week" and around is not None:
        monday = around - timedelta(days=around.weekday())
        return [row for row in rows if monday <= row.info.day <= monday + timedelta(days=6)]
    if scope == "holiday":
        return [row for row in rows if row.info.holiday_name]
    return rows


def title_for(roster: DutyRoster, rows: list[RosterRow], scope: str) -> str:
    if scope == "holiday":
        names = list(dict.fromkeys(row.info.holiday_name for row in rows))
        return (
            f"{roster.unit.name}{'、'.join(names)}假期值班表" if names else f"{roster.unit.name}节假日值班表"
        )
    if scope == "week":
        return f"{roster.unit.name}一周值班表"
    return roster.title


def roster_docx(roster: DutyRoster, scope: str = "all", around: date | None = None) -> bytes:
    roles, all_rows = roster_table(roster)
    rows = select_rows(all_rows, scope, around)
    point = DutyPoint.objects.filter(unit_id=roster.unit_id).first()
    phone = point.phone if point else ""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(title.add_run(title_for(roster, rows, scope)), TITLE_FONT, 22)
    if rows:
        first, last = rows[0].info.day, rows[-1].info.day
        span = document.add_paragraph()
        span.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_font(
            span.add_run(
                f"（{first.year}年{first.month}月{first.day}日—{last.year}年{last.month}月{last.day}日）"
            ),
            BODY_FONT,
            14,
        )
    heads = ["日期", "星期", *[role.name for role in roles], "值班电话"]
    table = document.add_table(rows=1, cols=len(heads))
    table.style = "Table Grid"
    for cell, head in zip(table.rows[0].cells, heads, strict=True):
        _write(cell, [head], font=HEAD_FONT)
    for row in rows:
        info = row.info
        cells = table.add_row().cells
        full_day = any(s.kind == ShiftKind.FULL_DAY for shifts in row.cells.values() for s in shifts)
        marks = [mark for mark in (info.holiday_name, "24小时" if full_day else "") if mark]
        _write(cells[0], [f"{info.day.month}月{info.day.day}日", *marks])
        _write(cells[1], [info.weekday])
        for n, role in enumerate(roles, start=2):
            _write(cells[n], ["、".join(s.person.name for s in row.cells.get(role.pk, [])) or "—"])
        _write(cells[-1], [phone])
    start = shift_start()
    note = document.add_paragraph()
    set_font(
        note.add_run(f"注：24小时值班自当日{start:%H:%M}至次日{start:%H:%M}；其余为工作时间值班。"),
        BODY_FONT,
        12,
    )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
