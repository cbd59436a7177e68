"""Which actions a viewer may take on a self-inspection filling now (the page offers these, the API returns them,
the service requires them): who fills it saves and submits it while it is being filled; the secrecy office
reviews a submitted one, and (with 督查督办's leave: a supervisor or the office director) turns its findings into
整改 items once it is submitted or reviewed."""

from __future__ import annotations

from typing import Any

from zhongshu.core.actions import ActionRules, Refusal, not_allowed, not_now
from zhongshu.secrecy.inspection import fills_for, may_rectify
from zhongshu.secrecy.models_inspection import FillingState, InspectionFilling
from zhongshu.secrecy.roles import keeps_ledger


def _fill(viewer: Any, filling: InspectionFilling) -> Refusal | None:
    if not fills_for(viewer, filling):
        return not_allowed("只有本单位（部门）的兼职保密管理员可以填报自查", "not_allowed")
    if filling.state != FillingState.DRAFT:
        return not_now(f"该自查{filling.get_state_display()}，不能再修改", "filling_closed")
    return None


def _review(viewer: Any, filling: InspectionFilling) -> Refusal | None:
    if not keeps_ledger(viewer):
        return not_allowed("只有保密办可以审核自查", "not_allowed")
    if filling.state != FillingState.SUBMITTED:
        return not_now(f"该自查{filling.get_state_display()}，不在待审核状态", "not_submitted")
    return None


def _rectify(viewer: Any, filling: InspectionFilling) -> Refusal | None:
    if not keeps_ledger(viewer):
        return not_allowed("只有保密办可以将自查发现的问题转为整改事项", "not_allowed")
    if not may_rectify(viewer):
        return not_allowed("转为整改事项须由督查员或办公室主任办理", "not_supervisor")
    if filling.state == FillingState.DRAFT:
        return not_now("该自查尚未提交，不能转整改", "not_submitted")
    return None


RULES: ActionRules[InspectionFilling] = ActionRules(
    noun="保密自查填报",
    rules={"fill": _fill, "review": _review, "rectify": _rectify},
)
