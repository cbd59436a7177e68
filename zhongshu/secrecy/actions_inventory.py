"""Which actions a viewer may take now on a count's discrepancy and on a copy request (the pages offer these,
the API returns them, the services require them): the secrecy office resolves a discrepancy once, on a carrier
it may see; it decides a copy request once, never its own, on a carrier it may see."""

from __future__ import annotations

from typing import Any

from zhongshu.access.policy import can
from zhongshu.core.actions import ActionRules, Refusal, not_allowed, not_now
from zhongshu.secrecy.models_carriers import Carrier, CopyRequest, CopyState, InventoryDiscrepancy
from zhongshu.secrecy.roles import keeps_ledger


def _sees_carrier(viewer: Any, carrier_id: int) -> bool:
    return can(viewer, Carrier(pk=carrier_id))


def _resolve(viewer: Any, discrepancy: InventoryDiscrepancy) -> Refusal | None:
    if not keeps_ledger(viewer) or not _sees_carrier(viewer, discrepancy.carrier_id):
        return not_allowed("只有能查看该载体的保密办人员可以处理清点差异", "not_allowed")
    if discrepancy.resolved_note:
        return not_now("该差异已处理", "already_resolved")
    return None


def _decide(viewer: Any, request: CopyRequest) -> Refusal | None:
    if not keeps_ledger(viewer) or not _sees_carrier(viewer, request.carrier_id):
        return not_allowed("只有能查看该载体的保密办人员可以审批复制申请", "not_allowed")
    person = getattr(viewer, "person_or_none", None)
    person_id = person.pk if person is not None else getattr(viewer, "person_id", None)
    if person_id is not None and person_id == request.requested_by_id:
        return not_allowed("不能审批本人的复制申请", "own_request")
    if request.state != CopyState.PENDING:
        return not_now(f"该复制申请{request.get_state_display()}，不能再次审批", "already_decided")
    return None


DISCREPANCY_RULES: ActionRules[InventoryDiscrepancy] = ActionRules(
    noun="清点差异", rules={"resolve": _resolve}
)
COPY_RULES: ActionRules[CopyRequest] = ActionRules(noun="复制申请", rules={"decide": _decide})
