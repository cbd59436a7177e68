"""The audit log's words for what the approval chains record (issue 15, one vocabulary); a step's own history
uses StepAction's labels."""

from __future__ import annotations

from zhongshu.workflow.states import StepAction, WorkflowAction

AUDIT_ACTION_LABELS: dict[str, str] = {
    **{f"workflow.step.{action.value}": f"审批步骤{action.label}" for action in StepAction},
    **{f"workflow.{action.value}": f"审批流程{action.label}" for action in WorkflowAction},
    "workflow.start": "发起审批流程",
    "workflow.approved": "审批流程通过",
    "workflow.step.deadline_remind": "审批步骤到期提醒",
}
