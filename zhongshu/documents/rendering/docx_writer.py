"""GB/T 9704-2012 as WordprocessingML: `render_docx(layout)` writes the DOCX of a Party or government document.

The layout runs on exact line heights of one grid line (28.95 pt) wherever the standard counts lines, so
Word and LibreOffice place every element where the standard says: 22 lines of 28 characters, the 发文机关标志
35 mm below the top of the text block, the red line 4 mm below the 发文字号, the 版记 at the foot of the
last (even) page, page numbers 7 mm below the text block on the outer side.
"""

from __future__ import annotations

import copy
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache

import docx
from docx.enum.section import WD_SECTION
from docx.oxml.ns import qn
from lxml import etree

from zhongshu.documents.rendering import geometry as g
from zhongshu.documents.rendering.fonts import (
    FANGSONG,
    HEITI,
    KAITI,
    SONGTI,
    XIAOBIAOSONG,
    split_by_coverage,
)
from zhongshu.documents.rendering.layout import DocumentLayout
from zhongshu.documents.rendering.text import (
    body_paragraphs,
    chinese_date,
    title_lines,
    width_in_chars,
)

HEADING_FONTS = {0: FANGSONG, 1: HEITI, 2: KAITI, 3: FANGSONG, 4: FANGSONG}
TITLE_LINE = 700  # 35 pt: the 固定值 most offices use for a 2号 title


@dataclass(frozen=True)
class Run:
    text: str
    font: str = FANGSONG
    size: float = g.SIZE_3HAO
    color: str = ""
    field: str = ""  # a field code (PAGE) instead of text
    condense: int = 0  # twips taken off each character's advance


def _el(tag: str, parent: etree._Element | None = None, **attrs: str | int) -> etree._Element:
    element = etree.Element(qn(tag)) if parent is None else etree.SubElement(parent, qn(tag))
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), str(value))
    return element


def _run_elements(run: Run) -> Iterable[etree._Element]:
    pieces = [(run.text, run.font)] if run.field else split_by_coverage(run.text, run.font)
    for text, font in pieces:
        r = _el("w:r")
        rpr = _el("w:rPr", r)
        _el("w:rFonts", rpr, ascii=font, hAnsi=font, eastAsia=font, cs=font, hint="eastAsia")
        if run.color:
            _el("w:color", rpr, val=run.color)
        if run.condense:
            _el("w:spacing", rpr, val=-run.condense)
        half_points = round(run.size * 2)
        _el("w:sz", rpr, val=half_points)
        _el("w:szCs", rpr, val=half_points)
        if run.field:
            yield from _field(r, rpr, run.field)
            continue
        for i, part in enumerate(text.split("\t")):
            if i:
                _el("w:tab", r)
            if part:
                t = _el("w:t", r)
                t.text = part
                if part != part.strip():
                    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        yield r


def _field(r: etree._Element, rpr: etree._Element, code: str) -> Iterable[etree._Element]:
    for kind in ("begin", "code", "separate", "result", "end"):
        piece = copy.deepcopy(r)
        if kind == "code":
            instr = _el("w:instrText", piece)
            instr.text = f" {code} "
            instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        elif kind == "result":
            _el("w:t", piece).text = "1"
        else:
            _el("w:fldChar", piece, fldCharType=kind)
        yield piece


def paragraph(
    runs: Sequence[Run] = (),
    *,
    align: str = "",
    line: int = g.LINE,
    before: int = 0,
    first_line: int = 0,
    left: int = 0,
    right: int = 0,
    hanging: int = 0,
    grid: bool = True,
    page_break_before: bool = False,
    bottom_border: tuple[int, int, str] | None = None,
    right_tab: int | None = None,
    keep_next: bool = False,
) -> etree._Element:
    """One w:p. `line` is an exact line height in twips; `grid` False frees large type from the character
    grid (Word and LibreOffice would otherwise stretch it over two grid lines)."""
    p = _el("w:p")
    ppr = _el("w:pPr", p)
    if keep_next:
        _el("w:keepNext", ppr)
    if page_break_before:
        _el("w:pageBreakBefore", ppr)
    if bottom_border:
        size, space, color = bottom_border
        borders = _el("w:pBdr", ppr)
        _el("w:bottom", borders, val="single", sz=size, space=space, color=color)
    if right_tab is not None:
        tabs = _el("w:tabs", ppr)
        _el("w:tab", tabs, val="right", pos=right_tab)
    if not grid:
        _el("w:snapToGrid", ppr, val=0)
    _el("w:spacing", ppr, before=before, after=0, line=line, lineRule="exact")
    ind: dict[str, int] = {}
    if left:
        ind["left"] = left
    if right:
        ind["right"] = right
    if hanging:
        ind["hanging"] = hanging
    elif first_line:
        ind["firstLine"] = first_line
    if ind:
        _el("w:ind", ppr, **ind)
    if align:
        _el("w:jc", ppr, val=align)
    for run in runs:
        if grid and not run.condense and run.size * 20 > GRID_ADVANCE:
            run = replace(run, condense=round(run.size * 20) - GRID_ADVANCE)
        p.extend(_run_elements(run))
    return p


