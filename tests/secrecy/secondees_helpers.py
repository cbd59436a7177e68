"""Helpers for the secondees tests: a secondee from 城关镇, a secondment registered by the 保密办 head with the
综合科's 文书 as liaison, and the steps before the start recorded through the services."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.secrecy.conftest import County
from zhongshu.base.levels import Clearance
from zhongshu.base.roles import Role
from zhongshu.org.models import Person
from zhongshu.secrecy import secondees
from zhongshu.secrecy.models_secondees import Secondment, StepKind
from zhongshu.testing.factories import make_person

CST = ZoneInfo("Asia/Shanghai")


def moment(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=CST)


def make_secondee(county: County, *, clearance: int = Clearance.ORDINARY, username: str = "cgz_gb") -> Person:
    return make_person("城关跟班", unit=county.units[1], clearance=clearance, username=username, title="科员")


def make_town_leader(county: County) -> Person:
    return make_person(
        "城关书记", unit=county.units[1], roles=[Role.LEADER], is_leader=True, username="cgz_sj"
    )


def register(county: County, person: Person, *, starts_on: date, ends_on: date) -> Secondment:
    return secondees.secondment_create(
        by=county.secrecy_head.user,
        person=person,
        host_department=county.general_department,
        liaison=county.office_clerk,
        starts_on=starts_on,
        ends_on=ends_on,
        needs="参与综合文稿起草",
    )


def through_pledge(county: County, secondment: Secondment, first: date) -> Secondment:
    """Vetting on `first` by 城关主任 (the sending unit's), training and pledge the two days after."""
    by = county.secrecy_head.user
    secondees.secondment_record_step(
        by=by, secondment=secondment, kind=StepKind.VETTING, done_on=first, done_by=county.unit_heads[1]
    )
    for offset, kind in ((1, StepKind.TRAINING), (2, StepKind.PLEDGE)):
        secondees.secondment_record_step(
            by=by, secondment=secondment, kind=kind, done_on=first + timedelta(days=offset)
        )
    return Secondment.objects.get(pk=secondment.pk)


def in_post(county: County, today: date, *, person: Person | None = None, days_left: int = 14) -> Secondment:
    """A secondment that started a month ago, all steps before the start done."""
    person = person or make_secondee(county)
    secondment = register(
        county, person, starts_on=today - timedelta(days=30), ends_on=today + timedelta(days=days_left)
    )
    return through_pledge(county, secondment, today - timedelta(days=40))
