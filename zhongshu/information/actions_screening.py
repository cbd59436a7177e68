"""Which screening actions (编辑处理) an editor may take on a submitted item now, and on a near-duplicate flag:
the pages show these, the API returns them, the services in screening.py require them."""

from __future__ import annotations

from typing import Any

from zhongshu.core.actions import ActionRules, Refusal, not_allowed, not_now
from zhongshu.information.models import DuplicateFlag, InfoReport, ItemState
from zhongshu.information.roles import is_editor


class ScreenAction:
    RETURN = "return"  # 退回
    MERGE = "merge"  # 合并（把其他信息并入本条）
    EDIT = "edit"  # 编辑
    ADOPT = "adopt"  # 采用
    MARK_FALSE = "mark_false"  # 认定虚假信息


def _editor(viewer: Any) -> Refusal | None:
    if not getattr(viewer, "is_authenticated", False) or not is_editor(viewer):
        return not_allowed("只有县委办信息科的编辑才能处理报送的信息", "not_editor")
    return None


def _waiting(viewer: Any, item: InfoReport) -> Refusal | None:
    refusal = _editor(viewer)
    if refusal is not None:
        return refusal
    if item.state != ItemState.SUBMITTED:
        return not_now(f"该信息{item.get_state_display()}，不在待编辑处理之列", "item_not_submitted")
    return None


def _editable(viewer: Any, item: InfoReport) -> Refusal | None:
    refusal = _editor(viewer)
    if refusal is not None:
        return refusal
    if item.state not in (ItemState.SUBMITTED, ItemState.ADOPTED):
        return not_now(f"该信息{item.get_state_display()}，不能编辑", "item_not_editable")
    return None


def _false(viewer: Any, item: InfoReport) -> Refusal | None:
    refusal = _editor(viewer)
    if refusal is not None:
        return refusal
    if item.state != ItemState.ADOPTED:
        return not_now("只有已采用的信息才能认定为虚假信息", "item_not_adopted")
    if item.false_marked_at is not None:
        return not_now("该信息已认定为虚假信息", "already_false")
    return None


ITEM_RULES: ActionRules[InfoReport] = ActionRules(
    noun="信息",
    rules={
        ScreenAction.ADOPT: _waiting,
        ScreenAction.MERGE: _waiting,
        ScreenAction.EDIT: _editable,
        ScreenAction.RETURN: _waiting,
        ScreenAction.MARK_FALSE: _false,
    },
)


def _dismiss(viewer: Any, flag: DuplicateFlag) -> Refusal | None:
    refusal = _editor(viewer)
    if refusal is not None:
        return refusal
    if flag.dismissed_at is not None:
        return not_now("该疑似重复已排除", "flag_dismissed")
    return None


FLAG_RULES: ActionRules[DuplicateFlag] = ActionRules(noun="疑似重复", rules={"dismiss": _dismiss})
