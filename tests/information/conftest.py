"""A small county for information reporting: the county office with its 信息科 (two editors, 信息员 of the
office), the office director who signs issues off, three county leaders who read issues and write 批示, a
supervisor who turns 批示 into supervision items; two towns and a bureau, each with its 信息员 and its leader
(who signs items off where the office requires it); and the three publications (专报, 快报, 信息简报) with their
readers. A rule table is not made here: scoring tests make theirs through the scoring service.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from zhongshu.base.levels import Classification, Clearance
from zhongshu.base.roles import Role
from zhongshu.information.models import Publication, PublicationKind
from zhongshu.org.models import Person, Unit, UnitKind
from zhongshu.testing.factories import make_person, make_unit


@dataclass
class County:
    office: Unit  # 县委办公室
    towns: list[Unit]  # 城关镇, 河口乡
    bureau: Unit  # 县农业农村局
    editors: list[Person]  # 信息科: 信息员 of the office (editors)
    director: Person  # 办公室主任: signs issues off
    leaders: list[Person]  # 县委书记, 县长, 副县长 by leader_rank
    supervisor: Person  # 督查员
    archivist: Person
    town_writers: list[Person]  # each town's 信息员
    town_leaders: list[Person]  # each town's 党委书记 (signs items off)
    bureau_writer: Person  # the bureau's 信息员
    bureau_leader: Person
    publications: dict[str, Publication] = field(default_factory=dict)  # by code: zhuanbao, kuaibao, jianbao


@pytest.fixture
def county(db: Any) -> County:
    return make_county()


def make_county() -> County:
    office = make_unit("县委办公室", code="XWB", phone="0000-1234567")
    towns = [
        make_unit("城关镇", kind=UnitKind.TOWN, code="CGZ"),
        make_unit("河口乡", kind=UnitKind.TOWN, code="HKX"),
    ]
    bureau = make_unit("县农业农村局", code="NYJ")
    leaders = [
        make_person(
            name,
            unit=office,
            roles=[Role.LEADER],
            is_leader=True,
            leader_rank=rank,
            title=title,
            clearance=Clearance.IMPORTANT,
            username=f"leader{rank}",
        )
        for rank, (name, title) in enumerate(
            [("郑书记", "县委书记"), ("王县长", "县长"), ("林副县长", "副县长")], start=1
        )
    ]
    county = County(
        office=office,
        towns=towns,
        bureau=bureau,
        editors=[
            make_person(
                name, unit=office, roles=[Role.INFO_OFFICER], clearance=Clearance.ORDINARY, username=u
            )
            for name, u in (("刘编辑", "bianji1"), ("陈编辑", "bianji2"))
        ],
        director=make_person(
            "赵主任",
            unit=office,
            roles=[Role.OFFICE_DIRECTOR],
            clearance=Clearance.IMPORTANT,
            username="zhuren",
        ),
        leaders=leaders,
        supervisor=make_person("孙督查", unit=office, roles=[Role.SUPERVISOR], username="ducha"),
        archivist=make_person("钱档案", unit=office, roles=[Role.ARCHIVIST], username="dangan"),
        town_writers=[
            make_person(f"{town.name[:2]}信息员", unit=town, roles=[Role.INFO_OFFICER], username=f"town{n}")
            for n, town in enumerate(towns)
        ],
        town_leaders=[
            make_person(
                f"{town.name[:2]}书记",
                unit=town,
                roles=[Role.LEADER],
                is_leader=True,
                leader_rank=20 + n,
                title="党委书记",
                username=f"town{n}_sj",
            )
            for n, town in enumerate(towns)
        ],
        bureau_writer=make_person("农业信息员", unit=bureau, roles=[Role.INFO_OFFICER], username="nyj_xxy"),
        bureau_leader=make_person(
            "农业局长",
            unit=bureau,
            roles=[Role.LEADER],
            is_leader=True,
            leader_rank=30,
            title="局长",
            username="nyj_jz",
        ),
    )
    for order, (code, name, kind, classification) in enumerate(
        [
            ("zhuanbao", "专报", PublicationKind.SPECIAL_REPORT, Classification.INTERNAL),
            ("kuaibao", "快报", PublicationKind.EXPRESS, Classification.INTERNAL),
            ("jianbao", "信息简报", PublicationKind.BRIEFING, Classification.INTERNAL),
        ]
    ):
        publication = Publication.objects.create(
            code=code,
            name=name,
            kind=kind,
            classification=classification,
            editing_unit="中共某某县委办公室信息科",
            report_to="市委办公室",
            send_to="县委、县政府领导",
            issue_to="各乡镇党委，县直各单位",
            sort_order=order,
        )
        publication.reader_people.set(leaders)
        publication.reader_units.set([*towns, bureau])
        county.publications[code] = publication
    return county


def signed_in(username: str) -> Any:
    """A test client signed in as `username`, second factor included (the policy decides, not sign-in)."""
    from django.test import Client

    from zhongshu.accounts.models import User
    from zhongshu.testing.access import sign_in

    return sign_in(Client(), User.objects.get(username=username))
