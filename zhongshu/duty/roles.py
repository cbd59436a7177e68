"""Who does what in 值班应急: the office's duty room (值班员 and the office director) keeps the county's
rosters, log, spot checks and incidents; every unit's people see their own unit's roster and file its
rosters; leaders see incidents and stand as 带班领导; every leading cadre files his own leave or travel."""

from __future__ import annotations

import contextlib
from typing import Any

from zhongshu.base.roles import Role

DUTY_ROOM_ROLES = (Role.DUTY_OFFICER, Role.OFFICE_DIRECTOR)


def may_use_duty(user: Any) -> bool:
    """Every business account (a person) sees rosters and files leave; the three administrators do not."""
    return (
        bool(getattr(user, "is_authenticated", False)) and getattr(user, "person_or_none", None) is not None
    )


def is_duty_room(user: Any) -> bool:
    """The county office's duty room: 值班员 and the office director."""
    return any(user.has_role(role) for role in DUTY_ROOM_ROLES)


def is_leader(user: Any) -> bool:
    return bool(user.has_role(Role.LEADER))


def county_duty_room_unit_ids() -> set[int]:
    """The units whose 值班员 keep the county's duty: where an office director works (the county office).
    A bureau's or a town's own 值班员 keeps only his unit's duty. (swaps part)"""
    from zhongshu.org.models import Person

    return set(
        Person.objects.filter(
            user__groups__name=Role.OFFICE_DIRECTOR.value, user__is_active=True
        ).values_list("unit_id", flat=True)
    )


def is_county_duty_room(user: Any) -> bool:
    """The office director, or a 值班员 of the county office (not a bureau's own 值班员). Takes a user or an
    access-policy Viewer. (swaps part)"""
    if not getattr(user, "is_active", False):
        return False
    if user.has_role(Role.OFFICE_DIRECTOR):
        return True
    if not user.has_role(Role.DUTY_OFFICER):
        return False
    known = getattr(user, "_duty_county_room", None)
    if known is not None:
        return bool(known)
    unit_id = getattr(user, "unit_id", None)
    if unit_id is None:
        person = getattr(user, "person_or_none", None)
        unit_id = person.unit_id if person is not None else None
    answer = unit_id is not None and unit_id in county_duty_room_unit_ids()
    # A page asks once per row (a spot-check round's calls): the answer is kept on the request's user, as
    # Django keeps its permission cache there; a frozen access-policy Viewer just asks again.
    with contextlib.suppress(AttributeError, TypeError):
        user._duty_county_room = answer
    return answer
