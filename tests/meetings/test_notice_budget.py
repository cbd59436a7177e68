"""Query budget of the notice part: the meeting page (its 会议通知与回执 section with the table of replies) and
the replies API cost the same for N and 2N invitations, replied, sent a substitute or not replied."""

from __future__ import annotations

import itertools
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.budgets.helpers import assert_flat, signed_in
from zhongshu.meetings.models import Attendee, AttendeeRole, ReplyState
from zhongshu.meetings.states import MeetingState
from zhongshu.testing.factories import make_person

N = 6
_serial = itertools.count(1)


def _invite(county, meeting, count: int) -> None:
    now = timezone.now()
    for _ in range(count):
        n = next(_serial)
        person = make_person(f"预算参会{n}", unit=county.bureau, username=f"budget{n}")
        row = Attendee.objects.create(meeting=meeting, person=person, role=AttendeeRole.ATTEND, sort_order=n)
        if n % 3 == 1:
            row.reply, row.replied_at = ReplyState.ATTENDING, now
        elif n % 3 == 2:
            substitute = make_person(f"预算代参{n}", unit=county.second_bureau, username=f"budgetsub{n}")
            row.reply, row.substitute, row.reply_reason, row.replied_at = (
                ReplyState.SUBSTITUTE,
                substitute,
                "另有公务",
                now,
            )
        row.save()


@pytest.fixture
def meeting(county):
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=21)
    return county.make_meeting(
        "预算回执会议",
        state=MeetingState.NOTIFIED,
        starts_at=start,
        reply_deadline=start - timedelta(days=1),
        attendees=[],
    )


def test_the_meeting_page_costs_the_same_for_n_and_2n_replies(county, meeting):
    _invite(county, meeting, N)
    assert_flat(
        signed_in(county.clerk.user),
        f"/meetings/{meeting.pk}/",
        grow=lambda: _invite(county, meeting, N),
        rows=lambda page: len(re.findall(r'<tr data-reply="', page)),
        ceiling=45,  # measured 38 on SQLite (the whole page, every part's section)
        slack=1,  # the working-day calendar re-checks its revision every few seconds
    )


def test_the_replies_api_costs_the_same_for_n_and_2n_replies(county, meeting):
    _invite(county, meeting, N)
    assert_flat(
        signed_in(county.clerk.user),
        f"/api/meetings/{meeting.pk}/replies",
        grow=lambda: _invite(county, meeting, N),
        rows=lambda page: len(re.findall(r'"attendee": ?\d+', page)),
        ceiling=15,
        slack=1,
    )
