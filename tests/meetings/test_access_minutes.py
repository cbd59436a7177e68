"""The minutes part's routes in the access matrix: the decisions (API) and the meeting page that carries the
会议纪要和议定事项 section, every clearance and scope."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from zhongshu.meetings.models import Meeting, MeetingDecision, MeetingType
from zhongshu.meetings.states import MeetingState
from zhongshu.testing.access import Route, check_records


def test_the_minutes_routes_leak_nothing(db):
    start = timezone.now() - timedelta(days=1)

    def make(spec):
        meeting = Meeting.objects.create(
            title=spec.title,
            meeting_type=MeetingType.TOPIC,
            state=MeetingState.CLOSED,
            applicant_unit=spec.owner_unit,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            created_by=spec.owner_person.user,
            **spec.fields(),
        )
        MeetingDecision.objects.create(meeting=meeting, order=1, text=f"{spec.marker}议定事项")
        return spec.apply_need_to_know(meeting)

    report = check_records(
        model=Meeting,
        make=make,
        routes=[
            Route("decisions api", "/api/meetings/{pk}/decisions"),
            Route("meeting page with the minutes section", "/meetings/{pk}/"),
        ],
    )
    assert report.requests > 0
