"""年度保密自查自评报告: a round's self-assessment as a DOCX in the GB/T 9704 spirit (A4, standard margins, the
title in 方正小标宋简体 二号, the body in 仿宋_GB2312 三号 on 28-point lines with two characters' indent, the
first-level heads in 黑体): who took part and their scores, the findings by area, how their 整改 stands (read from
the items made from them through `access.links`, as the reader may see them), and a table of the participants.
Only the secrecy office draws it; the export is audited."""

from __future__ import annotations

import io
from collections import Counter
from datetime import date, datetime

from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from zhongshu.access.links import made_from_each
from zhongshu.accounts.actors import Actor
from zhongshu.audit.services import audit_record
from zhongshu.core.errors import Forbidden
from zhongshu.core.word import set_font
from zhongshu.secrecy.inspection import EMPTY_SCORE, scores_of
from zhongshu.secrecy.models_inspection import (
    FillingState,
    InspectionAnswer,
    InspectionRound,
    RiskArea,
    Verdict,
)
from zhongshu.secrecy.roles import keeps_ledger

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEAD_FONT = "黑体"
TITLE_SIZE = 22  # 二号
BODY_SIZE = 16  # 三号
TABLE_SIZE = 12  # 小四
TABLE_HEADER = ("序号", "单位（部门）", "状态", "得分", "不符合项", "已转整改")


def report_title(inspection_round: InspectionRound) -> str:
    return f"{inspection_round.year}年度保密自查自评报告"


def _line(paragraph: Paragraph, *, indent: bool = True) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(2 * BODY_SIZE)


def _body(document: object, text: str, *, font: str = BODY_FONT, indent: bool = True) -> Paragraph:
    paragraph: Paragraph = document.add_paragraph()  # type: ignore[attr-defined]
    _line(paragraph, indent=indent)
    set_font(paragraph.add_run(text), font, BODY_SIZE)
    return paragraph


def _cell(cell: object, text: str, *, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]  # type: ignore[attr-defined]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(paragraph.add_run(text), BODY_FONT, TABLE_SIZE, bold=bold)


def inspection_report_docx(
    *, inspection_round: InspectionRound, by: Actor, now: datetime | None = None
) -> bytes:
    """The report for `by` (the secrecy office): the 整改 progress lists the items made that `by` may see."""
    if not keeps_ledger(by):
        raise Forbidden("只有保密办可以导出自查自评报告", code="not_allowed")
    issued: date = timezone.localdate(now or timezone.now())
    fillings = list(
        inspection_round.fillings.select_related("unit", "department").order_by("unit__name", "pk")
    )
    scores = scores_of(fillings)
    submitted = [filling for filling in fillings if filling.state != FillingState.DRAFT]
    waiting = [filling for filling in fillings if filling.state == FillingState.DRAFT]
    findings = list(
        InspectionAnswer.objects.filter(filling__in=submitted, verdict=Verdict.UNMET)
        .select_related("item", "filling__unit", "filling__department")
        .order_by("item__position", "filling__unit__name")
    )
    links = made_from_each(findings, by)
    states: Counter[str] = Counter()
    for finding in findings:
        for link in links.get(finding.pk, []):
            states[link.state or "已转办"] += 1
    rectified = sum(1 for finding in findings if finding.rectified_at is not None)

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(BODY_SIZE * 1.5)
    set_font(title.add_run(report_title(inspection_round)), TITLE_FONT, TITLE_SIZE)

    values = [scores.get(f.pk, EMPTY_SCORE).value for f in submitted]
    scored = [value for value in values if value is not None]
    average = f"{sum(scored) / len(scored):.1f}" if scored else "—"
    _body(
        document,
        f"根据保密工作要求，县委保密办组织开展了{inspection_round.title}，对照《{inspection_round.checklist.title}》"
        f"（共{inspection_round.checklist.items.count()}项）逐项自查。现将自查自评情况报告如下：",
    )
    _body(document, "一、自查基本情况", font=HEAD_FONT)
    waiting_text = (
        f"尚有{len(waiting)}个单位（部门）未提交：{'、'.join(f.participant_name for f in waiting)}。"
        if waiting
        else "全部按要求提交。"
    )
    _body(
        document,
        f"本次自查共{len(fillings)}个单位（部门）参加，截至{issued.year}年{issued.month}月{issued.day}日，"
        f"已提交{len(submitted)}个，{waiting_text}已提交单位平均得分{average}分。",
    )
    _body(document, "二、发现的问题", font=HEAD_FONT)
    if findings:
        by_area: dict[str, list[InspectionAnswer]] = {}
        for finding in findings:
            by_area.setdefault(finding.item.area, []).append(finding)
        _body(document, f"自查共发现问题{len(findings)}个，按领域分列如下：")
        found_areas = [area for area in RiskArea if area.value in by_area]
        for number, area in enumerate(found_areas, start=1):
            rows = by_area[area.value]
            _body(document, f"（{_chinese(number)}）{area.label}（{len(rows)}个）")
            for row in rows:
                _body(document, f"{row.filling.participant_name}：{row.finding}")
    else:
        _body(document, "已提交单位自查未发现不符合项。")
    _body(document, "三、整改落实情况", font=HEAD_FONT)
    if findings:
        progress = "，".join(f"{state}{count}个" for state, count in sorted(states.items()))
        _body(
            document,
            f"发现的{len(findings)}个问题中，{rectified}个已转为整改事项交督查督办跟踪落实"
            + (f"（{progress}）" if progress else "")
            + f"，{len(findings) - rectified}个尚待转办。",
        )
    else:
        _body(document, "无需整改。")
    _body(document, "四、各单位自查得分", font=HEAD_FONT)
    table = document.add_table(rows=1, cols=len(TABLE_HEADER))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, TABLE_HEADER, strict=True):
        _cell(cell, text, bold=True)
    found_by_filling = Counter(finding.filling_id for finding in findings)
    rectified_by_filling = Counter(f.filling_id for f in findings if f.rectified_at is not None)
    for number, filling in enumerate(fillings, start=1):
        score = scores.get(filling.pk, EMPTY_SCORE)
        done = filling.state != FillingState.DRAFT
        cells = table.add_row().cells
        for cell, text in zip(
            cells,
            (
                str(number),
                filling.participant_name,
                filling.get_state_display(),
                score.shown if done else "—",
                str(found_by_filling[filling.pk]) if done else "—",
                str(rectified_by_filling[filling.pk]) if done else "—",
            ),
            strict=True,
        ):
            _cell(cell, text)
    document.add_paragraph()
    for text in ("县委保密办", f"{issued.year}年{issued.month}月{issued.day}日"):
        paragraph = _body(document, text, indent=False)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.right_indent = Pt(4 * BODY_SIZE)
    out = io.BytesIO()
    document.save(out)
    audit_record(actor=by, action="secrecy.inspection.report", target=inspection_round)
    return out.getvalue()


def _chinese(number: int) -> str:
    return "一二三四五六七八九十"[number - 1] if 1 <= number <= 10 else str(number)
