"""An issue of a publication as a DOCX (python-docx) in the layout of a county office's 信息刊物, after GB/T 9704:
A4 with the 公文 margins; the classification mark top left (内部, 秘密★N年); the publication's name large in red
(方正小标宋); 2026年第N期; the 编印单位 left and the date right on one line above a red rule; each entry's
headline (方正小标宋) and body (仿宋_GB2312, 三号, two characters' indent) with the reporting unit; at the foot,
between two rules, the 报：/送：/发： lines and the 印发 line. Fonts as meetings/week_docx.py names them."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from zhongshu.base.levels import Classification, secrecy_marking
from zhongshu.core.word import set_font
from zhongshu.information.models import IssueEntry, PublicationIssue

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEAD_FONT = "黑体"
RED = RGBColor(0xFF, 0x00, 0x00)
RED_HEX = "FF0000"


def _rule(paragraph: Paragraph, *, color: str, size: int, side: str = "bottom") -> None:
    """A line under (or over) the paragraph: the red rule of the masthead, the black rules of the foot."""
    properties = paragraph._p.get_or_add_pPr()
    borders = properties.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        properties.append(borders)
    line = OxmlElement(f"w:{side}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size))
    line.set(qn("w:space"), "1")
    line.set(qn("w:color"), color)
    borders.append(line)


def classification_mark(issue: PublicationIssue) -> str:
    if issue.classification == Classification.INTERNAL:
        return "内部"
    if issue.classification >= Classification.CONFIDENTIAL:
        return secrecy_marking(issue.classification, issue.secrecy_term_years) or "秘密"
    return ""


def _chinese_date(issue: PublicationIssue) -> str:
    day = issue.published_on
    return f"{day.year}年{day.month}月{day.day}日" if day else "（签发后填写）"


def number_line(issue: PublicationIssue) -> str:
    return f"{issue.year}年第{issue.number}期" if issue.number else "（签发后编号）"


def issue_docx(issue: PublicationIssue, entries: list[IssueEntry] | None = None) -> bytes:
    """The issue's DOCX (before sign-off it prints 签发后编号 in place of the number)."""
    publication = issue.publication
    if entries is None:
        entries = list(issue.entries.select_related("item__unit").order_by("position", "id"))
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)

    mark = classification_mark(issue)
    first = document.paragraphs[0] if document.paragraphs else document.add_paragraph()
    set_font(first.add_run(mark or " "), HEAD_FONT, 16)

    name = document.add_paragraph()
    name.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(name.add_run(publication.name), TITLE_FONT, 48, color=RED)

    number = document.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(number.add_run(number_line(issue)), BODY_FONT, 16)

    masthead = document.add_paragraph()
    masthead.paragraph_format.tab_stops.add_tab_stop(Mm(156), WD_TAB_ALIGNMENT.RIGHT)
    set_font(masthead.add_run(f"{publication.editing_unit}\t{_chinese_date(issue)}"), BODY_FONT, 14)
    _rule(masthead, color=RED_HEX, size=18)

    if issue.title:
        heading = document.add_paragraph()
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_font(heading.add_run(issue.title), HEAD_FONT, 16)

    for entry in entries:
        headline = document.add_paragraph()
        headline.alignment = WD_ALIGN_PARAGRAPH.CENTER
        headline.paragraph_format.space_before = Pt(12)
        set_font(headline.add_run(entry.headline), TITLE_FONT, 18)
        for line in entry.body.splitlines():
            if not line.strip():
                continue
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.first_line_indent = Pt(32)
            set_font(paragraph.add_run(line.strip()), BODY_FONT, 16)
        source = document.add_paragraph()
        source.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        set_font(source.add_run(f"（{entry.item.unit.name}）"), BODY_FONT, 14)

    document.add_paragraph()
    foot_lines = [
        (label, text)
        for label, text in (
            ("报", publication.report_to),
            ("送", publication.send_to),
            ("发", publication.issue_to),
        )
        if text
    ]
    first_foot = True
    for label, text in foot_lines:
        paragraph = document.add_paragraph()
        if first_foot:
            _rule(paragraph, color="000000", size=6, side="top")
            first_foot = False
        set_font(paragraph.add_run(f"{label}：{text}"), BODY_FONT, 14)
    printed = document.add_paragraph()
    printed.paragraph_format.tab_stops.add_tab_stop(Mm(156), WD_TAB_ALIGNMENT.RIGHT)
    if first_foot:
        _rule(printed, color="000000", size=6, side="top")
    _rule(printed, color="000000", size=6)
    set_font(printed.add_run(f"{publication.editing_unit}\t{_chinese_date(issue)}印发"), BODY_FONT, 14)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_name(issue: PublicationIssue) -> str:
    return f"{issue.publication.name}{number_line(issue)}.docx"
