"""Who does what in supervision: the office's people (督查员, 办公室主任, 领导, 文书) and the units' liaisons."""

from __future__ import annotations

from typing import Any

from zhongshu.base.roles import Role

# Who may open, assign, close out, return and look back; they alone know every item (issue 14: a leader, a
# clerk or an archivist knows the items of their unit and those naming them, not the whole ledger).
SUPERVISING_ROLES = (Role.SUPERVISOR, Role.OFFICE_DIRECTOR)


def knows_every_item(viewer: Any) -> bool:
    """Whether the viewer (an access-policy `Viewer`) may know every item they are cleared for; anyone else
    knows the items of their unit and those naming them (SupervisionItem.access_scope)."""
    return any(viewer.has_role(role) for role in SUPERVISING_ROLES)


def is_supervising(user: Any) -> bool:
    return any(user.has_role(role) for role in SUPERVISING_ROLES)


def may_use_supervision(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return any(user.has_role(role) for role in (*SUPERVISING_ROLES, Role.LEADER, Role.LIAISON))


def may_set_thresholds(user: Any) -> bool:
    """The office director alone sets the escalation thresholds."""
    return bool(getattr(user, "is_authenticated", False)) and user.has_role(Role.OFFICE_DIRECTOR)
