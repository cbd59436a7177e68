"""The audit log's words for what the approval chains record (issue 15, one vocabulary); a step's own history
uses StepAction's labels."""

from __future__ import annotations

from zhongshu.workflow.states import StepAction, StepKind, WorkflowAction

AUDIT_ACTION_LABELS: dict[str, str] = {
    **{f"workflow.step.{action.value}": f"审批步骤{action.label}" for action in StepAction},
    **{f"workflow.{action.value}": f"审批流程{action.label}" for action in WorkflowAction},
    "workflow.start": "发起审批流程",
    "workflow.approved": "审批流程通过",
    "workflow.step.deadline_remind": "审批步骤到期提醒",
}

# The audit details' keys and values of the approval chains (audit.vocabulary.detail_items).
AUDIT_DETAIL_LABELS: dict[str, str] = {"step": "步骤", "stage": "阶段", "round": "轮次", "stages": "环节"}
AUDIT_DETAIL_VALUES: dict[str, dict[str, str]] = {
    "stages": {str(kind.value): str(kind.label) for kind in StepKind},
    "kind": {"documents.outgoing": "发文审批"},
}
