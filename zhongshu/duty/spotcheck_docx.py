"""The period's 通报 of the spot checks as a DOCX in the GB/T 9704 spirit: A4 with the standard margins, the
title in 方正小标宋简体 (二号), the body in 仿宋_GB2312 (三号, 28-point lines, two characters' indent), the
first-level heads (一、二、三、) in 黑体. It names every unit found absent in the period — someone else answered
or nobody did — with the times it was called."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime

from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from zhongshu.accounts.actors import Actor
from zhongshu.audit.services import audit_record
from zhongshu.core.word import set_font
from zhongshu.duty.models import CheckResult, SpotCheck
from zhongshu.duty.spotchecks import Period, UnitResult, absent_checks, require_duty_room, results, totals

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEAD_FONT = "黑体"
TITLE_SIZE = 22  # 二号
BODY_SIZE = 16  # 三号


def bulletin_title(period: Period) -> str:
    return f"关于{period.label}值班抽查情况的通报"


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


def _moment(check: SpotCheck) -> str:
    local = timezone.localtime(check.called_at or check.planned_at)
    return f"{local.month}月{local.day}日{local.hour}时{local.minute:02d}分"


def _finding(check: SpotCheck) -> str:
    if check.result == CheckResult.NO_ANSWER:
        return "无人接听"
    who = f"（{check.answered_by}）" if check.answered_by else ""
    return f"非值班表人员接听{who}"


def _rate(row: UnitResult) -> str:
    return "—" if row.on_roster_rate is None else f"{row.on_roster_rate:g}%"


def bulletin_docx(
    *,
    period: Period,
    issuer: str,
    total: UnitResult,
    units: int,
    absent: Sequence[SpotCheck],
    issued_on: date,
) -> bytes:
    """The 通报: what was checked in the period, the units found absent and when, and what they must do."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(BODY_SIZE * 1.5)
    set_font(title.add_run(bulletin_title(period)), TITLE_FONT, TITLE_SIZE)

    _body(document, "各乡镇，县直各单位：", indent=False)
    _body(
        document,
        f"为强化值班值守，确保重要紧急信息及时报送，{issuer}于{period.label}对各单位值班电话进行了随机抽查。"
        "现将抽查情况通报如下：",
    )
    _body(document, "一、抽查总体情况", font=HEAD_FONT)
    _body(
        document,
        f"本期共抽查{units}个单位{total.checks}次，其中值班表人员在岗接听{total.on_roster}次，"
        f"非值班表人员接听{total.someone_else}次，无人接听{total.no_answer}次，在岗率{_rate(total)}。",
    )
    _body(document, "二、值班脱岗情况", font=HEAD_FONT)
    if absent:
        _body(document, "抽查中发现以下单位值班人员不在岗：")
        for number, check in enumerate(absent, start=1):
            _body(
                document,
                f"{number}. {check.unit.name}：{_moment(check)}拨打{check.phone or '值班电话'}，{_finding(check)}。",
            )
    else:
        _body(document, "本期抽查未发现值班人员不在岗的情况。")
    _body(document, "三、有关要求", font=HEAD_FONT)
    _body(
        document,
        "各单位要严格落实领导带班和24小时值班制度，值班人员须按值班表在岗在位，不得擅离职守、由他人代班。"
        "被通报单位要认真查找原因，于通报印发之日起5个工作日内将整改情况书面报县委办公室。",
    )
    document.add_paragraph()
    for text in (issuer, f"{issued_on.year}年{issued_on.month}月{issued_on.day}日"):
        paragraph = _body(document, text, indent=False)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.right_indent = Pt(4 * BODY_SIZE)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def period_bulletin(*, period: Period, by: Actor, now: datetime | None = None) -> tuple[bytes, str]:
    """The period's 通报 for the duty room (its unit signs it) and its file name; the export is audited."""
    require_duty_room(by)
    rows = results(period)
    person = getattr(by, "person_or_none", None)
    issuer = person.unit.name if person is not None else "县委办公室"
    issued = timezone.localtime(now or timezone.now()).date()
    data = bulletin_docx(
        period=period,
        issuer=issuer,
        total=totals(rows),
        units=len(rows),
        absent=absent_checks(period),
        issued_on=issued,
    )
    audit_record(
        actor=by,
        action="duty.spot_check.bulletin",
        object_type="duty.spotcheck_bulletin",
        object_id=period.code,
    )
    return data, f"{bulletin_title(period)}.docx"
