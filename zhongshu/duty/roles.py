"""Who does what in 值班应急: the office's duty room (值班员 and the office director) keeps the county's
rosters, log, spot checks and incidents; every unit's people see their own unit's roster and file its
rosters; leaders see incidents and stand as 带班领导; every leading cadre files his own leave or travel."""

from __future__ import annotations

from typing import Any

from zhongshu.access.policy import is_business_person
from zhongshu.base.roles import Role
from zhongshu.org.offices import office_unit_ids, works_in_office_as

DUTY_ROOM_ROLES = (Role.DUTY_OFFICER, Role.OFFICE_DIRECTOR)


def may_use_duty(user: Any) -> bool:
    """Every business account (a person) sees rosters and files leave; the three administrators do not."""
    return is_business_person(user)


def is_duty_room(user: Any) -> bool:
    """The county office's duty room: 值班员 and the office director."""
    return any(user.has_role(role) for role in DUTY_ROOM_ROLES)


def is_leader(user: Any) -> bool:
    return bool(user.has_role(Role.LEADER))


def county_duty_room_unit_ids() -> set[int]:
    """The units whose 值班员 keep the county's duty: the county office (org.offices)."""
    return office_unit_ids()


def is_county_duty_room(user: Any) -> bool:
    """The office director, or a 值班员 of the county office (not a bureau's own 值班员). Takes a user or an
    access-policy Viewer."""
    if not getattr(user, "is_active", False):
        return False
    return bool(user.has_role(Role.OFFICE_DIRECTOR)) or works_in_office_as(user, Role.DUTY_OFFICER)
