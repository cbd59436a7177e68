"""Who does what in 信息报送: every unit's 信息员 (and its liaison) writes and submits the unit's items; the
unit's leader signs them off where the office requires it; the county office's 信息员 are the editors — they
screen, edit, adopt, assemble and distribute the publications, record adoptions upward, keep the rule table and
commission pieces; the office director signs issues off; county leaders read issues and write 批示."""

from __future__ import annotations

from typing import Any

from zhongshu.access.policy import is_business_person
from zhongshu.base.roles import Role
from zhongshu.org.offices import works_in_office_as

WRITER_ROLES = (Role.INFO_OFFICER, Role.LIAISON)


def may_use_information(user: Any) -> bool:
    """Every business account (a person); the three administrators do not."""
    return is_business_person(user)


def is_writer(user: Any) -> bool:
    """Writes and submits items for his own unit: a 信息员 or a unit liaison (a town's 信息员 is often both)."""
    return any(user.has_role(role) for role in WRITER_ROLES)


def is_editor(user: Any) -> bool:
    """The county office's 信息员 (信息科) and the office director: the publications' editors. A bureau's or a
    town's own 信息员 is a writer, not an editor. Takes a user or an access-policy Viewer."""
    if not getattr(user, "is_active", False):
        return False
    return bool(user.has_role(Role.OFFICE_DIRECTOR)) or works_in_office_as(user, Role.INFO_OFFICER)


def is_leader(user: Any) -> bool:
    return bool(user.has_role(Role.LEADER))
