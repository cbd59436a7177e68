"""Query budgets of the agenda part's pages: the meeting page with N and 2N topics (each with its material
file) and numbered copies, and the printable 涉密材料发放回收登记表 with N and 2N copies."""

from __future__ import annotations

import itertools
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.budgets.helpers import assert_flat, signed_in
from zhongshu.base.levels import Classification
from zhongshu.meetings import agenda, secrecy
from zhongshu.meetings.states import MeetingState

N = 8
_serial = itertools.count(1)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _meeting(county):
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=21)
    return county.make_meeting(
        "预算涉密会议",
        state=MeetingState.NOTIFIED,
        starts_at=start,
        classification=Classification.SECRET,
        room="secure",
        attendees=county.leaders[1:3],
    )


def _topics(county, meeting, count: int) -> None:
    for _ in range(count):
        n = next(_serial)
        topic = agenda.topic_add(
            meeting=meeting, by=county.clerk.user, title=f"预算议题{n}", presenter=county.leaders[n % 2 + 1]
        )
        upload = SimpleUploadedFile(f"材料{n}.txt", f"第{n}项汇报".encode(), content_type="text/plain")
        agenda.topic_material_submit(topic=topic, by=county.clerk.user, files=[upload])


def _copies(county, meeting, count: int) -> None:
    for _ in range(count):
        n = next(_serial)
        copy = secrecy.material_copy_hand_out(
            meeting=meeting, by=county.clerk.user, material=f"预算材料{n}", holder=county.leaders[n % 2 + 1]
        )
        if n % 2:
            secrecy.material_copy_return(copy=copy, by=county.secrecy_officer.user)


def _rows(marker: str):
    return lambda page: len(re.findall(marker, page))


def test_the_meeting_page_costs_the_same_for_n_and_2n_topics_and_copies(county):
    meeting = _meeting(county)
    _topics(county, meeting, N)
    _copies(county, meeting, N)

    def grow():
        _topics(county, meeting, N)
        _copies(county, meeting, N)

    assert_flat(
        signed_in(county.clerk.user),
        f"/meetings/{meeting.pk}/",
        grow=grow,
        rows=_rows(r'<tr data-topic="'),
        ceiling=70,
        # The working-day calendar re-checks its revision every few seconds, whichever request comes then.
        slack=1,
    )


def test_the_copies_register_costs_the_same_for_n_and_2n_copies(county):
    meeting = _meeting(county)
    _copies(county, meeting, N)
    assert_flat(
        signed_in(county.clerk.user),
        f"/meetings/{meeting.pk}/copies/",
        grow=lambda: _copies(county, meeting, N),
        rows=_rows(r"预算材料\d+"),
        ceiling=25,
    )
