"""The acting person, as services receive them: one type for every service's `by`.

`Actor` is the signed-in account (`accounts.User`) with what a service asks of whoever acts, each read once per
request and kept on the object: its person (`actor.person_or_none`, Django's cached one-to-one), its unit
(`actor.unit_id`), its roles (`actor.has_role`, `actor.role_names()` cached) and its administrator role. Views
pass `actor_of(request)`; a test passes the account itself. The access policy keeps its own `Viewer` (read
only, below the accounts layer) and builds it from the same account.
"""

from __future__ import annotations

from typing import TypeAlias

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from zhongshu.accounts.models import User

Actor: TypeAlias = User


def actor_of(request: HttpRequest) -> Actor:
    """The request's signed-in account; a view reaches here only behind `login_required`."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied("请先登录")
    return user
