"""The engagement form and its API: one contract, one service, the same refusal on both edges; nothing
half-saved; the week page's query count does not grow with leaders and their items."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest

from tests.budgets.helpers import assert_flat, counter
from tests.meetings.conftest import signed_in
from tests.meetings.test_schedule import MONDAY, add, at
from zhongshu.audit.models import AuditEvent
from zhongshu.meetings.models import Engagement
from zhongshu.testing.factories import make_person

BAD = [
    # (what is wrong, the fields changed, the code both edges answer)
    ("ends before it starts", {"ends_at": "2026-12-08T08:00"}, "engagement_ends_before_start"),
    ("no time at all", {"starts_at": "明天上午"}, "bad_datetime"),
    ("longer than a month", {"ends_at": "2027-01-20T09:00"}, "engagement_too_long"),
    ("no content", {"title": "  "}, "engagement_title_required"),
    ("an unknown kind", {"kind": "party"}, "unknown_kind"),
    ("someone not a leader", {"leader": "BUREAU_LIAISON"}, "unknown_person"),
    ("an unknown level", {"classification": "9"}, "unknown_classification"),
]


def good(county) -> dict[str, str]:
    return {
        "leader": str(county.leaders[0].pk),
        "kind": "research",
        "title": "赴城关镇调研",
        "place": "城关镇",
        "starts_at": "2026-12-08T09:00",
        "ends_at": "2026-12-08T11:00",
        "classification": "1",
    }


@pytest.mark.parametrize(("what", "change", "code"), BAD, ids=[row[0] for row in BAD])
def test_page_and_api_refuse_the_same_bad_engagement_with_the_same_code(county, what, change, code):
    data = good(county) | change
    if data["leader"] == "BUREAU_LIAISON":
        data["leader"] = str(county.bureau_liaison.pk)
    page = signed_in("wenshu").post("/meetings/engagements/new/", data)
    api = signed_in("wenshu").post("/api/meetings/engagements", data, content_type="application/json")
    assert page.status_code == api.status_code == 400, what
    assert api.json()["code"] == code, api.json()
    assert api.json()["message"] in page.content.decode()
    assert not Engagement.objects.exists()
    assert not AuditEvent.objects.filter(action="meetings.engagement_add").exists()


def test_the_page_enters_edits_and_deletes_an_engagement(county):
    client = signed_in("wenshu")
    response = client.post("/meetings/engagements/new/", good(county))
    assert response.status_code == 302
    engagement = Engagement.objects.get()
    assert engagement.title == "赴城关镇调研" and engagement.owner_person == county.leaders[0]
    form = client.get(f"/meetings/engagements/{engagement.pk}/")
    assert form.status_code == 200 and 'data-action="delete"' in form.content.decode()
    changed = good(county) | {"title": "赴河口乡调研", "version": "1"}
    assert client.post(f"/meetings/engagements/{engagement.pk}/", changed).status_code == 302
    stale = client.post(f"/meetings/engagements/{engagement.pk}/", changed)
    assert stale.status_code == 409 and "已被他人修改" in stale.content.decode()
    assert client.post(f"/meetings/engagements/{engagement.pk}/delete/", {"version": "2"}).status_code == 302
    assert not Engagement.objects.exists()
    assert AuditEvent.objects.filter(action="meetings.engagement_delete").count() == 1


def test_only_the_meeting_staff_open_the_engagement_form(county):
    engagement = add(county, county.leaders[0])
    assert signed_in("leader1").get("/meetings/engagements/new/").status_code == 403
    assert signed_in("leader1").get(f"/meetings/engagements/{engagement.pk}/").status_code == 403
    assert (
        signed_in("leader1")
        .post("/api/meetings/engagements", good(county), content_type="application/json")
        .status_code
        == 403
    )


_serial = itertools.count(1)


def more_leaders(county, count: int) -> None:
    """`count` more leaders, each with two engagements and a meeting in the week."""
    for _ in range(count):
        n = next(_serial)
        leader = make_person(
            f"预算领导{n}", unit=county.office, is_leader=True, leader_rank=100 + n, username=f"budget{n}"
        )
        add(county, leader, f"预算活动{n}甲", day=0)
        add(county, leader, f"预算活动{n}乙", day=3, hour=15)
        county.make_meeting(f"预算会议{n}", starts_at=at(MONDAY + timedelta(days=2), 9), attendees=[leader])


def test_the_week_page_costs_the_same_for_5_and_10_leaders(county):
    more_leaders(county, 5)
    assert_flat(
        signed_in("wenshu"),
        f"/meetings/schedule/?week={MONDAY.isoformat()}",
        grow=lambda: more_leaders(county, 5),
        rows=counter("预算活动"),
        ceiling=25,
    )
