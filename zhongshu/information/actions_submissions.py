"""Which actions a person may take now on an information item (信息) on the unit's side: edit, submit, sign off,
send back. The pages show these, the API returns them, the services require them."""

from __future__ import annotations

from typing import Any

from zhongshu.base.roles import Role
from zhongshu.core.actions import ActionRules, Refusal, not_allowed, not_now
from zhongshu.information.models import InfoReport, ItemState
from zhongshu.information.roles import is_writer

EDITABLE_STATES = (ItemState.DRAFT, ItemState.RETURNED)


class ItemAction:
    EDIT = "edit"
    SUBMIT = "submit"
    SIGN_OFF = "sign_off"
    SEND_BACK = "send_back"


def unit_person(viewer: Any) -> Any:
    return getattr(viewer, "person_or_none", None)


def unit_of(viewer: Any) -> int | None:
    person = getattr(viewer, "person_or_none", None)
    return person.unit_id if person is not None else None


def writes_for(viewer: Any, unit_id: int) -> bool:
    """A writer (信息员 or liaison) of the item's own unit."""
    if not getattr(viewer, "is_authenticated", False) or not getattr(viewer, "is_active", False):
        return False
    return unit_of(viewer) == unit_id and is_writer(viewer)


def signs_off_for(viewer: Any, unit_id: int) -> bool:
    """A leader (Role.LEADER) of the item's own unit."""
    if not getattr(viewer, "is_authenticated", False) or not getattr(viewer, "is_active", False):
        return False
    return unit_of(viewer) == unit_id and bool(viewer.has_role(Role.LEADER))


def _writer(viewer: Any, item: InfoReport) -> Refusal | None:
    if not writes_for(viewer, item.unit_id):
        return not_allowed("只有本单位的信息员才能修改或报送本单位的信息", "not_unit_writer")
    if item.state not in EDITABLE_STATES:
        return not_now(f"该信息{item.get_state_display()}，不能修改或报送", "item_not_editable")
    return None


def _leader(viewer: Any, item: InfoReport) -> Refusal | None:
    if not signs_off_for(viewer, item.unit_id):
        return not_allowed("只有本单位领导才能签发本单位的信息", "not_unit_leader")
    if item.state != ItemState.AWAITING_SIGN_OFF:
        return not_now(f"该信息{item.get_state_display()}，不在待签发状态", "item_not_awaiting_sign_off")
    return None


ITEM_RULES: ActionRules[InfoReport] = ActionRules(
    noun="信息",
    rules={
        ItemAction.EDIT: _writer,
        ItemAction.SUBMIT: _writer,
        ItemAction.SIGN_OFF: _leader,
        ItemAction.SEND_BACK: _leader,
    },
)
