"""Printable incident reports and timelines (python-docx, in the GB/T 9704 spirit): the title in
方正小标宋简体 二号, the body in 仿宋_GB2312 三号, the heads in 黑体 三号, on A4 with the standard's margins."""

from __future__ import annotations

import io
from datetime import datetime

from django.utils import timezone
from docx import Document
from docx.document import Document as DocumentType
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from zhongshu.core.word import set_font
from zhongshu.duty.incident_reports import report_elements, report_heading
from zhongshu.duty.incidents import TimelineEvent
from zhongshu.duty.models import Incident, IncidentReport, ReportKind

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEAD_FONT = "黑体"
TITLE_SIZE = 22  # 二号
BODY_SIZE = 16  # 三号


def _page() -> DocumentType:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    return document


def _title(document: DocumentType, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(paragraph.add_run(text), TITLE_FONT, TITLE_SIZE)


def _line(document: DocumentType, text: str, *, font: str = BODY_FONT, indent: bool = True) -> None:
    paragraph = document.add_paragraph()
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(BODY_SIZE * 2)
    set_font(paragraph.add_run(text), font, BODY_SIZE)


def _head(document: DocumentType, text: str) -> None:
    _line(document, text, font=HEAD_FONT)


def _when(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y年%m月%d日%H时%M分") if moment else ""


_NUMBERS = "一二三四五六七八九十"


def _numbered(index: int) -> str:
    return f"{_NUMBERS[index] if index < len(_NUMBERS) else index + 1}、"


def report_docx(report: IncidentReport) -> bytes:
    """One report: 关于XX的首报 (续报一, 日报, 终报), the basic facts, then its elements under 黑体 heads."""
    incident = report.incident
    document = _page()
    _title(document, report_heading(report))
    facts = [
        ("报送时间", _when(report.sent_at)),
        ("报送方式", report.get_channel_display()),
        ("报送人", report.sent_by.name),
        ("报送对象", report.sent_to),
    ]
    if report.kind == ReportKind.FIRST:
        facts = [
            ("接报时间", _when(incident.learned_at)),
            ("发生时间", _when(incident.occurred_at)),
            ("发生地点", incident.place),
            (
                "事件类别",
                f"{incident.get_category_display()}{('·' + incident.subtype) if incident.subtype else ''}",
            ),
            ("事件等级", incident.get_severity_display()),
            *facts,
        ]
    for label, value in facts:
        _line(document, f"{label}：{value}")
    for index, (label, text) in enumerate(report_elements(report)):
        _head(document, f"{_numbered(index)}{label}")
        for paragraph in text.splitlines() or [""]:
            if paragraph.strip():
                _line(document, paragraph.strip())
    _line(document, "")
    signature = document.add_paragraph()
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    set_font(signature.add_run(f"{incident.unit.name}值班室"), BODY_FONT, BODY_SIZE)
    dated = document.add_paragraph()
    dated.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    set_font(dated.add_run(timezone.localtime(report.sent_at).strftime("%Y年%m月%d日")), BODY_FONT, BODY_SIZE)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def timeline_docx(incident: Incident, events: list[TimelineEvent]) -> bytes:
    """The timeline: one line per event, a report with its due time and lateness."""
    document = _page()
    _title(document, f"{incident.title}时间线")
    _line(document, f"事件等级：{incident.get_severity_display()}　发生地点：{incident.place}")
    _head(document, "一、时间线")
    for event in events:
        text = f"{_when(event.at)}　{event.text}"
        if event.due_at is not None:
            text += f"（时限{_when(event.due_at)}，"
            text += f"超时{event.late_minutes}分钟）" if event.late_minutes else "按时）"
        if event.detail:
            text += f"　{event.detail}"
        _line(document, text, indent=False)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
