"""Which actions a person may take on a roster now (core.actions): the roster page offers exactly these, the
API returns them with the roster, and the rosters services call `RULES.require` on the locked roster."""

from __future__ import annotations

from typing import Any

from zhongshu.core.actions import ActionRules, Refusal, not_allowed, not_now
from zhongshu.duty.models import DutyRoster, RosterState


def _manager(viewer: Any, roster: DutyRoster) -> Refusal | None:
    from zhongshu.duty.rosters import may_manage_unit

    if not may_manage_unit(viewer, roster.unit_id):
        return not_allowed("只有本单位联络员、值班员或县委办值班室可以管理本单位值班表", "roster_forbidden")
    return None


def _draft(viewer: Any, roster: DutyRoster) -> Refusal | None:
    refusal = _manager(viewer, roster)
    if refusal is None and roster.state != RosterState.DRAFT:
        return not_now("值班表已发布", "roster_published")
    return refusal


def _edit(viewer: Any, roster: DutyRoster) -> Refusal | None:
    # A published roster's shifts change through swaps (the swaps part); the manager edits a draft by hand.
    return _draft(viewer, roster)


def _print(viewer: Any, roster: DutyRoster) -> Refusal | None:
    return None


RULES: ActionRules[DutyRoster] = ActionRules(
    noun="值班表",
    rules={"edit": _edit, "publish": _draft, "delete": _draft, "print": _print},
)
