"""Who does what in 请示报告: the county office (its 文书 and 督查员, and the office director) keeps every unit's
reporting checklist, sees the compliance of all units and the 三重一大 register; each unit's liaison, 文书 and
leaders see their unit's checklist, file against it and file the unit's 三重一大 matters."""

from __future__ import annotations

from typing import Any

from zhongshu.access.policy import is_business_person
from zhongshu.base.roles import Role
from zhongshu.org.offices import works_in_office_as

KEEPER_ROLES = (Role.CLERK, Role.SUPERVISOR)
UNIT_FILER_ROLES = (Role.LIAISON, Role.CLERK, Role.LEADER, Role.INFO_OFFICER)


def may_use_reporting(user: Any) -> bool:
    """Every business account (a person); the three administrators do not."""
    return is_business_person(user)


def keeps_checklists(user: Any) -> bool:
    """The county office's 文书 and 督查员, and the office director. Takes a user or an access-policy Viewer."""
    if not getattr(user, "is_active", False):
        return False
    if user.has_role(Role.OFFICE_DIRECTOR):
        return True
    return any(works_in_office_as(user, role) for role in KEEPER_ROLES)


def files_for_unit(user: Any) -> bool:
    """Files his own unit's reports, requests and 三重一大 matters."""
    return any(user.has_role(role) for role in UNIT_FILER_ROLES)
