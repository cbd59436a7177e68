"""A small county for supervision: the office with its 督查员 and 主任, a bureau with its head and liaison,
a co-unit with its liaison, an outside bureau, and a county leader."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from zhongshu.base.levels import Clearance
from zhongshu.base.roles import Role
from zhongshu.org.models import Person, Unit
from zhongshu.supervision import services
from zhongshu.supervision.models import Source, SupervisionItem
from zhongshu.testing.factories import make_person, make_unit


@dataclass
class County:
    office: Unit
    bureau: Unit
    co_unit: Unit
    other: Unit
    supervisor: Person
    second_supervisor: Person
    director: Person
    head: Person
    liaison: Person
    co_liaison: Person
    other_liaison: Person
    leader: Person

    def open(self, title: str = "推进义务教育学校改扩建", **fields) -> SupervisionItem:
        return services.supervision_item_open(
            by=self.supervisor.user,
            title=title,
            source=fields.pop("source", Source.INSTRUCTION),
            leader=fields.pop("leader", self.leader),
            **fields,
        )

    def assigned(
        self,
        title: str = "推进义务教育学校改扩建",
        *,
        deadline: date | None = None,
        workdays: int | None = None,
        co: bool = True,
        **fields,
    ) -> SupervisionItem:
        item = self.open(title, **fields)
        return services.supervision_item_assign(
            item=item,
            by=self.supervisor.user,
            lead_unit=self.bureau,
            co_units=[self.co_unit] if co else [],
            deadline=deadline,
            deadline_workdays=None if deadline else (workdays or 10),
        )


@pytest.fixture
def county(db) -> County:
    return make_county()


def make_county() -> County:
    office = make_unit("县委办公室", code="XWB")
    bureau = make_unit("县教育局", code="JYJ")
    co_unit = make_unit("县财政局", code="CZJ")
    other = make_unit("县林业局", code="LYJ")
    return County(
        office=office,
        bureau=bureau,
        co_unit=co_unit,
        other=other,
        supervisor=make_person(
            "李督查", unit=office, roles=[Role.SUPERVISOR], clearance=Clearance.ORDINARY, username="duchayuan"
        ),
        second_supervisor=make_person("王督查", unit=office, roles=[Role.SUPERVISOR], username="duchayuan2"),
        director=make_person("赵主任", unit=office, roles=[Role.OFFICE_DIRECTOR], username="zhuren"),
        head=make_person(
            "钱局长",
            unit=bureau,
            roles=[Role.LEADER],
            is_leader=True,
            leader_rank=1,
            title="局长",
            username="jyj_jz",
        ),
        liaison=make_person("孙联络", unit=bureau, roles=[Role.LIAISON], username="liaison_jyj"),
        co_liaison=make_person("周联络", unit=co_unit, roles=[Role.LIAISON], username="liaison_czj"),
        other_liaison=make_person("吴联络", unit=other, roles=[Role.LIAISON], username="liaison_lyj"),
        leader=make_person(
            "郑书记",
            unit=office,
            roles=[Role.LEADER],
            is_leader=True,
            leader_rank=1,
            title="县委书记",
            username="leader1",
        ),
    )
