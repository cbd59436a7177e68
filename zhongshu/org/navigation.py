"""The organisation's entries in the navigation bar."""

from __future__ import annotations

from typing import Any

from zhongshu.access.policy import viewer_of
from zhongshu.base.roles import Power
from zhongshu.core.navigation import register_nav
from zhongshu.org.scopes import may_read_directory


def _reads_directory(user: Any) -> bool:
    return may_read_directory(viewer_of(user))


def _has(power: Power):
    return lambda user: bool(getattr(user, "is_authenticated", False) and user.has_power(power))


def register() -> None:
    register_nav("通讯录", "org:directory", allowed=_reads_directory, order=20)
    register_nav("组织机构管理", "org:manage", allowed=_has(Power.MANAGE_ORGANISATION), order=80)
    register_nav("保密管理", "org:security", allowed=_has(Power.SET_CLEARANCE), order=81)
