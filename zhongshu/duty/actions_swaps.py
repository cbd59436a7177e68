"""Which actions a person may take now on a swap (换班) and on a roster call (报备): the pages show these,
the API returns them, the services require them."""

from __future__ import annotations

from typing import Any

from zhongshu.core.actions import ActionRules, Refusal, not_allowed, not_now
from zhongshu.duty.models import ShiftSwap, SwapState
from zhongshu.duty.roles import is_county_duty_room
from zhongshu.workflow.models import Step
from zhongshu.workflow.states import StepState


class SwapAction:
    APPROVE = "approve"
    REFUSE = "refuse"
    WITHDRAW = "withdraw"


def open_step(swap: ShiftSwap, viewer: Any) -> Step | None:
    """The viewer's open approval step on the swap's chain, if any."""
    if swap.workflow_id is None or not getattr(viewer, "is_authenticated", False):
        return None
    return (
        Step.objects.filter(workflow_id=swap.workflow_id, state=StepState.OPEN, assignee__user_id=viewer.pk)
        .order_by("id")
        .first()
    )


def _pending(swap: ShiftSwap) -> Refusal | None:
    if swap.state != SwapState.PENDING:
        return not_now(f"换班申请{swap.get_state_display()}，不能再办理", "swap_not_pending")
    return None


def _decide(viewer: Any, swap: ShiftSwap) -> Refusal | None:
    refusal = _pending(swap)
    if refusal is not None:
        return refusal
    if open_step(swap, viewer) is None:
        return not_allowed("只有本换班申请的审批人才能审批", "not_approver")
    return None


def _withdraw(viewer: Any, swap: ShiftSwap) -> Refusal | None:
    refusal = _pending(swap)
    if refusal is not None:
        return refusal
    if swap.requested_by_id != getattr(viewer, "pk", None):
        return not_allowed("只有申请人才能撤回换班申请", "not_requester")
    return None


SWAP_RULES: ActionRules[ShiftSwap] = ActionRules(
    noun="换班申请",
    rules={SwapAction.APPROVE: _decide, SwapAction.REFUSE: _decide, SwapAction.WITHDRAW: _withdraw},
)


def may_issue_calls(viewer: Any) -> bool:
    """The county office's duty room issues roster calls (报备通知) and sees every unit's state."""
    return bool(getattr(viewer, "is_authenticated", False)) and is_county_duty_room(viewer)
