"""本周日程 on a leader's workbench: his own meetings (chair, attendee, substitute; booked states) and
engagements of this week, from the meetings module's schedule source."""

from __future__ import annotations

from datetime import datetime, timedelta

import time_machine
from django.utils import timezone

from tests.meetings.conftest import signed_in
from zhongshu.base.levels import Classification
from zhongshu.meetings import engagements
from zhongshu.meetings.engagements import EngagementFields
from zhongshu.meetings.models import Attendee, ReplyState
from zhongshu.meetings.states import MeetingState


def at(day, hour):
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour))


@time_machine.travel("2026-12-08 08:00:00+08:00", tick=False)  # a Tuesday
def test_a_leaders_workbench_shows_his_meetings_and_engagements_of_the_week(county):
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    chaired = county.make_meeting(
        "县长办公会", starts_at=at(monday + timedelta(days=2), 9), chair=county.leaders[1], attendees=[]
    )
    attended = county.make_meeting(
        "防汛调度会", starts_at=at(monday + timedelta(days=3), 15), attendees=[county.leaders[1]]
    )
    substituted = county.make_meeting(
        "林副县长的会",
        starts_at=at(monday + timedelta(days=4), 9),
        attendees=[county.leaders[3]],
        chair=county.leaders[0],
    )
    Attendee.objects.filter(meeting=substituted).update(
        reply=ReplyState.SUBSTITUTE, substitute=county.leaders[1]
    )
    county.make_meeting(
        "被拒绝的会",
        state=MeetingState.REFUSED,
        starts_at=at(monday + timedelta(days=1), 9),
        attendees=[county.leaders[1]],
    )
    county.make_meeting(
        "下周的会", starts_at=at(monday + timedelta(days=8), 9), attendees=[county.leaders[1]]
    )
    engagements.engagement_add(
        by=county.clerk.user,
        fields=EngagementFields(
            leader=county.leaders[1],
            kind="research",
            title="赴河口乡调研",
            place="河口乡",
            starts_at=at(monday + timedelta(days=4), 14),
            ends_at=at(monday + timedelta(days=4), 17),
        ),
    )
    engagements.engagement_add(
        by=county.clerk.user,
        fields=EngagementFields(
            leader=county.leaders[0],
            kind="visit",
            title="书记的会见",
            place="",
            starts_at=at(monday + timedelta(days=4), 14),
            ends_at=at(monday + timedelta(days=4), 17),
            classification=Classification.INTERNAL,
        ),
    )
    page = signed_in("leader2").get("/")
    assert page.status_code == 200
    text = page.content.decode()
    schedule = text[text.index('data-testid="schedule"') :]
    for title in (chaired.title, attended.title, substituted.title, "【调研】赴河口乡调研"):
        assert title in schedule, title
    for title in ("被拒绝的会", "下周的会", "书记的会见"):
        assert title not in schedule, title
    assert f"/meetings/{attended.pk}/" in schedule
    body = signed_in("leader2").get("/api/me/workbench").json()
    titles = [entry["title"] for entry in body["schedule"]["entries"]]
    assert titles == [chaired.title, attended.title, substituted.title, "【调研】赴河口乡调研"]
