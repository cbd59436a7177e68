"""Query budgets of the minutes part: the meeting page (its 会议纪要和议定事项 section) and the decisions API
with 10 and 20 decisions, half of them turned into supervision items."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.budgets.helpers import assert_flat, counter, signed_in
from tests.meetings import conftest as meetings_fixtures
from zhongshu.meetings.decisions import meeting_decision_add, meeting_decision_supervise
from zhongshu.meetings.minutes import minutes_draft
from zhongshu.meetings.states import MeetingState

pytestmark = pytest.mark.django_db
county = meetings_fixtures.county

N = 10
_serial = itertools.count(1)


def decide(county, meeting, count: int) -> None:
    deadline = timezone.localdate() + timedelta(days=30)
    for _ in range(count):
        n = next(_serial)
        decision = meeting_decision_add(
            meeting=meeting,
            by=county.clerk.user,
            text=f"预算议定事项第{n}项",
            lead_unit=county.bureau if n % 2 else county.second_bureau,
            leader=county.leaders[2],
            deadline=deadline,
        )
        if n % 2:
            meeting_decision_supervise(decision=decision, by=county.director.user)


@pytest.fixture
def meeting(county):
    meeting = county.make_meeting("预算调度会", state=MeetingState.NOTIFIED)
    decide(county, meeting, N)
    minutes_draft(meeting=meeting, by=county.clerk.user)
    return meeting


def test_the_meeting_page_costs_the_same_for_10_and_20_decisions(county, meeting):
    assert_flat(
        signed_in(county.director.user),
        f"/meetings/{meeting.pk}/",
        grow=lambda: decide(county, meeting, N),
        rows=counter("预算议定事项"),
        ceiling=60,  # the whole page, every part's section: measured 43 on SQLite
        # the working-day calendar's revision is read again once after the items' assignment (a cache check,
        # not a row's query)
        slack=1,
    )


def test_the_decisions_api_costs_the_same_for_10_and_20_decisions(county, meeting):
    assert_flat(
        signed_in(county.director.user),
        f"/api/meetings/{meeting.pk}/decisions",
        grow=lambda: decide(county, meeting, N),
        rows=counter('"order"'),
        ceiling=14,  # measured 12 on SQLite
    )
