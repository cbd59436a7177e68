"""The seating and sign-in part's routes in the access matrix: the 座次表 page and its API, the page the QR
code opens, the room's sign-in screen and the sign-in API, every clearance and scope (each with a seating
and an open sign-in, so there is something to leak). The DOCX answers as the meeting does
(test_seating.test_the_docx_is_read_through_the_access_policy)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from zhongshu.meetings.models import Attendee, Meeting, MeetingType, Seat
from zhongshu.meetings.states import MeetingState
from zhongshu.testing.access import Route, check_records


def test_the_seating_and_sign_in_routes_leak_nothing(db):
    start = timezone.now() + timedelta(days=3)

    def make(spec):
        meeting = Meeting.objects.create(
            title=spec.title,
            meeting_type=MeetingType.TOPIC,
            state=MeetingState.NOTIFIED,
            applicant_unit=spec.owner_unit,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            sign_in_code="246810",
            sign_in_expires_at=start + timedelta(hours=3),
            created_by=spec.owner_person.user,
            **spec.fields(),
        )
        for position, person in enumerate(spec.need_to_know_people[:2], start=1):
            attendee = Attendee.objects.create(meeting=meeting, person=person)
            Seat.objects.create(meeting=meeting, attendee=attendee, row=0, position=position)
        return spec.apply_need_to_know(meeting)

    report = check_records(
        model=Meeting,
        make=make,
        routes=[
            Route("seating page", "/meetings/{pk}/seating/"),
            Route("seating api", "/api/meetings/{pk}/seating"),
            Route("sign-in page", "/meetings/{pk}/sign-in/"),
            Route("room's sign-in screen", "/meetings/{pk}/sign-in/room/"),
            Route("sign-in api", "/api/meetings/{pk}/sign-in"),
        ],
    )
    assert report.requests > 0
