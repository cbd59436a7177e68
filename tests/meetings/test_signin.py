"""签到: the staff open sign-in (a 6-digit code until the meeting's end + 30 minutes), the room shows it with a
QR code of the sign-in URL, attendees sign in once with it (as themselves or as the substitute their reply
named), the secretary marks someone present; late and absent are derived. The page and the API refuse the
same bad input with the same code."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
import segno
import time_machine
from django.utils import timezone

from tests.meetings.conftest import signed_in
from zhongshu.audit.models import AuditEvent
from zhongshu.core.errors import ServiceError
from zhongshu.meetings import signin
from zhongshu.meetings.models import Attendee, ReplyState
from zhongshu.meetings.states import MeetingState


def opened(county, **fields):
    """A notified meeting starting now + `starts_in` (default 10 minutes), sign-in open."""
    starts_in = fields.pop("starts_in", timedelta(minutes=10))
    meeting = county.make_meeting(
        state=MeetingState.NOTIFIED,
        starts_at=timezone.now() + starts_in,
        attendees=fields.pop("attendees", county.leaders[:3]),
        **fields,
    )
    return signin.sign_in_open(meeting=meeting, by=county.clerk.user)


def row_of(meeting, person):
    return Attendee.objects.get(meeting=meeting, person=person)


def test_opening_makes_a_six_digit_code_valid_until_half_an_hour_after_the_end(county):
    meeting = opened(county)
    assert re.fullmatch(r"\d{6}", meeting.sign_in_code)
    assert meeting.sign_in_expires_at == meeting.ends_at + timedelta(minutes=30)
    event = AuditEvent.objects.get(action="meetings.sign_in_opened")
    assert event.details["expires_at"]
    assert meeting.events.filter(action="sign_in_opened").exists()


def test_the_room_shows_the_code_large_and_a_qr_code_of_the_sign_in_url(county):
    meeting = opened(county)
    page = signed_in("wenshu").get(f"/meetings/{meeting.pk}/sign-in/room/")
    body = page.content.decode()
    assert page.status_code == 200
    assert f'data-testid="signin-code">{meeting.sign_in_code}<' in body
    url = f"http://testserver/meetings/{meeting.pk}/sign-in/?code={meeting.sign_in_code}"
    assert f'data-url="{url}"' in body
    # The QR code in the page is the QR code of that URL (and not of another code's).
    assert signin.qr_svg(url) in body
    assert signin.qr_svg(url.replace(meeting.sign_in_code, "000000")) not in body
    assert segno.make(url, error="m").designator  # encodable as made
    # An attendee opening the room page is not shown the code.
    leader = signed_in("leader1").get(f"/meetings/{meeting.pk}/sign-in/room/").content.decode()
    assert meeting.sign_in_code not in leader and "<svg" not in leader


def test_an_attendee_signs_in_once_with_the_code_from_the_phone(county):
    meeting = opened(county)
    phone = signed_in("leader1")
    page = phone.get(f"/meetings/{meeting.pk}/sign-in/?code={meeting.sign_in_code}")
    assert f'value="{meeting.sign_in_code}"' in page.content.decode()
    answer = phone.post(f"/meetings/{meeting.pk}/sign-in/", {"code": meeting.sign_in_code})
    assert answer.status_code == 302
    row = row_of(meeting, county.leaders[0])
    assert row.signed_in_at is not None and row.signed_in_by == county.leaders[0].user
    assert "您已于" in phone.get(f"/meetings/{meeting.pk}/sign-in/").content.decode()
    first = row.signed_in_at
    again = phone.post(f"/meetings/{meeting.pk}/sign-in/", {"code": meeting.sign_in_code})
    assert again.status_code == 409 and "无需重复签到" in again.content.decode()
    api = phone.post(
        f"/api/meetings/{meeting.pk}/sign-in", {"code": meeting.sign_in_code}, content_type="application/json"
    )
    assert api.status_code == 409 and api.json()["code"] == "already_signed_in"
    row.refresh_from_db()
    assert row.signed_in_at == first
    assert AuditEvent.objects.filter(action="meetings.signed_in").count() == 1


@pytest.mark.parametrize(
    ("data", "code", "status"),
    [
        ({"code": "000000x"}, "wrong_sign_in_code", 400),
        ({"code": ""}, "sign_in_code_required", 400),
        ({}, "sign_in_code_required", 400),
    ],
)
def test_the_page_and_the_api_refuse_a_bad_code_alike(county, data, code, status):
    meeting = opened(county)
    phone = signed_in("leader2")
    api = phone.post(f"/api/meetings/{meeting.pk}/sign-in", json.dumps(data), content_type="application/json")
    assert api.status_code == status and api.json()["code"] == code
    page = phone.post(f"/meetings/{meeting.pk}/sign-in/", data)
    assert page.status_code == status and 'data-testid="error"' in page.content.decode()
    assert row_of(meeting, county.leaders[1]).signed_in_at is None


def test_an_expired_code_and_a_meeting_without_sign_in_are_refused(county):
    meeting = opened(county)
    with time_machine.travel(meeting.sign_in_expires_at + timedelta(seconds=1)):
        with pytest.raises(ServiceError) as refused:
            signin.sign_in(meeting=meeting, by=county.leaders[0].user, code=meeting.sign_in_code)
        assert refused.value.code == "sign_in_code_expired"
        api = signed_in("leader1").post(
            f"/api/meetings/{meeting.pk}/sign-in",
            {"code": meeting.sign_in_code},
            content_type="application/json",
        )
        assert api.json()["code"] == "sign_in_code_expired"
    closed = county.make_meeting(
        "未开启签到的会议", state=MeetingState.NOTIFIED, attendees=county.leaders[:1]
    )
    with pytest.raises(ServiceError) as refused:
        signin.sign_in(meeting=closed, by=county.leaders[0].user, code="123456")
    assert refused.value.code == "sign_in_not_open"
    assert not Attendee.objects.filter(signed_in_at__isnull=False).exists()


def test_the_substitute_signs_in_for_the_person_replaced_who_cannot(county):
    meeting = opened(county)
    row = row_of(meeting, county.leaders[1])
    row.reply, row.substitute = ReplyState.SUBSTITUTE, county.bureau_head
    row.save()
    meeting.need_to_know_people.add(county.bureau_head)
    with pytest.raises(ServiceError) as refused:
        signin.sign_in(meeting=meeting, by=county.leaders[1].user, code=meeting.sign_in_code)
    assert refused.value.code == "not_attendee"
    answer = signed_in("slj_jz").post(f"/meetings/{meeting.pk}/sign-in/", {"code": meeting.sign_in_code})
    assert answer.status_code == 302
    row.refresh_from_db()
    assert row.signed_in_by == county.bureau_head.user
    lines = {line.attendee.pk: line for line in signin.sign_in_rows(meeting)}
    assert lines[row.pk].name == "钱局长" and lines[row.pk].substitute_for == "王县长"


def test_late_is_derived_from_the_start_and_a_five_minute_grace(county):
    meeting = opened(county, starts_in=timedelta(minutes=-4))
    signin.sign_in(meeting=meeting, by=county.leaders[0].user, code=meeting.sign_in_code)
    with time_machine.travel(meeting.starts_at + timedelta(minutes=6)):
        signin.sign_in(meeting=meeting, by=county.leaders[1].user, code=meeting.sign_in_code)
    statuses = {line.name: line.status for line in signin.sign_in_rows(meeting)}
    assert statuses == {"郑书记": "signed_in", "王县长": "late", "陈副县长": "not_yet"}
    late = AuditEvent.objects.filter(action="meetings.signed_in").order_by("id")
    assert [event.details["late"] for event in late] == [False, True]


def test_absent_once_closed_and_an_excused_absence_stays_excused(county):
    meeting = opened(county)
    Attendee.objects.filter(pk=row_of(meeting, county.leaders[2]).pk).update(
        reply=ReplyState.ABSENT, reply_reason="出差"
    )
    signin.sign_in(meeting=meeting, by=county.leaders[0].user, code=meeting.sign_in_code)
    meeting.state = MeetingState.CLOSED
    meeting.save()
    statuses = {line.name: line.status for line in signin.sign_in_rows(meeting)}
    assert statuses == {"郑书记": "signed_in", "王县长": "absent", "陈副县长": "excused"}


def test_the_secretary_marks_someone_present_once(county):
    meeting = county.make_meeting(state=MeetingState.NOTIFIED, attendees=county.leaders[:2])
    row = row_of(meeting, county.leaders[1])
    office = signed_in("wenshu")
    page = office.get(f"/meetings/{meeting.pk}/").content.decode()
    assert 'data-testid="signin-table"' in page and 'data-action="mark_present"' in page
    answer = office.post(f"/meetings/{meeting.pk}/sign-in/mark/", {"attendee": row.pk})
    assert answer.status_code == 302
    row.refresh_from_db()
    assert row.signed_in_by == county.clerk.user
    line = next(line for line in signin.sign_in_rows(meeting) if line.attendee.pk == row.pk)
    assert line.by_secretary and line.status == "signed_in"
    again = office.post(
        f"/api/meetings/{meeting.pk}/sign-in/mark", {"attendee": row.pk}, content_type="application/json"
    )
    assert again.status_code == 400 and again.json()["code"] == "already_signed_in"
    page = office.post(f"/meetings/{meeting.pk}/sign-in/mark/", {"attendee": row.pk})
    assert page.status_code == 400 and "已签到，无需重复签到" in page.content.decode()
    assert AuditEvent.objects.filter(action="meetings.sign_in_marked").count() == 1
    # Not the staff: refused; an unknown attendee: refused by both edges with the same code.
    leader = signed_in("leader1")
    refused = leader.post(
        f"/api/meetings/{meeting.pk}/sign-in/mark", {"attendee": row.pk}, content_type="application/json"
    )
    assert refused.status_code == 403 and refused.json()["code"] == "not_meeting_office"
    unknown = office.post(
        f"/api/meetings/{meeting.pk}/sign-in/mark", {"attendee": 999999}, content_type="application/json"
    )
    assert unknown.json()["code"] == "unknown_attendee"
    assert office.post(f"/meetings/{meeting.pk}/sign-in/mark/", {"attendee": 999999}).status_code == 400


def test_the_api_shows_the_staff_the_table_and_the_code_and_an_attendee_their_own_line(county):
    meeting = opened(county)
    office = signed_in("wenshu").get(f"/api/meetings/{meeting.pk}/sign-in").json()
    assert office["code"] == meeting.sign_in_code and office["open"] is True
    assert office["url"].endswith(f"/meetings/{meeting.pk}/sign-in/?code={meeting.sign_in_code}")
    assert len(office["rows"]) == 3 and office["counts"]["not_yet"] == 3
    assert set(office["actions"]) == {"open_sign_in", "mark_present"}
    mine = signed_in("leader1").get(f"/api/meetings/{meeting.pk}/sign-in").json()
    assert mine["code"] is None and [row["name"] for row in mine["rows"]] == ["郑书记"]
    assert mine["actions"] == ["sign_in"]
    opened_again = signed_in("wenshu").post(
        f"/api/meetings/{meeting.pk}/sign-in/open", {}, content_type="application/json"
    )
    assert opened_again.status_code == 200 and opened_again.json()["code"] != ""


def test_someone_who_may_see_the_meeting_but_is_not_invited_cannot_sign_in(county):
    meeting = opened(county)
    answer = signed_in("zhuren").post(
        f"/api/meetings/{meeting.pk}/sign-in", {"code": meeting.sign_in_code}, content_type="application/json"
    )
    assert answer.status_code == 403 and answer.json()["code"] == "not_attendee"
    page = signed_in("zhuren").get(f"/meetings/{meeting.pk}/sign-in/")
    assert page.status_code == 200 and "不在本次会议的参会名单中" in page.content.decode()


def test_a_refused_sign_in_on_a_classified_meeting_is_audited(county):
    from zhongshu.audit.models import Outcome
    from zhongshu.base.levels import Classification

    meeting = opened(county, classification=Classification.SECRET, room="secure")
    phone = signed_in("leader1")
    wrong = phone.post(f"/api/meetings/{meeting.pk}/sign-in", {"code": "x"}, content_type="application/json")
    assert wrong.json()["code"] == "wrong_sign_in_code"
    signin.sign_in(meeting=meeting, by=county.leaders[0].user, code=meeting.sign_in_code)
    again = phone.post(
        f"/api/meetings/{meeting.pk}/sign-in", {"code": meeting.sign_in_code}, content_type="application/json"
    )
    assert again.json()["code"] == "already_signed_in"
    denied = AuditEvent.objects.filter(action="meetings.signed_in", outcome=Outcome.DENIED).order_by("id")
    assert [event.details["code"] for event in denied] == ["wrong_sign_in_code", "already_signed_in"]
    # On an ordinary meeting a refusal is only answered.
    plain = opened(county, title="普通会议")
    signed_in("leader1").post(
        f"/api/meetings/{plain.pk}/sign-in", {"code": "x"}, content_type="application/json"
    )
    assert denied.count() == 2


def test_wrong_codes_are_counted_and_after_five_the_code_is_refused_until_reopened(county):
    meeting = opened(county)
    phone = signed_in("leader1")
    for _ in range(5):
        answer = phone.post(f"/meetings/{meeting.pk}/sign-in/", {"code": "111111"})
        assert answer.status_code == 400 and "签到码不正确" in answer.content.decode()
    assert row_of(meeting, county.leaders[0]).sign_in_failures == 5
    # Even the right code is refused now; the others are not held back.
    answer = phone.post(
        f"/api/meetings/{meeting.pk}/sign-in", {"code": meeting.sign_in_code}, content_type="application/json"
    )
    assert answer.status_code == 409 and answer.json()["code"] == "sign_in_throttled"
    assert row_of(meeting, county.leaders[0]).signed_in_at is None
    signin.sign_in(meeting=meeting, by=county.leaders[1].user, code=meeting.sign_in_code)
    # Opened again (a new code), the count starts over.
    meeting = signin.sign_in_open(meeting=meeting, by=county.clerk.user)
    assert row_of(meeting, county.leaders[0]).sign_in_failures == 0
    signin.sign_in(meeting=meeting, by=county.leaders[0].user, code=meeting.sign_in_code)
    assert row_of(meeting, county.leaders[0]).signed_in_at is not None


def test_marking_is_offered_while_someone_has_not_signed_in(county):
    meeting = county.make_meeting(state=MeetingState.NOTIFIED, attendees=county.leaders[:1])
    office = signed_in("wenshu")
    assert "mark_present" in office.get(f"/api/meetings/{meeting.pk}/sign-in").json()["actions"]
    signin.sign_in_mark(meeting=meeting, by=county.clerk.user, attendee=row_of(meeting, county.leaders[0]))
    assert "mark_present" not in office.get(f"/api/meetings/{meeting.pk}/sign-in").json()["actions"]
    assert 'data-action="mark_present"' not in office.get(f"/meetings/{meeting.pk}/").content.decode()
    with pytest.raises(ServiceError) as refused:
        signin.sign_in_mark(
            meeting=meeting, by=county.clerk.user, attendee=row_of(meeting, county.leaders[0])
        )
    assert refused.value.code == "all_signed_in"
