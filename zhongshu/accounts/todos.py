"""The unit leader's to-do for password resets: a colleague's reset whose second half waits to be shown."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from zhongshu.accounts.resets import password_resets_awaiting
from zhongshu.core.todos import TodoItem


def reset_halves_awaiting(user: Any) -> Iterable[TodoItem]:
    for reset in password_resets_awaiting(user):
        person = getattr(reset.user, "person", None)
        name = person.name if person is not None else reset.user.username
        yield TodoItem(
            title=f"领取{name}的密码重置码后半段，当面交给本人",
            url=reverse("accounts:resets"),
            kind="password_reset",
            source_label="账号安全",
            at=reset.issued_at,
        )
