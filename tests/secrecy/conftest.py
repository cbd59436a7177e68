"""A small county for the secrecy office: the county office (县委办公室) with its 保密办 (two 保密员: the head,
核心, and a colleague, 重要), its 机要科 (a 机要员, 核心, who keeps the cabinet), its 综合科 (a 文书, 一般) and the
office director (核心, also the classification officer by default); a county leader (核心); and two units —
县财政局 and 城关镇 — each with a 文书 (一般 and 非涉密), a liaison (非涉密) and a department head (重要) who is
the unit's part-time secrecy administrator in the tests that need one. The security administrator (三员) and the
auditor are accounts without a person.

Nothing of the secrecy module is made here: each test makes its own cabinets, carriers, posts and decisions through
the services, so each states what it counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from zhongshu.accounts.models import User
from zhongshu.base.levels import Clearance
from zhongshu.base.roles import AdminRole, Role
from zhongshu.org.models import Department, Person, Unit, UnitKind
from zhongshu.testing.factories import make_admin, make_department, make_person, make_unit


@dataclass
class County:
    office: Unit  # 县委办公室
    secrecy_department: Department  # 保密办
    confidential_department: Department  # 机要科
    general_department: Department  # 综合科
    units: list[Unit]  # 县财政局, 城关镇
    secrecy_head: Person  # 保密办 head, 保密员, 核心: keeps the ledgers
    secrecy_officer: Person  # 保密员, 重要
    confidential_clerk: Person  # 机要员 (保密员 role too: keeps the cabinet), 核心
    office_clerk: Person  # the office's 文书, 一般
    director: Person  # office director, 核心
    leader: Person  # a county leader, 核心
    clerks: list[Person]  # each unit's 文书: 县财政局 一般, 城关镇 非涉密
    liaisons: list[Person]  # each unit's liaison, 非涉密
    unit_heads: list[Person]  # each unit's department head, 重要
    security_admin: User
    auditor: User


@pytest.fixture
def county(db: Any) -> County:
    return make_county()


def make_county() -> County:
    office = make_unit("县委办公室", code="XWB")
    bmb = make_department(office, "保密办", "BMB")
    jyk = make_department(office, "机要科", "JYK")
    zhk = make_department(office, "综合科", "ZHK")
    units = [make_unit("县财政局", code="CZJ"), make_unit("城关镇", kind=UnitKind.TOWN, code="CGZ")]
    return County(
        office=office,
        secrecy_department=bmb,
        confidential_department=jyk,
        general_department=zhk,
        units=units,
        secrecy_head=make_person(
            "钱保密",
            unit=office,
            department=bmb,
            roles=[Role.SECRECY_OFFICER],
            clearance=Clearance.CORE,
            username="baomi",
        ),
        secrecy_officer=make_person(
            "孙保密",
            unit=office,
            department=bmb,
            roles=[Role.SECRECY_OFFICER],
            clearance=Clearance.IMPORTANT,
            username="baomi2",
        ),
        confidential_clerk=make_person(
            "李机要",
            unit=office,
            department=jyk,
            roles=[Role.SECRECY_OFFICER, Role.CLERK],
            clearance=Clearance.CORE,
            username="jiyao",
        ),
        office_clerk=make_person(
            "周文书",
            unit=office,
            department=zhk,
            roles=[Role.CLERK],
            clearance=Clearance.ORDINARY,
            username="wenshu",
        ),
        director=make_person(
            "赵主任",
            unit=office,
            roles=[Role.OFFICE_DIRECTOR],
            clearance=Clearance.CORE,
            username="zhuren",
        ),
        leader=make_person(
            "王书记",
            unit=office,
            roles=[Role.LEADER],
            is_leader=True,
            leader_rank=1,
            title="县委书记",
            clearance=Clearance.CORE,
            username="leader1",
        ),
        clerks=[
            make_person(
                "财政文书", unit=units[0], roles=[Role.CLERK], clearance=Clearance.ORDINARY, username="czj_ws"
            ),
            make_person("城关文书", unit=units[1], roles=[Role.CLERK], username="cgz_ws"),
        ],
        liaisons=[
            make_person("财政联络员", unit=units[0], roles=[Role.LIAISON], username="czj_llr"),
            make_person("城关联络员", unit=units[1], roles=[Role.LIAISON], username="cgz_llr"),
        ],
        unit_heads=[
            make_person(
                "财政科长",
                unit=units[0],
                roles=[Role.CLERK],
                clearance=Clearance.IMPORTANT,
                username="czj_kz",
            ),
            make_person(
                "城关主任",
                unit=units[1],
                roles=[Role.CLERK],
                clearance=Clearance.IMPORTANT,
                username="cgz_zr",
            ),
        ],
        security_admin=make_admin(AdminRole.SECURITY_ADMIN, "secadmin"),
        auditor=make_admin(AdminRole.AUDITOR, "auditor"),
    )


def signed_in(username: str) -> Any:
    """A test client signed in as `username`, second factor included (the policy decides, not sign-in)."""
    from django.test import Client

    from zhongshu.testing.access import sign_in

    return sign_in(Client(), User.objects.get(username=username))
