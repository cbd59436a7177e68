"""Leaders' engagements in the access matrix: the engagement's page and API, the week's page and API (where
what a viewer may not see reads 另有安排), every clearance and scope. The calendar feed reads as its leader
through the same reading (tests/meetings/test_feed.py)."""

from datetime import datetime, timedelta

from django.utils import timezone

from zhongshu.base.levels import Clearance
from zhongshu.base.roles import Role
from zhongshu.meetings.models import Engagement
from zhongshu.meetings.week import monday_of
from zhongshu.testing.access import Population, Route, check_records
from zhongshu.testing.factories import make_person, make_unit


def test_engagements_leak_nothing(db):
    population = Population()
    leader = make_person(
        "矩阵领导",
        unit=make_unit("矩阵县委", code="MXLD"),
        roles=[Role.LEADER],
        is_leader=True,
        leader_rank=1,
        clearance=Clearance.CORE,
        username="mx_leader",
    )
    monday = monday_of(timezone.localdate())
    start = timezone.make_aware(datetime.combine(monday + timedelta(days=1), datetime.min.time())).replace(
        hour=9
    )

    def make(spec):
        engagement = Engagement.objects.create(
            leader=leader,
            kind="research",
            title=spec.title,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            created_by=spec.owner_person.user,
            **spec.fields(),
        )
        return spec.apply_need_to_know(engagement)

    week = monday.isoformat()
    report = check_records(
        model=Engagement,
        make=make,
        population=population,
        routes=[
            Route("engagement", "/meetings/engagements/{pk}/"),
            Route("api engagement", "/api/meetings/engagements/{pk}"),
            Route("week", f"/meetings/schedule/?week={week}"),
            Route("api week", f"/api/meetings/schedule?week={week}"),
        ],
    )
    assert report.requests > 0


def test_feed_tokens_are_read_through_their_scope(county):
    from django.test import Client

    from tests.meetings.conftest import signed_in
    from zhongshu.meetings import feeds
    from zhongshu.meetings.models import FeedToken

    made = feeds.feed_token_create(by=county.clerk.user, person=county.leaders[0])
    pk = made.feed.pk
    # Not a leader nor the meeting staff: no feed pages at all.
    for url in ("/meetings/feeds/", "/api/meetings/feeds"):
        assert signed_in("slj_llr").get(url).status_code == 403
    assert Client().get("/meetings/feeds/").status_code == 302
    assert Client().get("/api/meetings/feeds").status_code == 401
    # Another leader neither lists nor revokes it: it does not exist for him.
    other = signed_in("leader2")
    assert "郑书记" not in other.get("/meetings/feeds/").content.decode()
    assert other.get("/api/meetings/feeds").json() == []
    assert other.post(f"/meetings/feeds/{pk}/revoke/").status_code == 404
    assert other.post(f"/api/meetings/feeds/{pk}/revoke").status_code == 404
    assert FeedToken.objects.get(pk=pk).revoked_at is None
    # The leader himself and the office do.
    assert "郑书记" in signed_in("leader1").get("/meetings/feeds/").content.decode()
    assert "郑书记" in signed_in("zhuren").get("/meetings/feeds/").content.decode()
    # The feed itself needs no sign-in, and answers alike whoever asks.
    assert Client().get(f"/meetings/feed/{made.token}.ics").status_code == 200
    assert signed_in("slj_llr").get(f"/meetings/feed/{made.token}.ics").status_code == 200
    assert signed_in("leader1").post(f"/meetings/feeds/{pk}/revoke/").status_code == 302
    assert Client().get(f"/meetings/feed/{made.token}.ics").status_code == 404
