"""Meetings as a search source: the meeting's name, purpose, agenda (议题) and decisions (议定事项).

A meeting is findable from its application on, until it is cancelled (a cancelled one leaves the index). Its
entry mirrors the meeting's access (a 涉密会议 is found only by those who may open it); its date is the day it
is held. The 会议纪要 is a document and is found as one (documents' own source).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from zhongshu.meetings.models import Meeting
from zhongshu.meetings.states import MeetingState
from zhongshu.search.registry import SearchSource, SearchText, register_source


def meeting_text(meeting: Meeting) -> SearchText | None:
    if meeting.state == MeetingState.CANCELLED:
        return None
    topics = [topic.title for topic in meeting.topics.all()]
    decisions = [decision.text for decision in meeting.decisions.all()]
    parts = [meeting.purpose, *topics, *decisions, meeting.get_meeting_type_display()]
    names = [meeting.applicant_unit.name]
    if meeting.chair is not None:
        names.append(meeting.chair.name)
    return SearchText(
        title=meeting.title,
        body="\n".join(part for part in parts if part),
        url=reverse("meetings:meeting", args=[meeting.pk]),
        date=timezone.localdate(meeting.starts_at),
        unit_id=meeting.applicant_unit_id,
        names=tuple(names),
    )


def meetings_to_index() -> QuerySet[Meeting]:
    return (
        Meeting.objects.exclude(state=MeetingState.CANCELLED)
        .select_related("applicant_unit", "chair")
        .prefetch_related("topics", "decisions")
    )


def register() -> None:
    register_source(
        SearchSource(
            kind="meeting",
            label="会议",
            model=Meeting,
            to_text=meeting_text,
            queryset=meetings_to_index,
        )
    )
