"""The state table, without a database."""

import pytest

from zhongshu.core.errors import InvalidTransition
from zhongshu.supervision.states import ItemAction, ItemState, allowed_actions, next_state


def test_the_closed_loop_from_assignment_to_close_out():
    state = ItemState.DRAFT
    for action in (
        ItemAction.ASSIGN,
        ItemAction.RECEIVE,
        ItemAction.REPORT,
        ItemAction.REQUEST_COMPLETION,
        ItemAction.CONFIRM,
        ItemAction.CLOSE_OUT,
    ):
        state = next_state(state, action)
    assert state == ItemState.CLOSED


def test_a_return_sends_the_item_back_to_work():
    assert next_state(ItemState.COMPLETION_REQUESTED, ItemAction.RETURN) == ItemState.IN_PROGRESS


def test_a_look_back_confirms_or_reopens():
    assert next_state(ItemState.CLOSED, ItemAction.LOOK_BACK_CONFIRM) == ItemState.CLOSED
    assert next_state(ItemState.CLOSED, ItemAction.REOPEN) == ItemState.IN_PROGRESS


@pytest.mark.parametrize(
    ("state", "action", "message"),
    [
        (ItemState.IN_PROGRESS, ItemAction.CLOSE_OUT, "事项办理中，不能销号"),
        (ItemState.CLOSED, ItemAction.REPORT, "事项已销号，不能反馈进展"),
        (ItemState.DRAFT, ItemAction.RECEIVE, "事项待交办，不能签收"),
        (ItemState.ASSIGNED, ItemAction.REQUEST_COMPLETION, "事项待签收，不能申请办结"),
        (ItemState.CLOSED, ItemAction.CLOSE_OUT, "事项已销号，不能销号"),
    ],
)
def test_an_action_out_of_order_names_the_state_and_the_action(state, action, message):
    with pytest.raises(InvalidTransition) as caught:
        next_state(state, action)
    assert caught.value.message == message
    assert caught.value.code == "item_invalid_transition"


def test_the_actions_each_state_allows():
    assert allowed_actions(ItemState.COMPLETION_REQUESTED) == ["confirm", "close_out", "return"]
    assert allowed_actions(ItemState.DRAFT) == ["assign", "withdraw"]
    assert allowed_actions(ItemState.WITHDRAWN) == []
