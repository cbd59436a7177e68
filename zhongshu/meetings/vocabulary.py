"""The audit log's and the pages' words for what the meetings module records (one vocabulary, issue 15); the
meeting's own history uses MeetingAction's labels. Each part of the module adds its audit actions here."""

from __future__ import annotations

from zhongshu.meetings.states import MeetingAction

# The minutes part's codes: the meeting's history (MeetingEvent.action) and the audit (meetings.<code>).
MINUTES_LABELS: dict[str, str] = {
    "minutes.draft": "起草会议纪要",
    "decision.add": "记录议定事项",
    "decision.remove": "删除议定事项",
    "decision.supervise": "议定事项转为督办事项",
}

AUDIT_ACTION_LABELS: dict[str, str] = {
    **{f"meetings.{action.value}": f"会议{action.label}" for action in MeetingAction},
    **{f"meetings.{code}": label for code, label in MINUTES_LABELS.items()},
}

AUDIT_DETAIL_LABELS: dict[str, str] = {
    "document": "会议纪要",
    "decision": "议定事项",
    "item": "督查事项",
}

AUDIT_DETAIL_VALUES: dict[str, dict[str, str]] = {}

# The meeting's history (MeetingEvent.action): codes that are not a MeetingAction.
EVENT_LABELS: dict[str, str] = {
    **{action.value: str(action.label) for action in MeetingAction},
    **MINUTES_LABELS,
}
