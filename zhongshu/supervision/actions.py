"""Which actions a person may take on a supervision item now: one rule per action, asked by the item's page
(its forms), the API (`actions` with the item) and the service before it acts (`RULES.require`). See
core.actions.

The office's side (assign, close out, return, press, look back) is the 督查员's and the office director's;
the units' side (receive, report, request completion) belongs to the people of the units the item names;
a completion is confirmed by the lead unit's head and the responsible leader in person, or recorded for
them by the office. Codes and messages are the ones the services always gave.
"""

from __future__ import annotations

from typing import Any

from zhongshu.access.policy import can
from zhongshu.core.actions import ActionRules, Refusal, Rule, not_allowed, not_now
from zhongshu.org.models import Person
from zhongshu.org.selectors import person_of_user
from zhongshu.supervision.models import (
    CloseOutConfirmation,
    ConfirmerRole,
    ItemUnit,
    ReportKind,
    SupervisionItem,
    UnitRole,
)
from zhongshu.supervision.roles import is_supervising
from zhongshu.supervision.states import ITEM_MACHINE, ItemAction, ItemState

SUPERVISING_ONLY = "仅督查员或办公室主任可以办理此操作"
NOT_UNIT_MEMBER = "只有承办单位人员可以办理此事项"


def _transition(item: SupervisionItem, action: str) -> Refusal | None:
    return ITEM_MACHINE.refusal(item.state, action)


def _office(viewer: Any, item: SupervisionItem, action: str) -> Refusal | None:
    if not is_supervising(viewer):
        return not_allowed(SUPERVISING_ONLY, "not_supervisor")
    return _transition(item, action)


def unit_role(viewer: Any, item: SupervisionItem) -> str | None:
    """The viewer's unit's part in the item (牵头 or 配合), read once per item and person."""
    person = person_of_user(viewer)
    if person is None:
        return None
    cache: dict[int, str | None] = item.__dict__.setdefault("_unit_role_by_person", {})
    if person.pk not in cache:
        cache[person.pk] = (
            ItemUnit.objects.filter(item=item, unit_id=person.unit_id).values_list("role", flat=True).first()
        )
    return cache[person.pk]


def _member(viewer: Any, item: SupervisionItem) -> Refusal | str:
    role = unit_role(viewer, item)
    if role is None or not can(viewer, item):
        return not_allowed(NOT_UNIT_MEMBER, "not_unit_member")
    return role


def _lead_unit(action: str, message: str) -> Rule[SupervisionItem]:
    """An action of the lead unit's people alone (签收, 申请办结)."""

    def rule(viewer: Any, item: SupervisionItem) -> Refusal | None:
        role = _member(viewer, item)
        if isinstance(role, Refusal):
            return role
        if role != UnitRole.LEAD:
            return not_allowed(message, "lead_unit_only")
        return _transition(item, action)

    return rule


def _report(viewer: Any, item: SupervisionItem) -> Refusal | None:
    role = _member(viewer, item)
    if isinstance(role, Refusal):
        return role
    if item.state == ItemState.CLOSED:
        return not_now("事项已销号，不能再反馈进展", "item_closed")
    return _transition(item, ItemAction.REPORT)


def confirmed_roles(item: SupervisionItem) -> set[str]:
    return set(
        CloseOutConfirmation.objects.filter(item=item, round=item.round).values_list("role", flat=True)
    )


def may_confirm_as(person: Person | None, item: SupervisionItem, role: str) -> bool:
    """Whether `person` is the one who confirms for `role`: the lead unit's head, or the responsible leader."""
    if person is None:
        return False
    if role == ConfirmerRole.UNIT_HEAD:
        return person.unit_id == item.lead_unit_id and person.is_leader
    return item.leader_id is not None and person.pk == item.leader_id


def confirmable_roles(viewer: Any, item: SupervisionItem) -> list[str]:
    """The confirmations still missing in this round that the viewer may give or (the office) record."""
    missing = [role for role in ConfirmerRole.values if role not in confirmed_roles(item)]
    if is_supervising(viewer):
        return missing
    person = person_of_user(viewer)
    return [role for role in missing if may_confirm_as(person, item, role)]


def _confirm(viewer: Any, item: SupervisionItem) -> Refusal | None:
    refusal = _transition(item, ItemAction.CONFIRM)
    if refusal is not None:
        return refusal
    if not is_supervising(viewer) and not any(
        may_confirm_as(person_of_user(viewer), item, role) for role in ConfirmerRole.values
    ):
        return not_allowed(
            "办结须由牵头单位主要负责人或督办领导本人确认，或由督查员代为登记", "not_confirmer"
        )
    if not confirmable_roles(viewer, item):
        return not_now("办结确认已齐全", "already_confirmed")
    return None


def _close_out(viewer: Any, item: SupervisionItem) -> Refusal | None:
    refusal = _office(viewer, item, ItemAction.CLOSE_OUT)
    if refusal is not None:
        return refusal
    if not item.reports.filter(kind=ReportKind.COMPLETION, round=item.round).exists():
        return not_now("没有办结材料，不能销号", "evidence_required")
    confirmed = confirmed_roles(item)
    missing = [ConfirmerRole(role).label for role in ConfirmerRole.values if role not in confirmed]
    if missing:
        return not_now(f"销号须经{'和'.join(missing)}确认", "confirmation_missing")
    return None


def _look_back(viewer: Any, item: SupervisionItem) -> Refusal | None:
    if not is_supervising(viewer):
        return not_allowed(SUPERVISING_ONLY, "not_supervisor")
    if item.look_back_due is None:
        return not_now("此事项没有待办的回头看", "no_look_back")
    return _transition(item, ItemAction.LOOK_BACK_CONFIRM)


RULES: ActionRules[SupervisionItem] = ActionRules(
    "事项",
    {
        "assign": lambda viewer, item: _office(viewer, item, ItemAction.ASSIGN),
        "receive": _lead_unit(ItemAction.RECEIVE, "由牵头单位签收"),
        "report": _report,
        "request_completion": _lead_unit(ItemAction.REQUEST_COMPLETION, "由牵头单位申请办结"),
        "confirm": _confirm,
        "close_out": _close_out,
        "return": lambda viewer, item: _office(viewer, item, ItemAction.RETURN),
        "press": lambda viewer, item: _office(viewer, item, ItemAction.PRESS),
        "look_back": _look_back,
        "withdraw": lambda viewer, item: _office(viewer, item, ItemAction.WITHDRAW),
    },
)
