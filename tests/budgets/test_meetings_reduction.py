"""Query budget of 精文减会统计 (the meetings application part's list page): the yearly figures and the merge
candidates cost the same with 10 and 20 pairs of candidate meetings."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from tests.budgets.helpers import assert_flat, signed_in
from tests.meetings.conftest import make_county

pytestmark = pytest.mark.django_db
N = 10
_serial = itertools.count(1)


def pairs(county, count: int) -> None:
    """`count` pairs of approved meetings, each pair in a week of its own with the same attendees."""
    monday = timezone.localdate() + timedelta(days=7 - timezone.localdate().weekday())
    for _ in range(count):
        n = next(_serial)
        start = timezone.make_aware(datetime.combine(monday + timedelta(weeks=n), datetime.min.time()))
        people = [county.bureau_head, county.leaders[n % 4]]
        for part in (1, 2):
            county.make_meeting(
                f"预算调度会{n}之{part}",
                starts_at=start + timedelta(days=part, hours=9),
                attendees=people,
                room=None,
                is_video=True,
            )


def test_the_statistics_page_costs_the_same_for_10_and_20_candidate_pairs():
    county = make_county()
    pairs(county, N)
    assert_flat(
        signed_in(county.clerk.user),
        "/meetings/reduction/",
        grow=lambda: pairs(county, N),
        rows=lambda page: page.count("预算调度会") // 2,
        ceiling=25,
    )
