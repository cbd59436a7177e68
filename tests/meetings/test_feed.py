"""The leaders' calendar feeds: a secret, revocable URL (only its hash kept), served without sign-in as
text/calendar, parsed back here with `icalendar`; 另有安排 for what the leader himself may not see; the same
calendar from `zhongshu meetings ics USERNAME`."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from icalendar import Calendar

from tests.meetings.conftest import signed_in
from tests.meetings.test_schedule import MONDAY, add, at
from zhongshu.audit.models import AuditEvent
from zhongshu.base.levels import Classification
from zhongshu.core.errors import ServiceError
from zhongshu.meetings import feeds
from zhongshu.meetings.models import FeedToken


def events(body: bytes) -> dict[str, dict[str, str]]:
    calendar = Calendar.from_ical(body)
    return {
        str(event["UID"]): {
            "summary": str(event["SUMMARY"]),
            "location": str(event.get("LOCATION", "")),
            "start": event.decoded("DTSTART"),
            "end": event.decoded("DTEND"),
        }
        for event in calendar.walk("VEVENT")
    }


@pytest.fixture
def week(county):
    """郑书记's week: an ordinary engagement, a 机密 one he may see, a 绝密 one beyond his clearance (重要), a
    meeting he attends; and one of another leader."""
    plain = add(county, county.leaders[0], "赴城关镇调研", day=0)
    secret = add(
        county, county.leaders[0], "机密会见", day=1, kind="visit", classification=Classification.SECRET
    )
    top = add(
        county,
        county.leaders[0],
        "绝密活动",
        day=2,
        kind="other",
        classification=Classification.TOP_SECRET,
        by=county.director,
    )
    meeting = county.make_meeting(starts_at=at(MONDAY + timedelta(days=3), 9), attendees=[county.leaders[0]])
    other = add(county, county.leaders[1], "县长的活动", day=0)
    return plain, secret, top, meeting, other


@pytest.fixture(autouse=True)
def core_clearance(county):
    # The director may enter a 绝密 engagement (核心); 郑书记 himself stays 重要.
    county.director.clearance = 3
    county.director.save()


def test_the_feed_parses_and_holds_the_week_with_another_arrangement_for_what_the_leader_may_not_see(
    county, week
):
    plain, secret, top, meeting, other = week
    made = feeds.feed_token_create(by=county.leaders[0].user, person=county.leaders[0])
    response = Client().get(f"/meetings/feed/{made.token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    found = events(response.content)
    assert found[f"engagement-{plain.pk}@zhongshu"]["summary"] == "赴城关镇调研"
    assert found[f"engagement-{plain.pk}@zhongshu"]["location"] == "城关镇"
    assert found[f"engagement-{plain.pk}@zhongshu"]["start"] == plain.starts_at
    assert found[f"engagement-{secret.pk}@zhongshu"]["summary"] == "机密会见"
    hidden = found[f"engagement-{top.pk}@zhongshu"]
    assert hidden["summary"] == "另有安排" and hidden["location"] == ""
    assert hidden["start"] == top.starts_at and hidden["end"] == top.ends_at
    assert found[f"meeting-{meeting.pk}@zhongshu"]["summary"] == meeting.title
    assert f"engagement-{other.pk}@zhongshu" not in found
    assert "绝密活动" not in response.content.decode()
    feed = FeedToken.objects.get()
    assert feed.last_used_at is not None
    # The feed showed a 机密 engagement: its fetch is audited as the leader's reading.
    fetch = AuditEvent.objects.get(action="meetings.feed_fetch")
    assert fetch.actor_id == county.leaders[0].user.pk
    assert f"meetings.engagement:{secret.pk}" in fetch.details["records"]


def test_only_the_hash_of_the_token_is_kept(county):
    made = feeds.feed_token_create(by=county.clerk.user, person=county.leaders[1])
    feed = FeedToken.objects.get()
    assert feed.token_hash == hashlib.sha256(made.token.encode()).hexdigest()
    assert made.token not in str(list(FeedToken.objects.values()))
    assert len(made.token) >= 40
    assert AuditEvent.objects.filter(action="meetings.feed_token_create", object_id=str(feed.pk)).exists()


def test_a_revoked_or_unknown_token_is_a_bare_404(county, week):
    made = feeds.feed_token_create(by=county.leaders[0].user, person=county.leaders[0])
    feeds.feed_token_revoke(by=county.clerk.user, feed=made.feed)
    assert AuditEvent.objects.filter(action="meetings.feed_token_revoke").exists()
    for token in (made.token, "nonsense", "x" * 300):
        response = Client().get(f"/meetings/feed/{token}.ics")
        assert response.status_code == 404
        assert "赴城关镇" not in response.content.decode()
    with pytest.raises(ServiceError) as refused:
        feeds.feed_token_revoke(by=county.clerk.user, feed=made.feed)
    assert refused.value.code == "feed_already_revoked"


def test_a_signed_in_browser_that_owes_its_second_factor_still_gets_the_feed(county, week):
    from zhongshu.accounts.models import User

    made = feeds.feed_token_create(by=county.leaders[0].user, person=county.leaders[0])
    client = Client()
    client.force_login(User.objects.get(username="leader1"))  # no second factor done
    assert client.get("/meetings/").status_code == 302
    assert client.get(f"/meetings/feed/{made.token}.ics").status_code == 200


def test_who_may_make_and_revoke_feeds(county):
    with pytest.raises(ServiceError) as refused:
        feeds.feed_token_create(by=county.leaders[1].user, person=county.leaders[0])
    assert refused.value.code == "not_feed_manager"
    with pytest.raises(ServiceError) as refused:
        feeds.feed_token_create(by=county.clerk.user, person=county.bureau_liaison)
    assert refused.value.code == "not_a_leader"
    assert not FeedToken.objects.exists()


def test_the_page_and_the_api_make_a_token_shown_once_and_revoke_it(county):
    leader = signed_in("leader2")
    page = leader.post("/meetings/feeds/")
    assert page.status_code == 200
    feed = FeedToken.objects.get()
    assert feed.person == county.leaders[1]
    text = page.content.decode()
    assert "/meetings/feed/" in text and ".ics" in text
    assert "/meetings/feed/" not in leader.get("/meetings/feeds/").content.decode()  # shown once
    made = signed_in("wenshu").post(
        "/api/meetings/feeds", {"person": county.leaders[0].pk}, content_type="application/json"
    )
    assert made.status_code == 201
    body = made.json()
    assert Client().get(body["url"]).status_code == 200
    revoked = signed_in("wenshu").post(f"/api/meetings/feeds/{body['id']}/revoke")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert Client().get(body["url"]).status_code == 404
    # A leader sees only his own tokens.
    assert [f["person"] for f in leader.get("/api/meetings/feeds").json()] == ["王县长"]


def test_page_and_api_refuse_a_feed_for_someone_not_a_leader_with_the_same_code(county):
    page = signed_in("wenshu").post("/meetings/feeds/", {"person": "999999"})
    api = signed_in("wenshu").post("/api/meetings/feeds", {"person": 999999}, content_type="application/json")
    assert page.status_code == api.status_code == 400
    assert api.json()["code"] == "unknown_person"
    assert "不存在" in page.content.decode() or "无权" in page.content.decode()
    assert not FeedToken.objects.exists()


def test_the_cli_writes_the_same_calendar(county, week):
    plain, secret, top, meeting, other = week
    out = io.StringIO()
    call_command("meetings", "ics", "leader1", stdout=out)
    found = events(out.getvalue().encode())
    assert found[f"engagement-{plain.pk}@zhongshu"]["summary"] == "赴城关镇调研"
    assert found[f"engagement-{top.pk}@zhongshu"]["summary"] == "另有安排"
    assert f"meeting-{meeting.pk}@zhongshu" in found


def test_the_cli_refuses_an_unknown_user_in_english(county):
    with pytest.raises(CommandError, match="no account named 'nobody'"):
        call_command("meetings", "ics", "nobody", stdout=io.StringIO())


def test_calendar_for_reads_as_the_viewer_given(county, week):
    plain, secret, top, meeting, other = week
    start, end = MONDAY, MONDAY + timedelta(days=6)
    as_outsider = events(feeds.calendar_for(county.leaders[0], county.bureau_head.user, start, end))
    assert as_outsider[f"engagement-{secret.pk}@zhongshu"]["summary"] == "另有安排"
    assert as_outsider[f"engagement-{plain.pk}@zhongshu"]["summary"] == "赴城关镇调研"
    as_director = events(feeds.calendar_for(county.leaders[0], county.director.user, start, end))
    assert as_director[f"engagement-{top.pk}@zhongshu"]["summary"] == "绝密活动"
