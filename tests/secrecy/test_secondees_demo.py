"""The secondees' demo on the county of the tests (with three towns and the office's people under the demo's
usernames): a secondee mid-way (vetted, trained, pledged, a month in post, two weeks left), one who has left with
the hand-over done, one waiting for training; built twice, it adds nothing."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tests.secrecy.conftest import County
from zhongshu.base.levels import Clearance
from zhongshu.base.roles import Role
from zhongshu.demo.build import DemoResult
from zhongshu.demo.secrecy_secondees import build_demo_secondees
from zhongshu.org.models import UnitKind
from zhongshu.secrecy import secondees
from zhongshu.secrecy.models_secondees import Secondment
from zhongshu.secrecy.secondees import Stage
from zhongshu.testing.factories import make_department, make_person, make_unit


def _demo_people(county: County) -> None:
    make_person(
        "保密办科长",
        unit=county.office,
        department=county.secrecy_department,
        roles=[Role.SECRECY_OFFICER],
        clearance=Clearance.IMPORTANT,
        username="xwb_bmb_kz",
    )
    for code, name, username in (
        ("ZHK", "综合科", "xwb_zhk_1"),
        ("MSK", "秘书科", "xwb_msk_1"),
        ("XXK", "信息科", "xwb_xxk_1"),
    ):
        department = (
            county.general_department if code == "ZHK" else make_department(county.office, name, code)
        )
        make_person(
            f"{name}科员", unit=county.office, department=department, roles=[Role.CLERK], username=username
        )
    for n, town in enumerate(("青龙镇", "青石镇", "柳河镇"), start=1):
        unit = make_unit(town, kind=UnitKind.TOWN, code=f"T0{n}")
        make_person(
            f"{town}书记",
            unit=unit,
            roles=[Role.LEADER],
            is_leader=True,
            username=f"t0{n}_sj",
            clearance=Clearance.ORDINARY,
        )
        make_person(f"{town}科员", unit=unit, username=f"t0{n}_ky")


def test_the_demo_has_a_secondee_mid_way_one_handed_over_and_one_waiting_for_training(county: County) -> None:
    _demo_people(county)
    first = DemoResult()
    build_demo_secondees(first)
    assert first.created == {"secondments": 3}
    today = timezone.localdate()
    rows = {row.secondment.person.user.username: row for row in secondees.standings(Secondment.objects.all())}
    mid = rows["t01_ky"]
    assert mid.stage == Stage.IN_POST and mid.missing == [] and mid.days_left == 14
    assert mid.secondment.starts_on == today - timedelta(days=30)
    assert mid.secondment.sending_unit.kind == UnitKind.TOWN
    left = rows["t02_ky"]
    assert left.stage == Stage.HANDED_OVER
    handover = secondees.steps_by_kind(left.secondment)["handover"]
    assert handover.taken_over_by.user.username == "t02_sj"
    assert handover.cooling_off_ends_on == secondees.add_years(today - timedelta(days=30), 1)
    waiting = rows["t03_ky"]
    assert waiting.stage == Stage.TRAINING and waiting.missing == ["保密教育培训", "签订保密承诺书"]
    again = DemoResult()
    build_demo_secondees(again)
    assert not again.changed and Secondment.objects.count() == 3
