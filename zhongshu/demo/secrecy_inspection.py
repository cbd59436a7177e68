"""The demo's 保密自查 part, made through the part's services: this year's risk checklist (the standard 21 items)
drawn up by the 保密办 head (xwb_bmb_kz), this year's self-inspection of five units (the first bureaus and towns),
filled by each unit's part-time secrecy administrator (or, none named, its 文书 or leader):

- the first unit submitted with two findings (a classified computer once on the internet, work files sent by
  WeChat), accepted by the 保密办 and both turned into 整改 items by the office director (zhuren) through
  督查督办's 问题清单 — **two findings in 整改**;
- the second submitted with one finding, waiting for the 保密办's review (its to-do) and for 转整改;
- the third and fourth submitted with no finding (one of them reviewed), some items not applicable;
- the last not yet submitted: half filled, its administrator's to-do.

Run again, it adds nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from zhongshu.accounts.models import User
from zhongshu.org.models import Unit
from zhongshu.org.offices import office_unit_ids
from zhongshu.secrecy import inspection
from zhongshu.secrecy.models_inspection import (
    InspectionFilling,
    InspectionRound,
    RiskChecklist,
    Verdict,
)

if TYPE_CHECKING:
    from zhongshu.demo.build import DemoResult

HEAD = "xwb_bmb_kz"
DIRECTOR = "zhuren"
DEADLINE_DAYS = 10

# Per participant in order: the findings (item position → finding), the items not applicable, whether it
# submits, whether the 保密办 accepts it, whether its findings go to 整改.
PLAN: tuple[tuple[dict[int, str], tuple[int, ...], bool, bool, bool], ...] = (
    (
        {
            9: "办公室一台涉密计算机2月曾临时接入互联网下载驱动程序，未及时报告",
            15: "个别干部使用微信工作群传递内部工作文件",
        },
        (),
        True,
        True,
        True,
    ),
    ({8: "年中未组织涉密载体清查清点，台账与实物未核对"}, (18, 19), True, False, False),
    ({}, (18, 19), True, True, False),
    ({}, (21,), True, False, False),
    ({}, (), False, False, False),
)


def _participants() -> list[Unit]:
    office = office_unit_ids()
    return list(Unit.objects.filter(is_active=True).exclude(pk__in=office).order_by("pk")[: len(PLAN)])


def _filler(filling: InspectionFilling) -> Any:
    """Who fills the participant's self-inspection: its named administrator, else its 文书 or leader."""
    for user in User.objects.filter(person__unit_id=filling.unit_id, is_active=True).order_by("pk"):
        if inspection.fills_for(user, filling):
            return user
    return None


def _answers(
    filling: InspectionFilling, findings: dict[int, str], not_applicable: tuple[int, ...], *, half: bool
) -> list[inspection.AnswerIn]:
    given = []
    rows = list(filling.answers.select_related("item").order_by("item__position"))
    for answer in rows[: len(rows) // 2] if half else rows:
        position = answer.item.position
        if position in findings:
            given.append(
                inspection.AnswerIn(answer.item_id, Verdict.UNMET, "现场检查发现", findings[position])
            )
        elif position in not_applicable:
            given.append(inspection.AnswerIn(answer.item_id, Verdict.NOT_APPLICABLE, "本单位无此情形"))
        else:
            given.append(
                inspection.AnswerIn(answer.item_id, Verdict.MET, "已查阅台账和制度文件，现场核查无问题")
            )
    return given


def build_demo_inspection(result: DemoResult) -> None:
    head = User.objects.filter(username=HEAD, is_active=True).first()
    director = User.objects.filter(username=DIRECTOR, is_active=True).first()
    if head is None:
        return
    year = timezone.localdate().year
    checklist = RiskChecklist.objects.filter(year=year).first()
    if checklist is None:
        checklist = inspection.risk_checklist_create(by=head, year=year)
        result.count("risk_checklists")
    title = f"{year}年度保密自查"
    if InspectionRound.objects.filter(year=year, title=title).exists():
        return
    units = _participants()
    if len(units) < 2:
        return
    inspection_round = inspection.inspection_round_open(
        by=head,
        year=year,
        title=title,
        checklist=checklist,
        deadline=timezone.localdate() + timedelta(days=DEADLINE_DAYS),
        participants=inspection.participants_of(units, []),
    )
    result.count("inspection_rounds")
    fillings = list(inspection_round.fillings.select_related("unit").order_by("unit_id"))
    plans = list(PLAN[: len(fillings) - 1]) + [PLAN[-1]]  # the last participant never submits
    for filling, (findings, not_applicable, submits, accepted, rectified) in zip(
        fillings, plans, strict=True
    ):
        filler = _filler(filling)
        if filler is None:
            continue
        filling = inspection.filling_save(
            by=filler,
            filling=filling,
            version=filling.version,
            answers=_answers(filling, findings, not_applicable, half=not submits),
            submit=submits,
        )
        result.count("inspection_submitted" if submits else "inspection_drafts")
        if accepted:
            filling = inspection.filling_review(
                by=head, filling=filling, version=filling.version, accept=True
            )
        if rectified and director is not None and inspection.may_rectify(director):
            wanted = list(filling.answers.filter(verdict=Verdict.UNMET).order_by("item__position"))
            inspection.findings_rectify(
                by=director,
                filling=filling,
                findings=[inspection.FindingIn(answer.pk) for answer in wanted],
            )
            for _ in wanted:
                result.count("inspection_rectified_findings")
