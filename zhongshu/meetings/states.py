"""The states of a meeting (会议) and the transitions each action may make: a pure table, no database.

A unit applies (申请); the office approves under the unit's meeting quota, refuses, or merges the
application into another meeting; an approved meeting is notified (会议通知), held and closed (结束). The
approval itself runs on the workflow app: `submit` starts the chain and the chain's end moves the meeting
(`meetings.approval`), so the meeting's state never has to be reconciled with the workflow.
"""

from __future__ import annotations

from django.db import models

from zhongshu.core.states import TransitionTable


class MeetingState(models.TextChoices):
    DRAFT = "draft", "草稿"
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    NOTIFIED = "notified", "已通知"
    CLOSED = "closed", "已结束"
    REFUSED = "refused", "不予批准"
    MERGED = "merged", "已合并"
    CANCELLED = "cancelled", "已取消"


class MeetingAction(models.TextChoices):
    APPLY = "apply", "申请"
    EDIT = "edit", "修改"
    SUBMIT = "submit", "报批"
    APPROVE = "approve", "批准"
    RETURN = "return", "退回修改"
    REFUSE = "refuse", "不予批准"
    MERGE = "merge", "合并召开"
    SCHEDULE = "schedule", "调整时间地点"
    NOTIFY = "notify", "发送会议通知"
    CLOSE = "close", "结束会议"
    CANCEL = "cancel", "取消会议"


# States in which the meeting is on the calendar: its room, leaders and attendees are taken.
BOOKED_STATES = (MeetingState.PENDING, MeetingState.APPROVED, MeetingState.NOTIFIED, MeetingState.CLOSED)
# States in which the meeting is still to be held (notices, replies, seating, sign-in may change).
ACTIVE_STATES = (MeetingState.APPROVED, MeetingState.NOTIFIED)
# States that count against the unit's yearly quota and in the 精文减会 statistics.
COUNTED_STATES = (MeetingState.APPROVED, MeetingState.NOTIFIED, MeetingState.CLOSED)

TRANSITIONS: dict[tuple[str, str], str] = {
    (MeetingState.DRAFT, MeetingAction.EDIT): MeetingState.DRAFT,
    (MeetingState.DRAFT, MeetingAction.SUBMIT): MeetingState.PENDING,
    (MeetingState.DRAFT, MeetingAction.CANCEL): MeetingState.CANCELLED,
    (MeetingState.PENDING, MeetingAction.APPROVE): MeetingState.APPROVED,
    (MeetingState.PENDING, MeetingAction.RETURN): MeetingState.DRAFT,
    (MeetingState.PENDING, MeetingAction.REFUSE): MeetingState.REFUSED,
    (MeetingState.PENDING, MeetingAction.MERGE): MeetingState.MERGED,
    (MeetingState.PENDING, MeetingAction.CANCEL): MeetingState.CANCELLED,
    (MeetingState.APPROVED, MeetingAction.SCHEDULE): MeetingState.APPROVED,
    (MeetingState.APPROVED, MeetingAction.NOTIFY): MeetingState.NOTIFIED,
    (MeetingState.APPROVED, MeetingAction.CANCEL): MeetingState.CANCELLED,
    (MeetingState.NOTIFIED, MeetingAction.SCHEDULE): MeetingState.NOTIFIED,
    (MeetingState.NOTIFIED, MeetingAction.NOTIFY): MeetingState.NOTIFIED,  # a changed notice goes out again
    (MeetingState.NOTIFIED, MeetingAction.CLOSE): MeetingState.CLOSED,
    (MeetingState.NOTIFIED, MeetingAction.CANCEL): MeetingState.CANCELLED,
}

MEETING_MACHINE = TransitionTable(
    "会议", "meeting_invalid_transition", MeetingState, MeetingAction, TRANSITIONS
)


def next_state(state: str, action: str) -> str:
    return MEETING_MACHINE.next(state, action)
