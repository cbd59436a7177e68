"""The states of an archive item (件) and of a use request (利用申请), and the moves each action may make (pure
tables, no database).

An item is handed over (移交) by filing, arranged (整理), shelved (入库); while it exists it may be used (利用),
appraised (鉴定) once due, and destroyed (销毁) when the archives head approves another person's proposal.
Those three keep or end the item whatever shelf state it is in (an item imported from a catalogue is already
shelved; a handed-over item may already be due). A use request waits for the archives head (待审批) unless the
item is open to the requester and not a state secret (granted at once); an approved loan comes back (归还).
"""

from __future__ import annotations

from django.db import models

from zhongshu.core.states import TransitionTable


class ItemState(models.TextChoices):
    HANDED_OVER = "handed_over", "已移交"
    ARRANGED = "arranged", "已整理"
    SHELVED = "shelved", "已入库"
    DESTROYED = "destroyed", "已销毁"


class ItemAction(models.TextChoices):
    ARRANGE = "arrange", "整理"
    SHELVE = "shelve", "入库"
    USE = "use", "申请利用"
    APPRAISE = "appraise", "鉴定"
    # The archives head's decision on a proposed destruction: approved, the item is destroyed; refused, it
    # stays as it was.
    DESTROY = "destroy", "审批销毁"


# States in which the item still exists: it may be used, appraised and destroyed.
EXISTING_STATES = (ItemState.HANDED_OVER, ItemState.ARRANGED, ItemState.SHELVED)

ITEM_TRANSITIONS: dict[tuple[str, str], str] = {
    (ItemState.HANDED_OVER, ItemAction.ARRANGE): ItemState.ARRANGED,
    (ItemState.ARRANGED, ItemAction.SHELVE): ItemState.SHELVED,
    **{(state, ItemAction.USE): state for state in EXISTING_STATES},
    **{(state, ItemAction.APPRAISE): state for state in EXISTING_STATES},
    **{(state, ItemAction.DESTROY): ItemState.DESTROYED for state in EXISTING_STATES},
}

ITEM_MACHINE = TransitionTable("档案", "archive_invalid_transition", ItemState, ItemAction, ITEM_TRANSITIONS)


class UseState(models.TextChoices):
    REQUESTED = "requested", "待审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "未批准"
    RETURNED = "returned", "已归还"


class UseAction(models.TextChoices):
    APPROVE = "approve", "批准"
    REJECT = "reject", "不予批准"
    RETURN = "return", "归还"


USE_TRANSITIONS: dict[tuple[str, str], str] = {
    (UseState.REQUESTED, UseAction.APPROVE): UseState.APPROVED,
    (UseState.REQUESTED, UseAction.REJECT): UseState.REJECTED,
    # Only a loan comes back: the rule also asks that the approved use is a borrowing.
    (UseState.APPROVED, UseAction.RETURN): UseState.RETURNED,
}

USE_MACHINE = TransitionTable("利用申请", "use_invalid_transition", UseState, UseAction, USE_TRANSITIONS)
