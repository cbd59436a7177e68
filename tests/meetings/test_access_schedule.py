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
