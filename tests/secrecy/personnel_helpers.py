"""The personnel part's test helpers: cleared posts made by the system administrator and held through the
security administrator's service, as the directory requires; a carrier left with a person on the ledger."""

from __future__ import annotations

from datetime import date

from tests.secrecy.conftest import County
from zhongshu.accounts.models import User
from zhongshu.base.levels import Classification
from zhongshu.base.roles import AdminRole
from zhongshu.org.models import Person, Post
from zhongshu.org.services import post_assign, post_create
from zhongshu.secrecy import personnel
from zhongshu.secrecy.models_carriers import Carrier, CarrierState
from zhongshu.secrecy.models_personnel import Departure
from zhongshu.testing.factories import make_admin


def system_admin() -> User:
    return User.objects.filter(admin_role=AdminRole.SYSTEM_ADMIN).first() or make_admin(
        AdminRole.SYSTEM_ADMIN, "sysadmin_personnel"
    )


def cleared_post(county: County, name: str, level: int, *, holders: tuple[Person, ...] = ()) -> Post:
    post = post_create(
        by=system_admin(),
        unit=county.office,
        name=name,
        department=county.confidential_department,
        required_clearance=level,
    )
    for person in holders:
        post_assign(by=county.security_admin, post=post, person=person)
    return post


def fresh(person: Person) -> Person:
    return Person.objects.select_related("user", "unit").get(pk=person.pk)


def leave(county: County, person: Person, post: Post, left_on: date, years: int | None = None) -> Departure:
    return personnel.departure_record(
        by=county.secrecy_head.user,
        person=person,
        post=post,
        left_on=left_on,
        cooling_off_years=years,
        today=max(left_on, date.today()),
    )


def carrier_with(county: County, person: Person, number: str, title: str = "涉密载体") -> Carrier:
    return Carrier.objects.create(
        number=number,
        title=title,
        registered_by=county.secrecy_head.user,
        state=CarrierState.HELD,
        holder=person,
        classification=Classification.SECRET,
        owner_unit=county.office,
        owner_person=county.confidential_clerk,
    )


def finish_checklist(county: County, departure: Departure, day: date) -> Departure:
    head = county.secrecy_head.user
    departure = personnel.departure_talk(
        by=head, departure=departure, version=departure.version, talk_on=day, talk_by=county.secrecy_head
    )
    personnel.pledge_record(
        by=head, person=departure.person, kind="leaving", signed_on=day, departure=departure
    )
    return departure


def set_clearance(county: County, person: Person, level: int) -> None:
    from zhongshu.access.services import clearance_set

    clearance_set(by=county.security_admin, person=person, clearance=level, reason="测试")
