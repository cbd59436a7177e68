"""What the generated action tests share: trying an action without keeping it, and reading a page's actions."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.test import Client

from zhongshu.core.actions import ActionRules
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


@dataclass
class Walk:
    """What a walk over one record found: every disagreement, and every action someone was offered."""

    wrong: list[str] = field(default_factory=list)
    offered_somewhere: set[str] = field(default_factory=set)


def walk(
    rules: ActionRules[Any],
    fresh: Callable[[], Any],
    people: dict[str, Any],
    drivers: dict[str, Callable[[Any, Any], Any]],
    page: str,
    *,
    among: Collection[str] | None = None,
    api: str | None = None,
) -> Walk:
    """For each person: what the rules offer on a fresh copy of the record, what each action's service
    accepts (rolled back), and what the record's page at `page` shows; with `api`, what that GET lists as
    `actions` too. With `among`, only those actions are walked (a part of a module walks its own)."""
    from zhongshu.testing.access import sign_in

    found = Walk()
    for who, user in people.items():
        offered = rules.available(user, fresh(), among=among)
        found.offered_somewhere.update(offered)
        for action, call in drivers.items():
            accepted = accepts(lambda call=call, user=user: call(fresh(), user))
            if accepted != (action in offered):
                verdict = "accepted but not offered" if accepted else "refused but offered"
                found.wrong.append(f"{who}: {action} {verdict}")
        client = sign_in(Client(), user)
        shown = shown_actions(client, page)
        if shown is not None and among is not None:
            shown &= set(among)
        if shown is None:
            if offered:
                found.wrong.append(f"{who}: cannot see the record but is offered {offered}")
        elif shown != set(offered):
            found.wrong.append(f"{who}: the page shows {sorted(shown)}, the rules offer {offered}")
        if api is not None:
            response = client.get(api)
            listed = set(response.json()["actions"]) if response.status_code == 200 else None
            if listed is not None and among is not None:
                listed &= set(among)
            if listed is not None and listed != set(offered):
                found.wrong.append(f"{who}: the API lists {sorted(listed)}, the rules offer {offered}")
    return found
