"""The states of a supervision item (督查事项) and the transitions each action may make.

A pure table, no database: `next_state` answers the new state or raises `InvalidTransition` naming the
state and the action in Chinese. 整改 problems use the same table: a problem is an item of another kind.
"""

from __future__ import annotations

from django.db import models

from zhongshu.core.states import TransitionTable


class ItemState(models.TextChoices):
    DRAFT = "draft", "待交办"
    ASSIGNED = "assigned", "待签收"
    IN_PROGRESS = "in_progress", "办理中"
    COMPLETION_REQUESTED = "completion_requested", "申请办结"
    CLOSED = "closed", "已销号"
    # Opened by mistake and withdrawn before 交办: kept with its reason, out of the ledger's active lists.
    WITHDRAWN = "withdrawn", "已作废"


class ItemAction(models.TextChoices):
    OPEN = "open", "立项"
    ASSIGN = "assign", "交办"
    RECEIVE = "receive", "签收"
    REPORT = "report", "反馈进展"
    PRESS = "press", "督办"
    REQUEST_COMPLETION = "request_completion", "申请办结"
    CONFIRM = "confirm", "确认办结"
    CLOSE_OUT = "close_out", "销号"
    RETURN = "return", "退回重办重报"
    LOOK_BACK_CONFIRM = "look_back_confirm", "回头看确认"
    REOPEN = "reopen", "回头看重启"
    WITHDRAW = "withdraw", "作废"
    # Not a move between states: the archivist filed the closed item (its page's history shows the 档号).
    FILE = "file", "归档"


# States in which the item is the units' business and its deadline runs.
OPEN_STATES = (ItemState.ASSIGNED, ItemState.IN_PROGRESS, ItemState.COMPLETION_REQUESTED)
# States in which late work is pressed: once completion is requested, the next move is the office's.
ESCALATING_STATES = (ItemState.ASSIGNED, ItemState.IN_PROGRESS)

TRANSITIONS: dict[tuple[str, str], str] = {
    (ItemState.DRAFT, ItemAction.ASSIGN): ItemState.ASSIGNED,
    # 作废: only before 交办; once assigned the units are at work and the item is closed out or returned.
    (ItemState.DRAFT, ItemAction.WITHDRAW): ItemState.WITHDRAWN,
    (ItemState.ASSIGNED, ItemAction.RECEIVE): ItemState.IN_PROGRESS,
    (ItemState.ASSIGNED, ItemAction.PRESS): ItemState.ASSIGNED,
    (ItemState.IN_PROGRESS, ItemAction.REPORT): ItemState.IN_PROGRESS,
    (ItemState.IN_PROGRESS, ItemAction.PRESS): ItemState.IN_PROGRESS,
    (ItemState.IN_PROGRESS, ItemAction.REQUEST_COMPLETION): ItemState.COMPLETION_REQUESTED,
    (ItemState.COMPLETION_REQUESTED, ItemAction.CONFIRM): ItemState.COMPLETION_REQUESTED,
    (ItemState.COMPLETION_REQUESTED, ItemAction.CLOSE_OUT): ItemState.CLOSED,
    # 重办重报: the office finds the report unclear or inaccurate and sends the item back.
    (ItemState.COMPLETION_REQUESTED, ItemAction.RETURN): ItemState.IN_PROGRESS,
    (ItemState.CLOSED, ItemAction.LOOK_BACK_CONFIRM): ItemState.CLOSED,
    (ItemState.CLOSED, ItemAction.REOPEN): ItemState.IN_PROGRESS,
}


ITEM_MACHINE = TransitionTable("事项", "item_invalid_transition", ItemState, ItemAction, TRANSITIONS)


def next_state(state: str, action: str) -> str:
    return ITEM_MACHINE.next(state, action)


def allowed_actions(state: str) -> list[str]:
    return ITEM_MACHINE.allowed_actions(state)
