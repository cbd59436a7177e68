"""The 保密自查 demo on the test county (with the 保密办 head under the demo's username and three more units):
this year's checklist and round; four units submitted with their scores, the first two findings in 整改 (two
supervision items made through the follow-up, each naming its finding), one unit not yet submitted; built twice,
it adds nothing."""

from __future__ import annotations

from django.utils import timezone

from tests.secrecy.conftest import County
from zhongshu.base.levels import Clearance
from zhongshu.base.roles import Role
from zhongshu.demo.build import DemoResult
from zhongshu.demo.secrecy_inspection import build_demo_inspection
from zhongshu.org.models import UnitKind
from zhongshu.secrecy import inspection
from zhongshu.secrecy.models_inspection import FillingState, InspectionAnswer, InspectionRound, Verdict
from zhongshu.supervision.models import SupervisionItem
from zhongshu.testing.factories import make_person, make_unit


def test_the_demo_round_has_two_findings_in_rectification_and_one_unit_waiting(county: County) -> None:
    make_person(
        "保密办科长",
        unit=county.office,
        department=county.secrecy_department,
        roles=[Role.SECRECY_OFFICER],
        clearance=Clearance.CORE,
        username="xwb_bmb_kz",
    )
    for name, code, username in (
        ("县教育局", "JYJ", "jyj_ws"),
        ("县卫健局", "WJJ", "wjj_ws"),
        ("青山镇", "T01", "t01_ws"),
    ):
        make_person(
            f"{name}文书",
            unit=make_unit(name, code=code, kind=UnitKind.TOWN if "镇" in name else UnitKind.BUREAU),
            roles=[Role.CLERK],
            username=username,
        )
    first = DemoResult()
    build_demo_inspection(first)
    assert first.created == {
        "risk_checklists": 1,
        "inspection_rounds": 1,
        "inspection_submitted": 4,
        "inspection_drafts": 1,
        "inspection_rectified_findings": 2,
    }
    inspection_round = InspectionRound.objects.get()
    assert inspection_round.year == timezone.localdate().year
    fillings = list(inspection_round.fillings.order_by("unit_id"))
    states = [filling.state for filling in fillings]
    assert states.count(FillingState.DRAFT) == 1 and states[-1] == FillingState.DRAFT
    scores = inspection.scores_of(fillings)
    submitted = [f for f in fillings if f.state != FillingState.DRAFT]
    assert len(submitted) == 4 and all(scores[f.pk].value is not None for f in submitted)
    assert scores[fillings[0].pk].value == 88 and scores[fillings[2].pk].value == 100
    in_rectification = InspectionAnswer.objects.filter(rectified_at__isnull=False)
    assert in_rectification.count() == 2
    items = list(SupervisionItem.objects.filter(kind="rectification"))
    assert len(items) == 2
    assert {item.source_id for item in items} == set(in_rectification.values_list("pk", flat=True))
    assert InspectionAnswer.objects.filter(verdict=Verdict.UNMET).count() == 3  # one waits for 转整改
    again = DemoResult()
    build_demo_inspection(again)
    assert not again.changed and InspectionRound.objects.count() == 1 and SupervisionItem.objects.count() == 2
