"""Printed forms as DOCX: the 催办单 / 督办单 / 查办通知 of one reminder, and the 督查通报 of a period.

The bulletin's figures come from the ledger (`bulletin_figures`), so the document and the wall agree.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from zhongshu.core.errors import ServiceError
from zhongshu.supervision.models import Level, Reminder, late_on
from zhongshu.supervision.selectors import LedgerFilter, filtered_items

FORM_TITLES = {
    Level.REMINDER: "督查事项临期提醒单",
    Level.REMIND: "督查催办单",
    Level.PRESS: "督查督办单",
    Level.INVESTIGATE: "督查查办通知单",
}
PERIODS = {"week": "周", "month": "月", "quarter": "季度"}


def _document() -> Any:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "仿宋_GB2312"
    style.font.size = Pt(14)
    return document


def _heading(document: Any, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(22)


def _save(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def reminder_docx(reminder: Reminder) -> tuple[bytes, str]:
    """The printed notice of one reminder, with the item's particulars and to whom it went."""
    item = reminder.item
    title = FORM_TITLES[Level(reminder.level)]
    document = _document()
    if item.secrecy_marking:
        document.add_paragraph(item.secrecy_marking)
    _heading(document, title)
    document.add_paragraph(f"编号：{item.pk}-{reminder.pk}    日期：{reminder.issued_at:%Y年%m月%d日}")
    co_units = "、".join(link.unit.name for link in item.unit_links.filter(role="co").select_related("unit"))
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in [
        ("事项", item.title),
        ("来源", item.get_source_display()),
        ("牵头单位", item.lead_unit.name if item.lead_unit else ""),
        ("配合单位", co_units or "无"),
        ("责任领导", item.leader.name if item.leader else ""),
        ("交办日期", f"{item.assigned_on:%Y年%m月%d日}" if item.assigned_on else ""),
        ("办理时限", f"{item.deadline:%Y年%m月%d日}" if item.deadline else ""),
        ("情况", reminder.note),
        ("送达", "、".join(f"{p['name']}（{p['part']}）" for p in reminder.recipients)),
    ]:
        cells = table.add_row().cells
        cells[0].text = label
        cells[1].text = value
    document.add_paragraph(
        "请接单后抓紧办理，并于3个工作日内将办理进展书面反馈督查室。"
        if reminder.level != Level.INVESTIGATE
        else "该事项经督办仍未按期办结，现予查办，请积极配合调查核实。"
    )
    signature = document.add_paragraph("督查室")
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return _save(document), f"{title}-{item.pk}-{reminder.pk}.docx"


# --- The bulletin --------------------------------------------------------------------------------------


def period_bounds(period: str, day: date) -> tuple[date, date, str]:
    if period == "week":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6), f"{start:%Y年%m月%d日}至{start + timedelta(days=6):%m月%d日}"
    if period == "month":
        start = day.replace(day=1)
        end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return start, end, f"{start.year}年{start.month}月"
    if period == "quarter":
        quarter = (day.month - 1) // 3
        start = date(day.year, quarter * 3 + 1, 1)
        end = (date(day.year + (quarter == 3), (quarter * 3 + 3) % 12 + 1, 1)) - timedelta(days=1)
        return start, end, f"{day.year}年第{'一二三四'[quarter]}季度"
    raise ServiceError(f"未知的通报周期：{period}（可选 week、month、quarter）", code="unknown_period")


@dataclass
class BulletinFigures:
    label: str
    start: date
    end: date
    total: int = 0
    assigned: int = 0
    closed: int = 0
    on_time: int = 0
    overdue: int = 0
    overdue_by_unit: list[tuple[str, int]] = field(default_factory=list)
    praised: list[str] = field(default_factory=list)
    criticised: list[str] = field(default_factory=list)


def bulletin_figures(user: Any, *, period: str, day: date) -> BulletinFigures:
    start, end, label = period_bounds(period, day)
    items = filtered_items(user, LedgerFilter(), day).order_by()
    live = items.filter(Q(assigned_on__lte=end)).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))
    late_at_end = late_on(end)
    totals = live.aggregate(
        total=Count("id"),
        assigned=Count("id", filter=Q(assigned_on__gte=start)),
        closed=Count("id", filter=Q(closed_on__gte=start, closed_on__lte=end)),
        on_time=Count("id", filter=Q(closed_on__gte=start, closed_on__lte=end, closed_on_time=True)),
        overdue=Count("id", filter=late_at_end),
    )
    figures = BulletinFigures(label, start, end, **totals)
    per_unit = (
        live.filter(lead_unit__isnull=False)
        .values("lead_unit__name")
        .annotate(
            late=Count(
                "id", filter=late_at_end | Q(closed_on__gte=start, closed_on__lte=end, closed_on_time=False)
            ),
            done=Count("id", filter=Q(closed_on__gte=start, closed_on__lte=end, closed_on_time=True)),
        )
        .order_by("-late", "lead_unit__name")
    )
    for row in per_unit:
        if row["late"]:
            figures.overdue_by_unit.append((row["lead_unit__name"], row["late"]))
            figures.criticised.append(row["lead_unit__name"])
        elif row["done"]:
            figures.praised.append(row["lead_unit__name"])
    return figures


def bulletin_docx(user: Any, *, period: str, day: date) -> tuple[bytes, str]:
    """督查通报 for the week, month or quarter holding `day`, ready to become an outgoing document."""
    if period not in PERIODS:
        raise ServiceError(f"未知的通报周期：{period}（可选 week、month、quarter）", code="unknown_period")
    f = bulletin_figures(user, period=period, day=day)
    document = _document()
    _heading(document, "督查通报")
    document.add_paragraph(f"（{f.label}）").alignment = WD_ALIGN_PARAGRAPH.CENTER
    rate = f"{100 * f.on_time / f.closed:.1f}%" if f.closed else "—"
    document.add_paragraph(
        f"{f.label}，共跟踪督查事项{f.total}项，其中新交办{f.assigned}项；办结销号{f.closed}项，"
        f"按期办结{f.on_time}项，按期办结率{rate}；截至{f.end:%m月%d日}逾期未办结{f.overdue}项。"
    )
    document.add_paragraph("一、各单位逾期情况")
    if f.overdue_by_unit:
        table = document.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        table.rows[0].cells[0].text = "牵头单位"
        table.rows[0].cells[1].text = "逾期件数"
        for name, count in f.overdue_by_unit:
            cells = table.add_row().cells
            cells[0].text = name
            cells[1].text = str(count)
    else:
        document.add_paragraph("本期无逾期事项。")
    document.add_paragraph("二、通报表扬")
    document.add_paragraph("、".join(f.praised) + "按期办结督查事项，予以通报表扬。" if f.praised else "无。")
    document.add_paragraph("三、通报批评")
    document.add_paragraph(
        "、".join(f.criticised) + "存在督查事项逾期未办结情况，予以通报批评，请限期整改。"
        if f.criticised
        else "无。"
    )
    signature = document.add_paragraph("督查室")
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return _save(document), f"督查通报-{f.label}.docx"
