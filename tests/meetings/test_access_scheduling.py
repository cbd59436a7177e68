"""The scheduling part's routes in the access matrix: the conflict check (API and fragment) and the meeting
page's 时间地点 section name another meeting or engagement only to whoever may see it; anyone else reads
另有安排. The room pages are the meeting staff's alone."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from tests.meetings.conftest import signed_in
from zhongshu.meetings.models import Engagement, EngagementKind, Meeting, MeetingType, Room
from zhongshu.meetings.states import MeetingState
from zhongshu.org.models import Person
from zhongshu.testing.access import Population, Route, check_records
from zhongshu.testing.factories import make_person, make_unit


def _monday_at(hour: int) -> datetime:
    today = timezone.localdate()
    monday = today + timedelta(days=7 - today.weekday())
    return timezone.make_aware(datetime.combine(monday, time(hour)))


def test_meeting_conflicts_leak_nothing(db):
    room = Room.objects.create(name="矩阵会议室", capacity=500, cleared_for_classified=True)
    start = _monday_at(9)

    def make(spec):
        meeting = Meeting.objects.create(
            title=spec.title,
            meeting_type=MeetingType.TOPIC,
            state=MeetingState.APPROVED,
            applicant_unit=spec.owner_unit,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            room=room,
            created_by=spec.owner_person.user,
            **spec.fields(),
        )
        return spec.apply_need_to_know(meeting)

    when = f"starts_at={start:%Y-%m-%dT%H:%M}&ends_at={start + timedelta(hours=1):%Y-%m-%dT%H:%M}"
    report = check_records(
        model=Meeting,
        make=make,
        population=Population(),
        routes=[
            Route("conflict check", f"/api/meetings/conflicts?{when}&room={room.pk}"),
            Route("conflict fragment", f"/meetings/conflicts/?{when}&room={room.pk}"),
            Route("meeting page with its conflicts", "/meetings/{pk}/"),
        ],
    )
    assert report.requests > 0


def test_engagement_conflicts_leak_nothing(db):
    leader = make_person("矩阵领导", unit=make_unit("矩阵办", code="JZB"), is_leader=True, leader_rank=1)
    start = _monday_at(14)

    def make(spec):
        engagement = Engagement.objects.create(
            leader=leader,
            kind=EngagementKind.VISIT,
            title=spec.title,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            created_by=spec.owner_person.user,
            **spec.fields(),
        )
        return spec.apply_need_to_know(engagement)

    assert Person.objects.filter(pk=leader.pk).exists()
    when = f"starts_at={start:%Y-%m-%dT%H:%M}&ends_at={start + timedelta(hours=1):%Y-%m-%dT%H:%M}"
    report = check_records(
        model=Engagement,
        make=make,
        population=Population(),
        routes=[
            Route("conflict check", f"/api/meetings/conflicts?{when}&people={leader.pk}"),
            Route("conflict fragment", f"/meetings/conflicts/?{when}&people={leader.pk}"),
        ],
    )
    assert report.requests > 0


def test_room_pages_are_the_meeting_staffs(county):
    room = county.rooms["first"]
    for path in ("/meetings/rooms/", "/meetings/rooms/new/", f"/meetings/rooms/{room.pk}/"):
        assert signed_in("wenshu").get(path).status_code == 200, path
        assert signed_in("zhuren").get(path).status_code == 200, path
        assert signed_in("leader1").get(path).status_code == 403, path
        assert signed_in("slj_llr").get(path).status_code == 403, path
    from django.test import Client

    assert Client().get("/meetings/rooms/").status_code == 302
    assert (
        signed_in("slj_llr")
        .post("/api/meetings/rooms", {"name": "x", "capacity": 3}, content_type="application/json")
        .status_code
        == 403
    )
