"""Who does what with meetings: any business account is invited and replies; the office's meeting staff
(会务: 文书 and the office director) schedule, notify, seat and sign in; the office director approves."""

from __future__ import annotations

from typing import Any

from zhongshu.access.policy import is_business_person
from zhongshu.base.roles import Role

MEETING_OFFICE_ROLES = (Role.CLERK, Role.OFFICE_DIRECTOR)


def may_use_meetings(user: Any) -> bool:
    """Every business account (a person) is invited to meetings; the three administrators are not."""
    return is_business_person(user)


def is_meeting_office(user: Any) -> bool:
    """会务: the office's meeting staff, who schedule, notify, seat, sign in and close meetings."""
    return any(user.has_role(role) for role in MEETING_OFFICE_ROLES)


def may_approve_meetings(user: Any) -> bool:
    """The office director decides applications (the chain may add a leader's step)."""
    return bool(user.has_role(Role.OFFICE_DIRECTOR))


def may_see_all_schedules(user: Any) -> bool:
    """The leaders' week: the office's meeting staff and the leaders themselves."""
    return is_meeting_office(user) or bool(user.has_role(Role.LEADER))
