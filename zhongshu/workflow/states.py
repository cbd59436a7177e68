"""The states of a workflow and of its steps, and the transitions each action may make.

Pure tables, no database: `next_step_state` and `next_workflow_state` either answer the new state or raise
`InvalidTransition` naming the state and the action in Chinese.
"""

from __future__ import annotations

from django.db import models

from zhongshu.core.states import TransitionTable


class WorkflowState(models.TextChoices):
    RUNNING = "running", "办理中"
    APPROVED = "approved", "已通过"
    RETURNED = "returned", "已退回"
    CANCELLED = "cancelled", "已撤销"


class StepState(models.TextChoices):
    PENDING = "pending", "未开始"
    OPEN = "open", "待办理"
    APPROVED = "approved", "已同意"
    RETURNED = "returned", "已退回"
    CANCELLED = "cancelled", "已取消"


class StepKind(models.TextChoices):
    REVIEW = "review", "核稿"
    COUNTERSIGN = "countersign", "会签"
    SIGN_OFF = "sign_off", "签发"
    APPROVAL = "approval", "审批"
    READ = "read", "圈阅"


class StepAction(models.TextChoices):
    OPEN = "open", "开始办理"
    APPROVE = "approve", "同意"
    RETURN = "return", "退回"
    COMMENT = "comment", "填写意见"
    CIRCLE = "circle", "圈阅"
    REMIND = "remind", "催办"
    CANCEL = "cancel", "取消"


class WorkflowAction(models.TextChoices):
    APPROVE = "approve", "办结通过"
    RETURN = "return", "退回"
    RESUBMIT = "resubmit", "重新提交"
    CANCEL = "cancel", "撤销"


STEP_TRANSITIONS: dict[tuple[str, str], str] = {
    (StepState.PENDING, StepAction.OPEN): StepState.OPEN,
    (StepState.PENDING, StepAction.CANCEL): StepState.CANCELLED,
    (StepState.OPEN, StepAction.APPROVE): StepState.APPROVED,
    (StepState.OPEN, StepAction.CIRCLE): StepState.APPROVED,
    (StepState.OPEN, StepAction.RETURN): StepState.RETURNED,
    (StepState.OPEN, StepAction.CANCEL): StepState.CANCELLED,
    # Comments and reminders leave an open step open.
    (StepState.OPEN, StepAction.COMMENT): StepState.OPEN,
    (StepState.OPEN, StepAction.REMIND): StepState.OPEN,
}

WORKFLOW_TRANSITIONS: dict[tuple[str, str], str] = {
    (WorkflowState.RUNNING, WorkflowAction.APPROVE): WorkflowState.APPROVED,
    (WorkflowState.RUNNING, WorkflowAction.RETURN): WorkflowState.RETURNED,
    (WorkflowState.RUNNING, WorkflowAction.CANCEL): WorkflowState.CANCELLED,
    (WorkflowState.RETURNED, WorkflowAction.RESUBMIT): WorkflowState.RUNNING,
    (WorkflowState.RETURNED, WorkflowAction.CANCEL): WorkflowState.CANCELLED,
}


STEP_MACHINE = TransitionTable("步骤", "step_invalid_transition", StepState, StepAction, STEP_TRANSITIONS)
WORKFLOW_MACHINE = TransitionTable(
    "流程", "workflow_invalid_transition", WorkflowState, WorkflowAction, WORKFLOW_TRANSITIONS
)


def next_step_state(state: str, action: str) -> str:
    return STEP_MACHINE.next(state, action)


def next_workflow_state(state: str, action: str) -> str:
    return WORKFLOW_MACHINE.next(state, action)
