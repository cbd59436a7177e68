"""A small county for duty and emergencies: the county office with its duty room (three 值班员, a driver and
the office director), four county leaders who stand as 带班领导 in rank order, the 应急管理局 with its head, a
deputy and its duty officer, the 水利局 with its head and liaison, two towns with their liaisons and duty
phones, and the three duty roles. `roles`, `eligible` and `duty_points` are ready for the rosters; a test
that needs a roster generates it through the rosters part's service, or puts shifts down with `put_shift`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from zhongshu.base.levels import Clearance
from zhongshu.base.roles import Role
from zhongshu.duty.models import (
    DutyEligibility,
    DutyPoint,
    DutyRole,
    DutyRoster,
    DutyShift,
    RosterState,
    ShiftKind,
)
from zhongshu.org.models import Person, Unit, UnitKind
from zhongshu.testing.clock import latest_local
from zhongshu.testing.factories import make_person, make_unit


@dataclass
class County:
    office: Unit  # 县委办公室: the county's duty room
    emergency: Unit  # 县应急管理局
    water: Unit  # 县水利局
    towns: list[Unit]
    duty_officers: list[Person]  # 值班员 of the office, in rotation order
    driver: Person
    director: Person  # 办公室主任
    leaders: list[Person]  # 县委书记, 县长, 常务副县长, 副县长, by leader_rank
    emergency_head: Person
    emergency_deputy: Person
    emergency_officer: Person  # the bureau's own 值班员
    water_head: Person
    water_liaison: Person
    town_liaisons: list[Person]
    supervisor: Person  # 督查员: turns instructions and drill problems into supervision items
    archivist: Person
    roles: dict[str, DutyRole] = field(default_factory=dict)  # leader, officer, driver
    duty_points: dict[str, DutyPoint] = field(default_factory=dict)  # by unit code

    def put_shift(
        self,
        person: Person,
        day: date,
        role: str = "officer",
        *,
        unit: Unit | None = None,
        full_day: bool = False,
        roster: DutyRoster | None = None,
    ) -> DutyShift:
        """One shift put down directly, in a published roster of its unit for that day's month (made if
        missing): 08:30–17:30 in office hours, 08:30 to 08:30 the next day on 24-hour duty."""
        unit = unit or self.office
        if roster is None:
            first = day.replace(day=1)
            last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
            roster, _ = DutyRoster.objects.get_or_create(
                unit=unit,
                starts_on=first,
                ends_on=last,
                defaults={
                    "title": f"{unit.name}{first:%Y年%m月}值班表",
                    "state": RosterState.PUBLISHED,
                    "created_by": self.director.user,
                },
            )
        starts_at = timezone.make_aware(datetime.combine(day, time(8, 30)))
        ends_at = starts_at + (timedelta(days=1) if full_day else timedelta(hours=9))
        return DutyShift.objects.create(
            roster=roster,
            unit=unit,
            day=day,
            role=self.roles[role],
            person=person,
            kind=ShiftKind.FULL_DAY if full_day else ShiftKind.OFFICE_HOURS,
            starts_at=starts_at,
            ends_at=ends_at,
        )


@pytest.fixture
def county(db: Any) -> County:
    return make_county()


def make_county() -> County:
    office = make_unit("县委办公室", code="XWB", phone="0000-1234567")
    emergency = make_unit("县应急管理局", code="YJJ")
    water = make_unit("县水利局", code="SLJ")
    towns = [
        make_unit("城关镇", kind=UnitKind.TOWN, code="CGZ"),
        make_unit("河口乡", kind=UnitKind.TOWN, code="HKX"),
    ]
    leader_names = [
        ("郑书记", "县委书记"),
        ("王县长", "县长"),
        ("陈副县长", "常务副县长"),
        ("林副县长", "副县长"),
    ]
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
            phone=f"1390000000{rank}",
        )
        for rank, (name, title) in enumerate(leader_names, start=1)
    ]
    officers = [
        make_person(
            name, unit=office, roles=[Role.DUTY_OFFICER], clearance=Clearance.ORDINARY, username=username
        )
        for name, username in (("张值班", "zhiban1"), ("李值班", "zhiban2"), ("王值班", "zhiban3"))
    ]
    county = County(
        office=office,
        emergency=emergency,
        water=water,
        towns=towns,
        duty_officers=officers,
        driver=make_person("马司机", unit=office, username="siji"),
        director=make_person(
            "赵主任",
            unit=office,
            roles=[Role.OFFICE_DIRECTOR],
            clearance=Clearance.IMPORTANT,
            username="zhuren",
        ),
        leaders=leaders,
        emergency_head=make_person(
            "周局长",
            unit=emergency,
            roles=[Role.LEADER],
            is_leader=True,
            leader_rank=10,
            title="局长",
            username="yjj_jz",
            phone="13900000010",
        ),
        emergency_deputy=make_person(
            "吴副局长",
            unit=emergency,
            roles=[Role.LEADER],
            is_leader=True,
            leader_rank=11,
            title="副局长",
            username="yjj_fjz",
            phone="13900000011",
        ),
        emergency_officer=make_person("郭值班", unit=emergency, roles=[Role.DUTY_OFFICER], username="yjj_zb"),
        water_head=make_person(
            "钱局长",
            unit=water,
            roles=[Role.LEADER],
            is_leader=True,
            leader_rank=12,
            title="局长",
            username="slj_jz",
        ),
        water_liaison=make_person("何联络", unit=water, roles=[Role.LIAISON], username="slj_llr"),
        town_liaisons=[
            make_person(f"{town.name[:2]}联络", unit=town, roles=[Role.LIAISON], username=f"town{n}")
            for n, town in enumerate(towns)
        ],
        supervisor=make_person("孙督查", unit=office, roles=[Role.SUPERVISOR], username="ducha"),
        archivist=make_person("钱档案", unit=office, roles=[Role.ARCHIVIST], username="dangan"),
    )
    county.roles = {
        "leader": DutyRole.objects.create(code="leader", name="带班领导", is_leader_role=True, sort_order=1),
        "officer": DutyRole.objects.create(code="officer", name="值班员", sort_order=2),
        "driver": DutyRole.objects.create(
            code="driver", name="驾驶员", required_on_holidays=False, sort_order=3
        ),
    }
    for order, person in enumerate(leaders):
        DutyEligibility.objects.create(
            unit=office, role=county.roles["leader"], person=person, sort_order=order
        )
    for order, person in enumerate(officers):
        DutyEligibility.objects.create(
            unit=office, role=county.roles["officer"], person=person, sort_order=order
        )
    DutyEligibility.objects.create(unit=office, role=county.roles["driver"], person=county.driver)
    for order, person in enumerate([county.emergency_head, county.emergency_deputy]):
        DutyEligibility.objects.create(
            unit=emergency, role=county.roles["leader"], person=person, sort_order=order
        )
    DutyEligibility.objects.create(
        unit=emergency, role=county.roles["officer"], person=county.emergency_officer
    )
    for n, unit in enumerate([office, emergency, water, *towns]):
        county.duty_points[unit.code] = DutyPoint.objects.create(
            unit=unit, phone=f"0000-66600{n:02d}", place=f"{unit.name}值班室"
        )
    return county


def signed_in(username: str) -> Any:
    """A test client signed in as `username`, second factor included (the policy decides, not sign-in)."""
    from django.test import Client

    from zhongshu.accounts.models import User
    from zhongshu.testing.access import sign_in

    return sign_in(Client(), User.objects.get(username=username))


@pytest.fixture
def morning() -> Any:
    """A window drawn hours ahead of now crosses midnight late in the evening, and a call recorded today would
    then fall before its planned day; the demo's night log and its incident are whole only once the night's
    story has happened (by 8:45). Tests that lean on either run at the latest nine o'clock, this morning's or,
    in the small hours, yesterday's (never ahead of the database's and the files' clocks, which do not travel);
    the clock then ticks."""
    nine = latest_local(9)
    with time_machine.travel(nine, tick=True):
        yield
