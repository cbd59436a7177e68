"""The 会议通知与回执 section of the meeting page and the API: the same contracts and services, the same codes
for the same bad input; the notice's DOCX downloaded from both and opened."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import docx
import pytest
from django.utils import timezone

from tests.meetings.conftest import signed_in
from zhongshu.audit.models import AuditEvent
from zhongshu.base.levels import Classification
from zhongshu.meetings.models import Attendee, ReplyState
from zhongshu.meetings.notices import NOTICE_KIND, meeting_notify
from zhongshu.meetings.states import MeetingState
from zhongshu.notifications.models import OutboxMessage


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def notified(county, **kwargs):
    meeting = county.make_meeting(**kwargs)
    return meeting_notify(
        meeting=meeting, by=county.clerk.user, reply_deadline=meeting.starts_at - timedelta(hours=20)
    )


def post_json(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_the_staff_send_the_notice_from_the_page_and_download_it(county):
    meeting = county.make_meeting()
    client = signed_in("wenshu")
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert 'data-action="notify"' in page and "发送会议通知" in page
    deadline = meeting.starts_at - timedelta(hours=20)
    response = client.post(
        f"/meetings/{meeting.pk}/notice/",
        {
            "reply_deadline": local(deadline),
            "requirements": "请准时参会",
            "contact": "刘文书",
            "version": meeting.version,
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.NOTIFIED
    assert OutboxMessage.objects.filter(kind=NOTICE_KIND).count() == 3
    for url in (f"/meetings/{meeting.pk}/notice/docx/", f"/api/meetings/{meeting.pk}/notice/docx"):
        download = client.get(url)
        assert download.status_code == 200
        document = docx.Document(io.BytesIO(b"".join(download.streaming_content)))
        assert "关于召开全县防汛工作调度会的通知" in [p.text for p in document.paragraphs]
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "重新发送会议通知" in page and 'data-testid="replies"' in page


def test_page_and_api_refuse_the_same_bad_notice_with_the_same_code(county):
    meeting = county.make_meeting()
    client = signed_in("wenshu")
    for data, code in (
        ({"reply_deadline": ""}, "reply_deadline_missing"),
        ({"reply_deadline": "明天下午"}, "bad_datetime"),
        ({"reply_deadline": local(meeting.starts_at + timedelta(hours=1))}, "reply_deadline_after_start"),
    ):
        page = client.post(f"/meetings/{meeting.pk}/notice/", data)
        assert page.status_code == 400
        assert 'data-testid="error"' in page.content.decode()
        api = post_json(client, f"/api/meetings/{meeting.pk}/notice", data)
        assert api.status_code == 400
        assert api.json()["code"] == code
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.APPROVED
    assert not OutboxMessage.objects.exists()


def test_the_clearance_refusal_reads_the_same_on_page_and_api(county):
    meeting = county.make_meeting(classification=Classification.SECRET, room="secure")
    client = signed_in("wenshu")
    data = {"reply_deadline": local(meeting.starts_at - timedelta(hours=20))}
    page = client.post(f"/meetings/{meeting.pk}/notice/", data)
    assert page.status_code == 400 and "钱局长" in page.content.decode()
    api = post_json(client, f"/api/meetings/{meeting.pk}/notice", data)
    assert api.json()["code"] == "attendee_not_cleared"
    assert not OutboxMessage.objects.filter(kind=NOTICE_KIND).exists()


def test_an_invitee_replies_on_the_page_and_another_through_the_api_with_a_substitute(county):
    meeting = notified(county)
    wang = signed_in("leader2")
    page = wang.get(f"/meetings/{meeting.pk}/").content.decode()
    assert 'data-action="reply"' in page and 'data-testid="replies"' not in page
    own = Attendee.objects.get(meeting=meeting, person=county.leaders[1])
    response = wang.post(f"/meetings/{meeting.pk}/replies/", {"attendee": own.pk, "reply": "attending"})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.reply == ReplyState.ATTENDING

    chen = signed_in("leader3")
    row = Attendee.objects.get(meeting=meeting, person=county.leaders[2])
    api = post_json(
        chen,
        f"/api/meetings/{meeting.pk}/replies",
        {"attendee": row.pk, "reply": "substitute", "substitute": county.leaders[3].pk, "reason": "另有公务"},
    )
    assert api.status_code == 200, api.content
    body = api.json()
    assert [line["name"] for line in body["replies"]] == ["林副县长"]  # his own invitation only
    assert body["attendance"] == {}
    staff = signed_in("wenshu").get(f"/api/meetings/{meeting.pk}/replies").json()
    assert [line["name"] for line in staff["attendance"]["present"]] == ["王县长", "林副县长"]
    assert staff["attendance"]["unreplied"] == 1
    table = signed_in("wenshu").get(f"/meetings/{meeting.pk}/").content.decode()
    assert "另有公务" in table and "委派代参" in table


def test_page_and_api_refuse_the_same_bad_reply_with_the_same_code(county):
    meeting = notified(county)
    client = signed_in("leader3")
    row = Attendee.objects.get(meeting=meeting, person=county.leaders[2])
    other = Attendee.objects.get(meeting=meeting, person=county.leaders[1])
    cases = [
        ({"attendee": row.pk, "reply": "absent"}, "reason_missing"),
        ({"attendee": row.pk, "reply": "maybe"}, "unknown_reply"),
        ({"attendee": row.pk, "reply": "substitute", "reason": "公务"}, "substitute_missing"),
        ({"attendee": row.pk, "reply": "substitute", "substitute": 999999, "reason": "x"}, "unknown_person"),
        ({"attendee": 999999, "reply": "attending"}, "unknown_attendee"),
        ({"attendee": other.pk, "reply": "attending"}, "not_invited"),
    ]
    for data, code in cases:
        page = client.post(f"/meetings/{meeting.pk}/replies/", data)
        assert page.status_code in (400, 403), (code, page.status_code)
        assert 'data-testid="error"' in page.content.decode()
        api = post_json(client, f"/api/meetings/{meeting.pk}/replies", data)
        assert api.json()["code"] == code, (code, api.json())
    assert not Attendee.objects.filter(meeting=meeting).exclude(reply="").exists()


def test_a_reply_after_the_start_is_refused_on_both_edges(county):
    meeting = notified(county)
    type(meeting).objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(minutes=1), ends_at=timezone.now() + timedelta(hours=1)
    )
    client = signed_in("leader2")
    row = Attendee.objects.get(meeting=meeting, person=county.leaders[1])
    page = client.post(f"/meetings/{meeting.pk}/replies/", {"attendee": row.pk, "reply": "attending"})
    assert page.status_code == 409 and "会议已开始" in page.content.decode()
    api = post_json(client, f"/api/meetings/{meeting.pk}/replies", {"attendee": row.pk, "reply": "attending"})
    assert api.json()["code"] == "reply_too_late"


def test_the_press_button_and_api(county):
    meeting = notified(county)
    client = signed_in("wenshu")
    assert 'data-action="press_replies"' in client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert client.post(f"/meetings/{meeting.pk}/replies/press/").status_code == 302
    assert post_json(client, f"/api/meetings/{meeting.pk}/replies/press", {}).json()["notified"] == 3
    refused = post_json(signed_in("leader2"), f"/api/meetings/{meeting.pk}/replies/press", {})
    assert refused.status_code == 403 and refused.json()["code"] == "not_meeting_office"


def test_downloading_a_classified_notice_is_audited(county):
    meeting = notified(
        county, classification=Classification.CONFIDENTIAL, room="secure", attendees=[county.leaders[1]]
    )
    client = signed_in("leader2")
    assert client.get(f"/meetings/{meeting.pk}/notice/docx/").status_code == 200
    assert AuditEvent.objects.filter(
        action="attachment.download", object_id=str(meeting.pk), actor_id=county.leaders[1].user_id
    ).exists()
    assert signed_in("lyj_llr").get(f"/meetings/{meeting.pk}/notice/docx/").status_code == 404


def test_no_notice_yet_is_a_404(county):
    meeting = county.make_meeting()
    assert signed_in("wenshu").get(f"/meetings/{meeting.pk}/notice/docx/").status_code == 404
