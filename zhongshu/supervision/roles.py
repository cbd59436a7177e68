"""Who does what in supervision: the office's people (督查员, 办公室主任, 领导, 文书) and the units' liaisons."""

from __future__ import annotations

from typing import Any

from zhongshu.base.roles import Role

# The office sees every item it may know; everyone else sees only their own unit's items.
OFFICE_ROLES = (Role.SUPERVISOR, Role.OFFICE_DIRECTOR, Role.LEADER, Role.CLERK, Role.ARCHIVIST)
# Who may open, assign, close out, return and look back.
SUPERVISING_ROLES = (Role.SUPERVISOR, Role.OFFICE_DIRECTOR)


def is_liaison_only(viewer: Any) -> bool:
    """Whether the viewer (an access-policy `Viewer`) is limited to their unit's items (anyone outside the
    office's roles)."""
    return not any(viewer.has_role(role) for role in OFFICE_ROLES)


def is_supervising(user: Any) -> bool:
    return any(user.has_role(role) for role in SUPERVISING_ROLES)


def may_use_supervision(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return any(user.has_role(role) for role in (*SUPERVISING_ROLES, Role.LEADER, Role.LIAISON))


def may_set_thresholds(user: Any) -> bool:
    """The office director alone sets the escalation thresholds."""
    return bool(getattr(user, "is_authenticated", False)) and user.has_role(Role.OFFICE_DIRECTOR)
