"""The audit log's and the pages' words for what the meetings module records (one vocabulary, issue 15); the
meeting's own history uses MeetingAction's labels. Each part of the module adds its audit actions here."""

from __future__ import annotations

from zhongshu.meetings.states import MeetingAction

AUDIT_ACTION_LABELS: dict[str, str] = {
    **{f"meetings.{action.value}": f"会议{action.label}" for action in MeetingAction},
}

AUDIT_DETAIL_LABELS: dict[str, str] = {}

AUDIT_DETAIL_VALUES: dict[str, dict[str, str]] = {}

# The meeting's history (MeetingEvent.action): codes that are not a MeetingAction.
EVENT_LABELS: dict[str, str] = {action.value: str(action.label) for action in MeetingAction}