# LibreOffice gives a character wider than the grid's pitch (15.79 pt) two cells where Word squeezes it into
# one; 3号 type condensed by a quarter point fits one cell in both, so both set 28 characters a line.
GRID_ADVANCE = 315


def _keep_with_next(p: etree._Element) -> None:
    ppr = p.find(qn("w:pPr"))
    if ppr is not None and ppr.find(qn("w:keepNext")) is None:
        ppr.insert(0, _el("w:keepNext"))


def blank(lines: int = 1) -> list[etree._Element]:
    return [paragraph() for _ in range(lines)]


def _flag_size(text: str) -> float:
    """The 发文机关标志's size in points: at most 15 mm a character (the old standard's limit, still the
    custom) and never wider than 96 % of the text block; in half points."""
    per_char_mm = min(15.0, g.TEXT_WIDTH_MM * 0.96 / max(width_in_chars(text), 1))
    return math.floor(per_char_mm / 25.4 * 72 * 2) / 2


def _header(layout: DocumentLayout) -> list[etree._Element]:
    """份号, 密级★期限, 紧急程度 (one line each, from line 1), then the 发文机关标志 at 35 mm."""
    out = []
    if layout.copy_number:
        out.append(paragraph([Run(layout.copy_number, FANGSONG)]))
    if layout.secrecy:
        out.append(paragraph([Run(layout.secrecy, HEITI)]))
    if layout.urgency:
        out.append(paragraph([Run(layout.urgency, HEITI)]))
    if layout.issuer_mark:
        size = _flag_size(layout.issuer_mark)
        flag_line = round(size * 20 * FLAG_LINE_EM)
        before = g.mm(g.FLAG_TOP_MM) - len(out) * g.LINE - round(FLAG_GLYPH_INSET_EM * size * 20)
        out.append(
            paragraph(
                [Run(layout.issuer_mark, XIAOBIAOSONG, size, g.RED)],
                align="center",
                line=flag_line,
                before=before,
                grid=False,
            )
        )
        out.extend(blank(2))  # the 发文字号 two lines below the flag
    return out


# The red rule's distance (pt) below the 发文字号's line box: the number's characters end about 1.3 mm above
# the foot of their exact 28.95 pt line, so 8 pt more puts the rule 4 mm below them (measured on the PDF).
RED_LINE_SPACE_PT = 8
# The flag's characters start about 0.11 em below the top of their line: the line starts that much higher.
FLAG_GLYPH_INSET_EM = 0.11
FLAG_LINE_EM = 1.2


def _header_lines(layout: DocumentLayout) -> int:
    return sum(1 for value in (layout.copy_number, layout.secrecy, layout.urgency) if value)


def _number_lines(layout: DocumentLayout) -> int:
    """The lines between the flag's two blank lines and the red line (0: no red line)."""
    if layout.minutes:
        return len(_minutes_number_lines(layout))
    if not layout.doc_number and not layout.signers:
        return 0
    return max(1, math.ceil(len(layout.signers) / 2)) if layout.upward else 1


def _minutes_number_lines(layout: DocumentLayout) -> list[tuple[Run, str, int | None]]:
    """A 纪要's lines above the red line: its number centred (when it has one), then the organ one character
    in from the left and the date one character in from the right, in place of a 署名 block."""
    lines: list[tuple[Run, str, int | None]] = []  # (text, alignment, right tab)
    if layout.doc_number:
        lines.append((Run(layout.doc_number), "center", None))
    organ = "、".join(layout.signature)
    date_text = chinese_date(layout.date_of_writing) if layout.date_of_writing else ""
    if organ or date_text:
        lines.append((Run(f"\u3000{organ}\t{date_text}"), "", g.TEXT_WIDTH - g.CHAR))
    return lines


