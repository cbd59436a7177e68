"""The agenda part's routes in the access matrix: the agenda and secrecy API, the printable register of
numbered copies, and the meeting page carrying the 议题 and 保密管理 sections — every clearance and scope. A
topic's material file answers as its meeting does (tests/meetings/test_agenda.py)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from zhongshu.meetings.models import Meeting, MeetingType, Topic
from zhongshu.meetings.states import MeetingState
from zhongshu.testing.access import Route, check_records


def test_the_agenda_and_secrecy_routes_leak_nothing(db):
    start = timezone.now() + timedelta(days=3)

    def make(spec):
        meeting = Meeting.objects.create(
            title=spec.title,
            meeting_type=MeetingType.TOPIC,
            state=MeetingState.NOTIFIED,
            applicant_unit=spec.owner_unit,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            created_by=spec.owner_person.user,
            **spec.fields(),
        )
        Topic.objects.create(meeting=meeting, order=1, title="矩阵议题", presenter=spec.owner_person)
        return spec.apply_need_to_know(meeting)

    report = check_records(
        model=Meeting,
        make=make,
        routes=[
            Route("agenda api", "/api/meetings/{pk}/agenda"),
            Route("secrecy api", "/api/meetings/{pk}/secrecy"),
            Route("copies register", "/meetings/{pk}/copies/"),
            Route("meeting page with the agenda and secrecy sections", "/meetings/{pk}/"),
        ],
    )
    assert report.requests > 0
