"""Query budgets of the scheduling part's pages: the 会议室 list with 10 and 20 rooms, and the conflict
fragment with 5 and 10 conflicting meetings (each naming the other meeting as the viewer may see it)."""

from __future__ import annotations

import itertools
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from tests.budgets.helpers import assert_flat, signed_in
from tests.meetings.conftest import make_county
from zhongshu.meetings.models import Room

pytestmark = pytest.mark.django_db

N = 10
_serial = itertools.count(1)


def add_rooms(n: int) -> None:
    Room.objects.bulk_create(
        [Room(name=f"预算会议室{next(_serial):03d}", capacity=10 + i, has_video=i % 2 == 0) for i in range(n)]
    )


def test_the_room_list_costs_the_same_for_twice_the_rooms():
    county = make_county()  # three rooms of its own
    add_rooms(N)
    assert_flat(
        signed_in(county.clerk.user),
        "/meetings/rooms/",
        grow=lambda: add_rooms(N + 3),
        rows=lambda page: (
            page.count("/meetings/rooms/")
            - page.count('href="/meetings/rooms/"')
            - page.count("/meetings/rooms/new/")
        ),
        ceiling=12,
    )


def test_the_conflict_fragment_costs_the_same_for_twice_the_conflicts():
    county = make_county()
    today = timezone.localdate()
    start = timezone.make_aware(datetime.combine(today + timedelta(days=7 - today.weekday()), time(9)))

    def meetings(n: int) -> None:
        for i in range(n):
            county.make_meeting(
                f"预算会议{next(_serial):03d}",
                starts_at=start,
                room="first",
                attendees=[county.leaders[i % 4], county.bureau_head],
            )

    meetings(N // 2)
    leaders = ",".join(str(p.pk) for p in county.leaders)
    url = (
        f"/meetings/conflicts/?starts_at={start:%Y-%m-%dT%H:%M}&ends_at={start + timedelta(hours=1):%Y-%m-%dT%H:%M}"
        f"&room={county.rooms['first'].pk}&people={leaders}"
    )
    assert_flat(
        signed_in(county.clerk.user),
        url,
        grow=lambda: meetings(N // 2),
        rows=lambda page: page.count("预算会议"),
        ceiling=24,
    )
