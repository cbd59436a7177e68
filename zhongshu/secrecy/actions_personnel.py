"""Which actions a viewer may take on a departure (离岗) now — the page offers these, the API returns them, the
services require them: the ledger's keepers record the reminder talk and the leaving pledge and complete the
departure, until it is completed."""

from __future__ import annotations

from typing import Any

from zhongshu.core.actions import ActionRules, Refusal, not_allowed, not_now
from zhongshu.secrecy.models_personnel import Departure, PledgeKind
from zhongshu.secrecy.roles import keeps_ledger


def _open(viewer: Any, departure: Departure) -> Refusal | None:
    if not keeps_ledger(viewer):
        return not_allowed("只有保密办和办公室主任可以办理离岗手续", "not_allowed")
    if departure.completed_at is not None:
        return not_now("离岗手续已办结", "departure_completed")
    return None


def _talk(viewer: Any, departure: Departure) -> Refusal | None:
    refusal = _open(viewer, departure)
    if refusal is None and departure.talk_on is not None:
        return not_now("提醒谈话已登记", "already_recorded")
    return refusal


def _pledge(viewer: Any, departure: Departure) -> Refusal | None:
    refusal = _open(viewer, departure)
    if refusal is None and departure.pledges.filter(kind=PledgeKind.LEAVING).exists():
        return not_now("离岗保密承诺书已登记", "already_recorded")
    return refusal


RULES: ActionRules[Departure] = ActionRules(
    noun="离岗事项",
    rules={"talk": _talk, "pledge": _pledge, "complete": _open},
)
