"""Which actions a viewer may take on a classification decision now (the page offers these, the API returns
them, the service requires them): a classification officer of the record's unit decides (approve or refuse) a
pending decision — an extension only before the term it extends has ended — and marks a secret in force in the
yearly review."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from zhongshu.core.actions import ActionRules, Refusal, not_allowed, not_now
from zhongshu.secrecy.classification import current_decision, may_decide_for, standing
from zhongshu.secrecy.models_classification import ClassificationDecision, DecisionKind, DecisionState


def _officer(viewer: Any, decision: ClassificationDecision) -> Refusal | None:
    if not may_decide_for(viewer, decision.unit_id):
        return not_allowed("只有该单位的定密责任人可以审定", "not_officer")
    return None


def _decide(viewer: Any, decision: ClassificationDecision) -> Refusal | None:
    if decision.state != DecisionState.PENDING:
        return not_now(f"该定密事项{decision.get_state_display()}，不能再次审定", "already_decided")
    refusal = _officer(viewer, decision)
    if refusal is not None:
        return refusal
    if decision.kind == DecisionKind.EXTEND:
        current = current_decision(decision.content_type_id, decision.object_id)
        if current is None or standing(current, timezone.localdate()).code != "in_force":
            return not_now("保密期限已届满，不能再延期", "term_ended")
    return None


def _review(viewer: Any, decision: ClassificationDecision) -> Refusal | None:
    refusal = _officer(viewer, decision)
    if refusal is not None:
        return refusal
    if standing(decision, timezone.localdate()).code != "in_force":
        return not_now("该事项不在保密期内，无需年度审查", "not_in_force")
    return None


RULES: ActionRules[ClassificationDecision] = ActionRules(
    noun="定密事项", rules={"decide": _decide, "review": _review}
)
