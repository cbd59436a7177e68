"""Who uses the 素材库: the office's staff (any business role but a unit's liaison alone)."""

from __future__ import annotations

from typing import Any

from zhongshu.access.policy import is_business_person
from zhongshu.base.roles import Role

OFFICE_ROLES = tuple(role for role in Role if role != Role.LIAISON)


def may_use_materials(user: Any) -> bool:
    return is_business_person(user) and any(user.has_role(role) for role in OFFICE_ROLES)


def is_office_director(viewer: Any) -> bool:
    """Whether the viewer (an access-policy `Viewer`) holds the 办公室主任 role."""
    return bool(viewer.has_role(Role.OFFICE_DIRECTOR))
