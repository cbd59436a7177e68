"""Who uses the 素材库: the office's staff (any business role but a unit's liaison alone)."""

from __future__ import annotations

from typing import Any

from zhongshu.accounts.roles import Role

OFFICE_ROLES = tuple(role for role in Role if role != Role.LIAISON)


def may_use_materials(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or bool(getattr(user, "admin_role", None)):
        return False
    return any(user.has_role(role) for role in OFFICE_ROLES)