def red_line_position_mm(layout: DocumentLayout) -> float | None:
    """Where the middle of the red separator line should fall, in mm from the top of the page (None when the
    document has no flag): the exact line heights of the header added up."""
    if not layout.issuer_mark or not _number_lines(layout):
        return None
    size = _flag_size(layout.issuer_mark)
    twips = (
        g.TOP
        + g.mm(g.FLAG_TOP_MM)
        - round(FLAG_GLYPH_INSET_EM * size * 20)
        + round(size * 20 * FLAG_LINE_EM)
        + 2 * g.LINE
        + _number_lines(layout) * g.LINE
        + RED_LINE_SPACE_PT * 20
        + g.RED_LINE_EIGHTHS_PT * 20 / 8 / 2
    )
    return twips / g.TWIPS_PER_MM


def _number_block(layout: DocumentLayout) -> list[etree._Element]:
    if not _number_lines(layout):
        return []
    border = (g.RED_LINE_EIGHTHS_PT, RED_LINE_SPACE_PT, g.RED) if layout.issuer_mark else None
    if layout.minutes:
        lines = _minutes_number_lines(layout)
        return [
            paragraph(
                [run],
                align=align,
                right_tab=right_tab,
                bottom_border=border if i == len(lines) - 1 else None,
                grid=False,
            )
            for i, (run, align, right_tab) in enumerate(lines)
        ]
    if not layout.upward:
        return [paragraph([Run(layout.doc_number)], align="center", bottom_border=border, grid=False)]
    # 上行文: number on the left and 签发人 on the right, each one character in; two names a line, the
    # number on the line of the last names (GB/T 9704-2012 7.2.4).
    names = list(layout.signers)
    rows = [names[i : i + 2] for i in range(0, len(names), 2)]
    out = []
    for index, row in enumerate(rows):
        last = index == len(rows) - 1
        label = "签发人：" if index == 0 else "\u3000" * 4
        # The indents are full-width spaces and a tab stop, not paragraph indents, which would shorten the
        # red line drawn as this paragraph's border.
        runs = [Run("\u3000" + layout.doc_number + "\t")] if last else [Run("\t")]
        names_text = "\u3000".join(row)
        if len(row) == 1 and index:
            # A lone name on the last line stands under the first name of the line above.
            names_text += "\u3000" * (1 + round(width_in_chars(rows[0][1])))
        runs += [Run(label), Run(names_text, KAITI)]
        out.append(
            paragraph(
                runs,
                right_tab=g.TEXT_WIDTH - g.CHAR,
                bottom_border=border if last else None,
                grid=False,
            )
        )
    return out


def _title(text: str, *, before: int) -> etree._Element:
    lines = title_lines(text, int(g.TEXT_WIDTH_MM / (g.SIZE_2HAO * 25.4 / 72)))
    runs = [Run(line if i == 0 else "\n" + line, XIAOBIAOSONG, g.SIZE_2HAO) for i, line in enumerate(lines)]
    p = paragraph([], align="center", line=TITLE_LINE, before=before, grid=False)
    for run in runs:
        for i, part in enumerate(run.text.split("\n")):
            if i:
                # the break carries the title's size, or Word would size the line by the default font
                br_run = copy.deepcopy(p.findall(qn("w:r"))[-1])
                for child in list(br_run):
                    if child.tag != qn("w:rPr"):
                        br_run.remove(child)
                _el("w:br", br_run)
                p.append(br_run)
            if part:
                p.extend(_run_elements(Run(part, run.font, run.size)))
    return p


def _body(text: str) -> list[etree._Element]:
    out = []
    for para in body_paragraphs(text):
        runs = []
        if para.heading:
            runs.append(Run(para.heading, HEADING_FONTS[para.level]))
        if para.rest:
            runs.append(Run(para.rest, FANGSONG))
        # A heading standing alone never ends a page.
        out.append(
            paragraph(runs, align="both", first_line=2 * g.CHAR, keep_next=bool(para.level and not para.rest))
        )
    return out


def _attachment_note(names: Sequence[str]) -> list[etree._Element]:
    """附件：1.名称 — one blank line below the body, two characters in; later names under the first."""
    if not names:
        return []
    out = blank(1)
    if len(names) == 1:
        out.append(paragraph([Run(f"附件：{names[0]}")], left=5 * g.CHAR, hanging=3 * g.CHAR))
        return out
    for i, name in enumerate(names, start=1):
        # Wrapped lines align with the name, after "1." (one character wide).
        label, hanging = ("附件：", 4) if i == 1 else ("", 1)
        out.append(paragraph([Run(f"{label}{i}.{name}")], left=6 * g.CHAR, hanging=hanging * g.CHAR))
    return out


