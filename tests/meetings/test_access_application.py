"""The application part's routes in the access matrix: the meeting page with its 申请与审批 section and the
API's meeting (with the quota and the merge candidates), every clearance, scope and level; the edit page and
the statistics page read through the same policy (tested by hand in test_application_pages and
test_application_reduction)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from zhongshu.meetings.models import Attendee, Meeting, MeetingType
from zhongshu.meetings.states import MeetingState
from zhongshu.testing.access import Route, check_records


def test_the_application_routes_leak_nothing(db):
    start = timezone.now() + timedelta(days=3)

    def make(spec):
        meeting = Meeting.objects.create(
            title=spec.title,
            meeting_type=MeetingType.DISPATCH,
            state=MeetingState.APPROVED,
            applicant_unit=spec.owner_unit,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            is_video=True,
            created_by=spec.owner_person.user,
            **spec.fields(),
        )
        # The same attendees for every record: each is a merge candidate of the others, which the section
        # and the API list by title — only those the viewer may see.
        Attendee.objects.create(meeting=meeting, person=spec.owner_person)
        return spec.apply_need_to_know(meeting)

    report = check_records(
        model=Meeting,
        make=make,
        routes=[
            Route("meeting page with the application section", "/meetings/{pk}/"),
            Route("meeting api", "/api/meetings/{pk}"),
        ],
    )
    assert report.requests > 0
