"""A small county for requests and reports: the county office (a 文书 and a 督查员 who keep the checklists, the
office director, a county leader), and three units — 县财政局, 县教育局 and 城关镇 — each with its liaison, its
文书 and its leader. Checklist lines are not made here: tests make theirs through the checklist service (or
directly, for a compliance computation), so each test states the lines it counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from zhongshu.base.levels import Clearance
from zhongshu.base.roles import Role
from zhongshu.org.models import Person, Unit, UnitKind
from zhongshu.testing.factories import make_person, make_unit


@dataclass
class County:
    office: Unit  # 县委办公室
    units: list[Unit]  # 县财政局, 县教育局, 城关镇
    keeper: Person  # the office's 文书: keeps the checklists
    supervisor: Person  # the office's 督查员
    director: Person
    leader: Person  # a county leader
    liaisons: list[Person]  # each unit's liaison, in the order of units
    clerks: list[Person]  # each unit's 文书
    unit_leaders: list[Person]  # each unit's head


@pytest.fixture
def county(db: Any) -> County:
    return make_county()


def make_county() -> County:
    office = make_unit("县委办公室", code="XWB")
    units = [
        make_unit("县财政局", code="CZJ"),
        make_unit("县教育局", code="JYJ"),
        make_unit("城关镇", kind=UnitKind.TOWN, code="CGZ"),
    ]
    codes = ["czj", "jyj", "cgz"]
    return County(
        office=office,
        units=units,
        keeper=make_person("周文书", unit=office, roles=[Role.CLERK], username="wenshu"),
        supervisor=make_person("孙督查", unit=office, roles=[Role.SUPERVISOR], username="ducha"),
        director=make_person(
            "赵主任",
            unit=office,
            roles=[Role.OFFICE_DIRECTOR],
            clearance=Clearance.IMPORTANT,
            username="zhuren",
        ),
        leader=make_person(
            "王县长",
            unit=office,
            roles=[Role.LEADER],
            is_leader=True,
            leader_rank=1,
            title="县长",
            clearance=Clearance.IMPORTANT,
            username="leader1",
        ),
        liaisons=[
            make_person(f"{unit.name[1:3]}联络员", unit=unit, roles=[Role.LIAISON], username=f"{code}_llr")
            for unit, code in zip(units, codes, strict=True)
        ],
        clerks=[
            make_person(f"{unit.name[1:3]}文书", unit=unit, roles=[Role.CLERK], username=f"{code}_ws")
            for unit, code in zip(units, codes, strict=True)
        ],
        unit_leaders=[
            make_person(
                f"{unit.name[1:3]}负责人",
                unit=unit,
                roles=[Role.LEADER],
                is_leader=True,
                leader_rank=10 + n,
                title="局长" if unit.kind != UnitKind.TOWN else "党委书记",
                username=f"{code}_jz",
            )
            for n, (unit, code) in enumerate(zip(units, codes, strict=True))
        ],
    )


def signed_in(username: str) -> Any:
    """A test client signed in as `username`, second factor included (the policy decides, not sign-in)."""
    from django.test import Client

    from zhongshu.accounts.models import User
    from zhongshu.testing.access import sign_in

    return sign_in(Client(), User.objects.get(username=username))