def _signature(layout: DocumentLayout) -> list[etree._Element]:
    """发文机关署名 and 成文日期 (GB/T 9704-2012 7.3.5): with a seal the date is four characters from the right
    and each name centred over it, the seal pressing on both; without, the names two characters from the
    right and the date two characters further right than the names begin."""
    if layout.minutes or (not layout.signature and layout.date_of_writing is None):
        return []  # a 纪要's organ and date stand above its red line
    date_text = chinese_date(layout.date_of_writing) if layout.date_of_writing else ""
    date_w = width_in_chars(date_text)
    names = list(layout.signature)
    out: list[etree._Element] = []
    if layout.seal:
        out.extend(blank(2))  # the seal's top within a line of the text; names and date below its centre
        date_right = 4.0
        for name in names:
            right = date_right + (date_w - width_in_chars(name)) / 2
            out.append(paragraph([Run(name)], align="right", right=round(right * g.CHAR)))
    else:
        out.extend(blank(1))
        widest = max((width_in_chars(n) for n in names), default=0.0)
        if date_w + 2 > widest:
            date_right = 2.0
            names_right = 2.0 + date_w + 2 - widest
        else:
            names_right = 2.0
            date_right = 2.0 + widest - 2 - date_w
        for name in names:
            right = names_right + widest - width_in_chars(name)
            out.append(paragraph([Run(name)], align="right", right=round(right * g.CHAR)))
    if date_text:
        out.append(paragraph([Run(date_text)], align="right", right=round(date_right * g.CHAR)))
    return out


def _minutes_lists(layout: DocumentLayout) -> list[etree._Element]:
    """出席, 请假, 列席 (GB/T 9704-2012 10.3): one blank line below the body or the 附件说明, each list on its own
    line two characters in, the label in 3号黑体 with a full-width colon, the names in 3号仿宋, wrapped lines
    aligned to the first name after the colon."""
    if not layout.minutes:
        return []
    lists = [
        (label, names)
        for label, names in (
            ("出席", layout.minutes_present),
            ("请假", layout.minutes_absent),
            ("列席", layout.minutes_attending),
        )
        if names
    ]
    if not lists:
        return []
    out = blank(1)
    for label, names in lists:
        runs = [Run(f"{label}：", HEITI), Run("、".join(names), FANGSONG)]
        out.append(paragraph(runs, align="both", left=5 * g.CHAR, hanging=3 * g.CHAR))
    return out


def _note(text: str) -> list[etree._Element]:
    if not text:
        return []
    if not text.startswith("（"):
        text = f"（{text}）"
    return [paragraph([Run(text)], first_line=2 * g.CHAR, align="both")]


def _attachments(layout: DocumentLayout) -> list[etree._Element]:
    """Each 附件 from a new page: 附件N in 3号 黑体 on the first line, its title centred on the third."""
    out = []
    many = len(layout.attachments) > 1
    for i, (title, body) in enumerate(layout.attachments, start=1):
        out.append(paragraph([Run(f"附件{i}" if many else "附件", HEITI)], page_break_before=True))
        out.append(_title(title, before=g.LINE))
        out.extend(blank(1))
        out.extend(_body(body))
    return out


