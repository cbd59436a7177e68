"""What the generated action tests share: trying an action without keeping it, and reading a page's actions."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.test import Client

from zhongshu.core.errors import ServiceError


class _Undo(Exception):
    """Raised after an accepted action so its savepoint rolls back."""


def accepts(call: Callable[[], Any]) -> bool:
    """Whether the service accepts the call; what it did is rolled back either way."""
    try:
        with transaction.atomic():
            call()
            raise _Undo
    except _Undo:
        return True
    except ServiceError:
        return False


def shown_actions(client: Client, url: str) -> set[str] | None:
    """The `data-action` markers of the page at `url`, or None when the viewer may not see it (404, or 403
    for someone the module is not for at all, such as the three administrators)."""
    response = client.get(url)
    if response.status_code in (403, 404):
        return None
    assert response.status_code == 200, response.status_code
    return set(re.findall(r'data-action="([a-z_]+)"', response.content.decode()))
