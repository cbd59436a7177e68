"""Who does what in 值班应急: the office's duty room (值班员 and the office director) keeps the county's
rosters, log, spot checks and incidents; every unit's people see their own unit's roster and file its
rosters; leaders see incidents and stand as 带班领导; every leading cadre files his own leave or travel."""

from __future__ import annotations

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