def _imprint(layout: DocumentLayout) -> list[etree._Element]:
    """版记 at the foot of the page: full-width rules, the first and last 0.35 mm, those between 0.25 mm;
    抄送 in 4号 仿宋 one character in, 印发机关 left and 印发日期 right, one character in each."""
    rows: list[list[etree._Element]] = []
    one = round(g.SIZE_4HAO * 20)  # one 4号 character
    row_lines = []
    if layout.cc_recipients:
        cc = layout.cc_recipients.rstrip("。；;，,")
        text = f"抄送：{cc}。"
        per_line = (g.TEXT_WIDTH - 2 * one) // g.CHAR  # the grid may widen 4号 type to the 3号 pitch
        row_lines.append(max(1, math.ceil((width_in_chars(text) + 0.5) / per_line)))
        rows.append(
            [paragraph([Run(text, size=g.SIZE_4HAO)], left=4 * one, hanging=3 * one, right=one, align="both")]
        )
    if layout.printing_office or layout.print_date:
        printed = f"{chinese_date(layout.print_date)}印发" if layout.print_date else ""
        rows.append(
            [
                paragraph(
                    [Run(f"{layout.printing_office}\t{printed}", size=g.SIZE_4HAO)],
                    left=one,
                    right=one,
                    right_tab=g.TEXT_WIDTH - one,
                )
            ]
        )
        row_lines.append(1)
    if not rows:
        return []
    table = _el("w:tbl")
    tpr = _el("w:tblPr", table)
    _el("w:tblW", tpr, w=g.TEXT_WIDTH, type="dxa")
    _el("w:tblInd", tpr, w=0, type="dxa")
    borders = _el("w:tblBorders", tpr)
    _el("w:top", borders, val="single", sz=g.IMPRINT_OUTER_EIGHTHS_PT, space=0, color="000000")
    _el("w:left", borders, val="nil")
    _el("w:bottom", borders, val="single", sz=g.IMPRINT_OUTER_EIGHTHS_PT, space=0, color="000000")
    _el("w:right", borders, val="nil")
    _el("w:insideH", borders, val="single", sz=g.IMPRINT_INNER_EIGHTHS_PT, space=0, color="000000")
    _el("w:insideV", borders, val="nil")
    _el("w:tblLayout", tpr, type="fixed")
    margins = _el("w:tblCellMar", tpr)
    for side in ("top", "left", "bottom", "right"):
        _el(f"w:{side}", margins, w=0, type="dxa")
    grid = _el("w:tblGrid", table)
    _el("w:gridCol", grid, w=g.TEXT_WIDTH)
    for cell_paragraphs in rows:
        tr = _el("w:tr", table)
        tc = _el("w:tc", tr)
        tcpr = _el("w:tcPr", tc)
        _el("w:tcW", tcpr, w=g.TEXT_WIDTH, type="dxa")
        tc.extend(cell_paragraphs)
    # Push the table to the foot of the page: the rest of the text block, less a little for the rules.
    used = sum(row_lines) * g.LINE + 3 * 20
    spacer = paragraph(line=max(g.LINE, g.TEXT_HEIGHT - used - 40), grid=False)
    return [spacer, table, paragraph(line=20, grid=False)]


def _footer_paragraph(*, odd: bool) -> list[etree._Element]:
    """4号 宋体 "— N —", odd pages right and even pages left, one character in."""
    runs = [
        Run("— ", SONGTI, g.SIZE_4HAO),
        Run("", SONGTI, g.SIZE_4HAO, field="PAGE"),
        Run(" —", SONGTI, g.SIZE_4HAO),
    ]
    one = round(g.SIZE_4HAO * 20)
    if odd:
        return [paragraph(runs, align="right", right=one, line=FOOTER_LINE, grid=False)]
    return [paragraph(runs, align="left", left=one, line=FOOTER_LINE, grid=False)]


FOOTER_LINE = round(g.SIZE_4HAO * 20)
# The footer's foot above the page's foot, so the dashes (mid-line) fall 7 mm below the text block.
FOOTER_DISTANCE = g.mm(g.BOTTOM_MM - g.PAGE_NUMBER_BELOW_TEXT_MM) - FOOTER_LINE // 2


def _set_section(sect_pr: etree._Element) -> None:
    for child in list(sect_pr):
        if child.tag in (qn("w:pgSz"), qn("w:pgMar"), qn("w:cols"), qn("w:docGrid")):
            sect_pr.remove(child)
    _el("w:pgSz", sect_pr, w=g.PAGE_WIDTH, h=g.PAGE_HEIGHT)
    _el(
        "w:pgMar",
        sect_pr,
        top=g.TOP,
        right=g.RIGHT,
        bottom=g.BOTTOM,
        left=g.LEFT,
        header=g.mm(15),
        footer=FOOTER_DISTANCE,
        gutter=0,
    )
    _el("w:cols", sect_pr, space=425)
    _el("w:docGrid", sect_pr, type="linesAndChars", linePitch=g.LINE, charSpace=g.CHAR_SPACE)


def _fill_part(part_element: etree._Element, paragraphs: list[etree._Element]) -> None:
    for child in list(part_element):
        part_element.remove(child)
    part_element.extend(paragraphs)


