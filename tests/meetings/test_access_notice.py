"""The notice part's routes in the access matrix: the replies (API) and the meeting page that carries the
会议通知与回执 section, every clearance and scope; the notice's DOCX answers as the meeting does."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from zhongshu.meetings.models import Meeting, MeetingType
from zhongshu.meetings.states import MeetingState
from zhongshu.testing.access import Route, check_records


def test_the_notice_routes_leak_nothing(db):
    start = timezone.now() + timedelta(days=3)

    def make(spec):
        meeting = Meeting.objects.create(
            title=spec.title,
            meeting_type=MeetingType.TOPIC,
            state=MeetingState.NOTIFIED,
            applicant_unit=spec.owner_unit,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            reply_deadline=start - timedelta(hours=20),
            created_by=spec.owner_person.user,
            **spec.fields(),
        )
        return spec.apply_need_to_know(meeting)

    report = check_records(
        model=Meeting,
        make=make,
        routes=[
            Route("replies api", "/api/meetings/{pk}/replies"),
            Route("meeting page with the notice section", "/meetings/{pk}/"),
        ],
    )
    assert report.requests > 0
