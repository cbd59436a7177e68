"""The screening part's demo on the county of the tests (the submissions demo is not wired here, so the items it
would leave are made directly): the editors adopt most of the older items, return one, edit one, and leave the
near-duplicate pair flagged; built twice, it changes nothing."""

from __future__ import annotations

import pytest

from tests.information.conftest import County
from tests.information.screening_helpers import FLOOD_A, FLOOD_B, UNRELATED, submitted
from zhongshu.base.levels import Clearance
from zhongshu.base.roles import Role
from zhongshu.demo.build import DemoResult
from zhongshu.demo.information_screening import RETURN_REASON, build_demo_screening
from zhongshu.information.models import DuplicateFlag, InfoReport, ItemState, ItemVersion
from zhongshu.testing.factories import make_person

pytestmark = pytest.mark.django_db

OTHER_BODIES = [
    "城关镇开展安全生产大检查，排查整改隐患三十二处，约谈企业负责人五人，对两家企业依法停产整顿。",
    "河口乡推进农村人居环境整治，清理沟渠十二公里、垃圾三百余吨，新建公厕四座，群众满意度明显提升。",
    "县农业农村局举办秋季农机作业培训班，培训农机手二百余人次，发放技术资料一千余份，保障秋收秋种。",
    "城关镇社区网格员走访独居老人一百六十户，帮助解决就医、取暖等实际困难三十余件，获群众点赞。",
]


def test_the_demo_adopts_returns_edits_and_leaves_the_pair(county: County) -> None:
    for username in ("xwb_xxk_kz", "xwb_xxk_1"):
        make_person(
            username,
            unit=county.office,
            roles=[Role.INFO_OFFICER],
            clearance=Clearance.ORDINARY,
            username=username,
        )
    office = county.office.pk
    writers = [county.town_writers[0], county.town_writers[1], county.bureau_writer, county.town_writers[0]]
    old = [
        submitted(writer, f"工作动态{n}", body, office_unit_id=office, hours_ago=24 * (10 - n))
        for n, (writer, body) in enumerate(zip(writers, OTHER_BODIES, strict=True))
    ]
    pair = [
        submitted(
            county.town_writers[0],
            "城关镇全力应对青龙河汛情",
            FLOOD_A,
            office_unit_id=office,
            hours_ago=24 * 5,
        ),
        submitted(
            county.town_writers[1],
            "河口乡做好青龙河防汛",
            FLOOD_B,
            office_unit_id=office,
            hours_ago=24 * 5 - 2,
        ),
    ]
    recent = submitted(county.bureau_writer, "高标准农田建设", UNRELATED, office_unit_id=office, hours_ago=5)
    result = DemoResult()
    build_demo_screening(result)
    assert result.created == {
        "information_items_returned": 1,
        "information_items_edited": 1,
        "information_items_adopted": 3,
    }
    states = {item.pk: item for item in InfoReport.objects.all()}
    assert [states[i.pk].state for i in old] == [ItemState.ADOPTED] * 3 + [ItemState.RETURNED]
    assert states[old[3].pk].returned_reason == RETURN_REASON
    assert list(ItemVersion.objects.filter(item=old[0]).values_list("note", flat=True)) == ["报送", "编辑"]
    assert [states[i.pk].state for i in pair] == [ItemState.SUBMITTED] * 2
    assert DuplicateFlag.objects.filter(item=pair[1], similar=pair[0], dismissed_at__isnull=True).exists()
    assert states[recent.pk].state == ItemState.SUBMITTED
    again = DemoResult()
    build_demo_screening(again)
    assert not again.changed


def test_the_demo_does_nothing_without_items(county: County) -> None:
    make_person("xwb_xxk_kz", unit=county.office, roles=[Role.INFO_OFFICER], username="xwb_xxk_kz")
    recent = submitted(
        county.bureau_writer, "高标准农田建设", UNRELATED, office_unit_id=county.office.pk, hours_ago=5
    )
    result = DemoResult()
    build_demo_screening(result)
    assert not result.changed
    recent.refresh_from_db()
    assert recent.state == ItemState.SUBMITTED
