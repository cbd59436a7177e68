"""The 三重一大 part's demo on the county of the tests (with a 交通局, a 住建局 and a town added under the demo's
usernames): four filings, two decided, one late still waiting for its outcome, one pending its meeting next
week; built twice, it adds nothing."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tests.reporting.conftest import County
from zhongshu.base.roles import Role
from zhongshu.demo.build import DemoResult
from zhongshu.demo.reporting_major import build_demo_major
from zhongshu.org.models import UnitKind
from zhongshu.reporting.models import MajorDecisionFiling
from zhongshu.testing.factories import make_person, make_unit


def test_the_demo_files_four_matters_once(county: County) -> None:
    for name, code, username, kind in (
        ("县交通运输局", "JTJ", "jtj_llr", UnitKind.BUREAU),
        ("县住房和城乡建设局", "ZJJ", "zjj_llr", UnitKind.BUREAU),
        ("青山镇", "T01", "t01_llr", UnitKind.TOWN),
    ):
        make_person(
            f"{name[1:3]}联络员",
            unit=make_unit(name, code=code, kind=kind),
            roles=[Role.LIAISON],
            username=username,
        )
    first = DemoResult()
    build_demo_major(first)
    assert first.created == {"major_filings": 4}
    filings = {f.title: f for f in MajorDecisionFiling.objects.select_related("unit")}
    states = sorted((f.state, f.late) for f in filings.values())
    assert states == [("decided", False), ("decided", False), ("filed", False), ("filed", True)]
    today = timezone.localdate()
    pending = filings["镇属事业单位中层干部调整"]
    assert today < pending.meeting_on <= today + timedelta(days=8) and pending.meeting_on.weekday() == 1
    assert all(today - f.meeting_on <= timedelta(days=62) for f in filings.values())
    assert all(list(f.need_to_know_units.all()) == [county.office] for f in filings.values())
    again = DemoResult()
    build_demo_major(again)
    assert not again.changed and MajorDecisionFiling.objects.count() == 4
