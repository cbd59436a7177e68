"""The applicant's to-do: applications returned for changes (退回修改) wait for whoever submitted them. The
director's 待审批 applications come through the workflow's own to-do (its open steps)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from zhongshu.access.policy import visible
from zhongshu.core.todos import TodoItem
from zhongshu.meetings.models import Meeting
from zhongshu.meetings.states import MeetingState

TODO_SOURCE_LABEL = "会议申请"
LIMIT = 100


def returned_todos(user: Any) -> list[TodoItem]:
    if getattr(user, "person_or_none", None) is None:
        return []
    meetings = (
        visible(Meeting.objects.all(), user)
        .filter(state=MeetingState.DRAFT, workflow__isnull=False, workflow__created_by=user)
        .order_by("starts_at", "id")[:LIMIT]
    )
    return [
        TodoItem(
            title=f"会议申请被退回：{meeting.title}",
            url=reverse("meetings:meeting", args=[meeting.pk]),
            kind="meetings.returned",
            source_label=TODO_SOURCE_LABEL,
            due=timezone.localtime(meeting.starts_at).date(),
            note=meeting.decision_reason,
            at=meeting.updated_at,
            classification=int(meeting.classification),
            record=(Meeting._meta.label_lower, str(meeting.pk)),
        )
        for meeting in meetings
    ]
