"""The transition tables, without a database."""

import pytest

from zhongshu.core.errors import InvalidTransition
from zhongshu.workflow.states import (
    STEP_TRANSITIONS,
    StepAction,
    StepState,
    WorkflowAction,
    WorkflowState,
    next_step_state,
    next_workflow_state,
)


@pytest.mark.parametrize(
    ("state", "action", "expected"),
    [
        (StepState.PENDING, StepAction.OPEN, StepState.OPEN),
        (StepState.OPEN, StepAction.APPROVE, StepState.APPROVED),
        (StepState.OPEN, StepAction.CIRCLE, StepState.APPROVED),
        (StepState.OPEN, StepAction.RETURN, StepState.RETURNED),
        (StepState.OPEN, StepAction.CANCEL, StepState.CANCELLED),
        (StepState.PENDING, StepAction.CANCEL, StepState.CANCELLED),
        (StepState.OPEN, StepAction.REMIND, StepState.OPEN),
    ],
)
def test_allowed_step_transitions(state, action, expected):
    assert next_step_state(state, action) == expected


@pytest.mark.parametrize(
    ("state", "action", "message"),
    [
        (StepState.PENDING, StepAction.APPROVE, "步骤未开始，不能同意"),
        (StepState.APPROVED, StepAction.APPROVE, "步骤已同意，不能同意"),
        (StepState.APPROVED, StepAction.RETURN, "步骤已同意，不能退回"),
        (StepState.RETURNED, StepAction.CIRCLE, "步骤已退回，不能圈阅"),
        (StepState.CANCELLED, StepAction.OPEN, "步骤已取消，不能开始办理"),
        (StepState.APPROVED, StepAction.REMIND, "步骤已同意，不能催办"),
    ],
)
def test_illegal_step_transitions_name_state_and_action(state, action, message):
    with pytest.raises(InvalidTransition) as raised:
        next_step_state(state, action)
    assert raised.value.message == message
    assert raised.value.code == "step_invalid_transition"


def test_no_closed_step_state_can_be_left():
    closed = {StepState.APPROVED, StepState.RETURNED, StepState.CANCELLED}
    assert not [key for key in STEP_TRANSITIONS if key[0] in closed]


@pytest.mark.parametrize(
    ("state", "action", "expected"),
    [
        (WorkflowState.RUNNING, WorkflowAction.APPROVE, WorkflowState.APPROVED),
        (WorkflowState.RUNNING, WorkflowAction.RETURN, WorkflowState.RETURNED),
        (WorkflowState.RETURNED, WorkflowAction.RESUBMIT, WorkflowState.RUNNING),
        (WorkflowState.RETURNED, WorkflowAction.CANCEL, WorkflowState.CANCELLED),
    ],
)
def test_allowed_workflow_transitions(state, action, expected):
    assert next_workflow_state(state, action) == expected


def test_an_approved_workflow_cannot_be_resubmitted():
    with pytest.raises(InvalidTransition) as raised:
        next_workflow_state(WorkflowState.APPROVED, WorkflowAction.RESUBMIT)
    assert raised.value.message == "流程已通过，不能重新提交"