@cache
def _template() -> bytes:
    """python-docx's default package with the styles trimmed to what a 公文 uses, read once."""
    document = docx.Document()
    styles = document.styles.element
    keep = {"Normal", "DefaultParagraphFont", "TableNormal"}
    for child in list(styles):
        unused_style = child.tag == qn("w:style") and child.get(qn("w:styleId")) not in keep
        if child.tag == qn("w:latentStyles") or unused_style:
            styles.remove(child)
    defaults = styles.find(qn("w:docDefaults"))
    for child in list(defaults):
        defaults.remove(child)
    rpr = _el("w:rPr", _el("w:rPrDefault", defaults))
    _el("w:rFonts", rpr, ascii=FANGSONG, hAnsi=FANGSONG, eastAsia=FANGSONG, cs=FANGSONG)
    _el("w:kern", rpr, val=0)
    _el("w:sz", rpr, val=g.BODY_PT * 2)
    _el("w:szCs", rpr, val=g.BODY_PT * 2)
    _el("w:lang", rpr, val="en-US", eastAsia="zh-CN", bidi="ar-SA")
    ppr = _el("w:pPr", _el("w:pPrDefault", defaults))
    _el("w:widowControl", ppr, val=0)
    _el("w:spacing", ppr, after=0, line=g.LINE, lineRule="exact")
    _el("w:jc", ppr, val="both")
    # LibreOffice sizes its character grid from the Normal style's Asian font size, not the defaults.
    normal = styles.find(qn("w:style") + f"[@{qn('w:styleId')}='Normal']")
    for child in list(normal):
        if child.tag == qn("w:rPr"):
            normal.remove(child)
    normal_rpr = _el("w:rPr", normal)
    _el("w:rFonts", normal_rpr, ascii=FANGSONG, hAnsi=FANGSONG, eastAsia=FANGSONG, cs=FANGSONG)
    _el("w:sz", normal_rpr, val=g.BODY_PT * 2)
    _el("w:szCs", normal_rpr, val=g.BODY_PT * 2)
    document.settings.odd_and_even_pages_header_footer = True
    settings = document.settings.element
    rsids = settings.find(qn("w:rsids"))
    if rsids is not None:
        settings.remove(rsids)
    for paragraph_element in list(document.element.body):
        if paragraph_element.tag == qn("w:p"):
            document.element.body.remove(paragraph_element)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render_docx(layout: DocumentLayout) -> bytes:
    """The DOCX of `layout`, laid out by GB/T 9704-2012."""
    document = docx.Document(io.BytesIO(_template()))
    body = document.element.body
    sect_pr = body.find(qn("w:sectPr"))
    _set_section(sect_pr)

    elements: list[etree._Element] = []
    elements += _header(layout)
    elements += _number_block(layout)
    if layout.title:
        elements.append(_title(layout.title, before=2 * g.LINE))
    elif layout.minutes and elements:
        elements += blank(1)  # a 纪要 without a title: its text one line below the red line
    if layout.primary_recipients:
        recipients = layout.primary_recipients.rstrip(":：") + "："
        elements += blank(1)
        elements.append(paragraph([Run(recipients)], align="both"))
    elements += _body(layout.body)
    closing = _attachment_note(layout.attachment_notes) + _minutes_lists(layout) + _signature(layout)
    if closing:
        # 署名 and 成文日期 stay on a page with text of the body (GB/T 9704-2012 7.3.5.4: never a page
        # "此页无正文"): the last body paragraph and the closing lines keep together.
        for element in elements[-1:] + closing[:-1]:
            _keep_with_next(element)
    elements += closing
    elements += _note(layout.note)
    elements += _attachments(layout)
    if not elements:
        elements = blank(1)
    for element in elements:
        sect_pr.addprevious(element)

    section = document.sections[0]
    section.footer.is_linked_to_previous = False
    _fill_part(section.footer._element, _footer_paragraph(odd=True))
    section.even_page_footer.is_linked_to_previous = False
    _fill_part(section.even_page_footer._element, _footer_paragraph(odd=False))

    imprint = _imprint(layout)
    if imprint:
        # The 版记 closes the document on an even page (the back of the last sheet) that carries no number:
        # a last section. The first section's properties move into its last paragraph, as Word keeps them.
        first = copy.deepcopy(sect_pr)
        if elements[-1].tag != qn("w:p"):
            elements.append(paragraph())
            sect_pr.addprevious(elements[-1])
        elements[-1].find(qn("w:pPr")).append(first)
        for reference in sect_pr.findall(qn("w:footerReference")):
            sect_pr.remove(reference)
        last = document.sections[1]
        last.start_type = WD_SECTION.EVEN_PAGE
        for footer in (last.footer, last.even_page_footer):
            footer.is_linked_to_previous = False
            _fill_part(footer._element, [paragraph(line=FOOTER_LINE)])
        for element in imprint:
            sect_pr.addprevious(element)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
