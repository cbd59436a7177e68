"""Making a self-inspection for the tests: this year's checklist (the standard items), a round for the test
county's two units (县财政局 filled by its 文书 czj_ws, 城关镇 by its 文书 cgz_ws: no part-time administrator is
named, so the unit's 文书 fills), and a filling answered through the service."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from tests.secrecy.conftest import County
from zhongshu.accounts.models import User
from zhongshu.secrecy import inspection
from zhongshu.secrecy.models_inspection import InspectionFilling, InspectionRound, RiskChecklist, Verdict


def user(username: str) -> User:
    return User.objects.get(username=username)


def checklist(county: County) -> RiskChecklist:
    found = RiskChecklist.objects.filter(year=timezone.localdate().year).first()
    return found or inspection.risk_checklist_create(
        by=county.secrecy_head.user, year=timezone.localdate().year
    )


def open_round(county: County, *, title: str = "本年度保密自查", days: int = 14) -> InspectionRound:
    return inspection.inspection_round_open(
        by=county.secrecy_head.user,
        year=timezone.localdate().year,
        title=title,
        checklist=checklist(county),
        deadline=timezone.localdate() + timedelta(days=days),
        participants=inspection.participants_of(county.units, []),
    )


def filling_of(inspection_round: InspectionRound, county: County, index: int) -> InspectionFilling:
    return InspectionFilling.objects.get(round=inspection_round, unit=county.units[index])


def answers(
    filling: InspectionFilling, *, unmet: dict[int, str] | None = None, not_applicable: tuple[int, ...] = ()
) -> list[inspection.AnswerIn]:
    """Every item answered: 符合 unless its position is in `unmet` (with that finding) or `not_applicable`."""
    unmet = unmet or {}
    given = []
    for answer in filling.answers.select_related("item").order_by("item__position"):
        position = answer.item.position
        if position in unmet:
            given.append(inspection.AnswerIn(answer.item_id, Verdict.UNMET, "现场检查", unmet[position]))
        elif position in not_applicable:
            given.append(inspection.AnswerIn(answer.item_id, Verdict.NOT_APPLICABLE, "本单位无此情形"))
        else:
            given.append(inspection.AnswerIn(answer.item_id, Verdict.MET, "已查看台账"))
    return given


def submit(filling: InspectionFilling, by: Any, **kwargs: Any) -> InspectionFilling:
    return inspection.filling_save(
        by=by, filling=filling, version=filling.version, answers=answers(filling, **kwargs), submit=True
    )
