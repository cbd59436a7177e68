"""Query budgets of the seating part's pages: the 座次表 (with its staff forms) and the meeting page's 签到
table, for a meeting of N and of 2N attendees, every one seated."""

from __future__ import annotations

import itertools

import pytest

from tests.budgets.helpers import assert_flat, counter, signed_in
from tests.meetings.conftest import county  # noqa: F401 - the fixture
from zhongshu.meetings import seating
from zhongshu.testing.factories import make_person

pytestmark = pytest.mark.django_db
N = 12
_serial = itertools.count(1)


def seated_meeting(county, count: int):  # noqa: F811
    """A meeting of `count` people: half ranked leaders, half staff of the bureau; seated by the convention."""
    people = []
    for n in range(count):
        serial = next(_serial)
        people.append(
            make_person(
                f"预算参会{serial}号",
                unit=county.bureau,
                is_leader=n % 2 == 0,
                leader_rank=100 + serial if n % 2 == 0 else None,
                username=f"budget_seat_{serial}",
            )
        )
    meeting = county.make_meeting(f"预算座次会议{next(_serial)}", attendees=people)
    seating.seating_arrange(meeting=meeting, by=county.clerk.user)
    return meeting


def test_the_seating_page_costs_the_same_for_n_and_2n_seats(county):  # noqa: F811
    small = seated_meeting(county, N)
    assert_flat(
        signed_in(county.clerk.user),
        f"/meetings/{small.pk}/seating/",
        grow=lambda: f"/meetings/{seated_meeting(county, 2 * N).pk}/seating/",
        rows=lambda page: page.count("预算参会") // 3,  # each seated person: a card and two form options
        ceiling=16,  # measured 14 on SQLite
    )


def test_the_sign_in_api_costs_the_same_for_n_and_2n_attendees(county):  # noqa: F811
    small = seated_meeting(county, N)
    assert_flat(
        signed_in(county.clerk.user),
        f"/api/meetings/{small.pk}/sign-in",
        grow=lambda: f"/api/meetings/{seated_meeting(county, 2 * N).pk}/sign-in",
        rows=counter('"attendee"'),
        ceiling=15,  # measured 13 on SQLite
    )
