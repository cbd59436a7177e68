"""Scheduling: conflicts for the room, the chair, attendees and substitutes against meetings and engagements
(masked as 另有安排 where the viewer may not see the other event), free slots on working days, and
调整时间地点 with the office's recorded override."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from tests.meetings.conftest import signed_in
from zhongshu.audit.models import AuditEvent
from zhongshu.base.levels import Classification
from zhongshu.core.errors import ServiceError
from zhongshu.meetings.models import Attendee, Engagement, EngagementKind, Meeting, MeetingEvent, ReplyState
from zhongshu.meetings.scheduling import (
    HIDDEN_TITLE,
    check_span,
    conflicts_for,
    free_slots,
    meeting_schedule,
)
from zhongshu.meetings.states import MeetingState
from zhongshu.workdays.calendar import is_workday


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def next_monday(weeks: int = 1) -> date:
    today = timezone.localdate()
    return today + timedelta(days=7 * weeks - today.weekday())


def engagement(county, leader, start, end, *, title="赴市里汇报", classification=Classification.INTERNAL):
    return Engagement.objects.create(
        leader=leader,
        kind=EngagementKind.TRIP,
        title=title,
        starts_at=start,
        ends_at=end,
        classification=classification,
        owner_unit=county.office,
        owner_person=county.clerk,
        created_by=county.clerk.user,
    )


def check(county, start, end, *, room=None, people=(), viewer=None, exclude=None):
    return conflicts_for(
        starts_at=start,
        ends_at=end,
        room_id=county.rooms[room].pk if room else None,
        people_ids=[p.pk for p in people],
        exclude_meeting_id=exclude,
        viewer=viewer if viewer is not None else county.clerk.user,
    )


def test_a_room_taken_by_a_booked_meeting_is_a_conflict_naming_it(county):
    day = next_monday()
    other = county.make_meeting("水利工作专题会", starts_at=at(day, 9), hours=2, room="first")
    county.make_meeting("已取消的会", starts_at=at(day, 9), state=MeetingState.CANCELLED, room="first")
    county.make_meeting("草稿会", starts_at=at(day, 9), state=MeetingState.DRAFT, room="first")
    found = check(county, at(day, 10), at(day, 12), room="first")
    assert [(c.kind, c.who, c.title, c.url) for c in found] == [
        ("room", "第一会议室", "水利工作专题会", f"/meetings/{other.pk}/")
    ]
    assert check(county, at(day, 11), at(day, 12), room="first") == []  # touching ends do not clash
    assert check(county, at(day, 10), at(day, 12), room="small") == []


def test_a_leader_is_taken_as_chair_and_as_attendee(county):
    day = next_monday()
    leader2, leader3 = county.leaders[1], county.leaders[2]
    county.make_meeting("常务会", starts_at=at(day, 9), chair=leader2, attendees=[leader3], room="small")
    found = check(county, at(day, 10), at(day, 11), people=[leader2, leader3, county.leaders[3]])
    assert {(c.kind, c.who, c.title) for c in found} == {
        ("person", "王县长", "常务会"),
        ("person", "陈副县长", "常务会"),
    }


def test_a_substitute_sent_is_taken_and_the_person_who_sent_them_is_free(county):
    day = next_monday()
    meeting = county.make_meeting("调度会", starts_at=at(day, 9), chair=None, attendees=[county.bureau_head])
    Attendee.objects.filter(meeting=meeting).update(
        reply=ReplyState.SUBSTITUTE, substitute=county.bureau_liaison, reply_reason="出差"
    )
    found = check(county, at(day, 9), at(day, 10), people=[county.bureau_head, county.bureau_liaison])
    assert [(c.who, c.title) for c in found] == [("何联络", "调度会")]
    Attendee.objects.filter(meeting=meeting).update(reply=ReplyState.ABSENT, substitute=None)
    assert check(county, at(day, 9), at(day, 10), people=[county.bureau_head]) == []


def test_a_leaders_engagement_is_a_conflict(county):
    day = next_monday()
    leader = county.leaders[0]
    # A trip of four days that began before the week: found however long ago it started.
    engagement(county, leader, at(day - timedelta(days=3), 8), at(day, 18), title="赴省学习")
    found = check(county, at(day, 14, 30), at(day, 16), people=[leader])
    assert [(c.kind, c.other, c.who, c.title) for c in found] == [
        ("person", "engagement", "郑书记", "赴省学习")
    ]


def test_an_event_the_viewer_may_not_see_reads_only_另有安排(county):
    day = next_monday()
    leader = county.leaders[0]
    secret = county.make_meeting(
        "机密专题会议",
        starts_at=at(day, 9),
        room="secure",
        attendees=[leader],
        classification=Classification.SECRET,
    )
    engagement(
        county,
        county.leaders[1],
        at(day, 9),
        at(day, 11),
        title="机密接待",
        classification=Classification.SECRET,
    )
    outsider = county.outsider.user
    found = check(
        county, at(day, 9), at(day, 10), room="secure", people=[leader, county.leaders[1]], viewer=outsider
    )
    assert len(found) == 4  # the room, leader1 invited, leader2 the chair and away
    assert {c.title for c in found} == {HIDDEN_TITLE}
    assert all(c.url is None and c.as_dict()["other_id"] is None for c in found)
    # The owner of the meeting (the clerk) sees it; the engagement is hers too.
    seen = check(county, at(day, 9), at(day, 10), room="secure", people=[leader])
    assert {c.title for c in seen} == {secret.title}
    # Without a viewer (a refusal's message), nothing is named.
    blind = conflicts_for(
        starts_at=at(day, 9), ends_at=at(day, 10), room_id=county.rooms["secure"].pk, people_ids=[]
    )
    assert [c.title for c in blind] == [HIDDEN_TITLE]


def test_bad_spans_are_refused(county):
    day = next_monday()
    with pytest.raises(ServiceError) as refused:
        check(county, at(day, 10), at(day, 9), room="first")
    assert refused.value.code == "meeting_ends_before_start"
    with pytest.raises(ServiceError) as refused:
        check_span(starts_at=at(day, 9), ends_at=at(day + timedelta(days=4), 9))
    assert refused.value.code == "meeting_too_long"
    # A long span (an engagement's trip) is checked all the same: the meeting it covers is found.
    county.make_meeting("周三的会", starts_at=at(day + timedelta(days=2), 9), room="first", attendees=[])
    found = check(county, at(day, 9), at(day + timedelta(days=10), 9), room="first")
    assert [c.title for c in found] == ["周三的会"]


def test_free_slots_skip_busy_times_weekends_and_holidays(county):
    friday = next_monday() + timedelta(days=4)
    leader = county.leaders[0]
    engagement(county, leader, at(friday, 8), at(friday, 10, 10))
    county.make_meeting("下午的会", starts_at=at(friday, 14, 30), hours=3, room="first", attendees=[])
    slots = free_slots(
        day_from=friday,
        duration=timedelta(hours=1),
        room_id=county.rooms["first"].pk,
        people_ids=[leader.pk],
        count=3,
        now=at(friday, 7),
    )
    local = [(timezone.localtime(s), timezone.localtime(e)) for s, e in slots]
    # Friday: after the engagement (till 10:10), on the half hour; the afternoon's room is taken till 17:30, one hour does
    # not fit before 18:00. Then Monday (the weekend skipped), morning and afternoon.
    assert local[0][0].time() == time(10, 30)
    assert local[0][0].date() == friday
    assert [s.date() for s, _ in local[1:]] == [friday + timedelta(days=3)] * 2
    assert [s.time() for s, _ in local[1:]] == [time(8, 30), time(14, 30)]
    assert all(e - s == timedelta(hours=1) for s, e in local)


def test_free_slots_skip_a_holiday(county):
    holiday = date(2026, 10, 1)
    if is_workday(holiday):
        pytest.skip("no 2026 holiday schedule in the calendar")
    slots = free_slots(
        day_from=date(2026, 9, 30),
        duration=timedelta(hours=2),
        room_id=None,
        people_ids=[],
        count=4,
        now=at(date(2026, 9, 1), 8),
    )
    days = [timezone.localtime(s).date() for s, _ in slots]
    assert days[:2] == [date(2026, 9, 30)] * 2
    assert all(is_workday(d) for d in days)
    assert days[2] > date(2026, 10, 1)


def test_schedule_refuses_a_double_booking_and_keeps_nothing(county):
    day = next_monday()
    county.make_meeting("先定的会", starts_at=at(day, 9), room="first", attendees=[])
    meeting = county.make_meeting("要调整的会", starts_at=at(day, 14, 30), room="first")
    with pytest.raises(ServiceError) as refused:
        meeting_schedule(
            meeting,
            by=county.clerk.user,
            starts_at=at(day, 10),
            ends_at=at(day, 11),
            room=county.rooms["first"],
        )
    assert refused.value.code == "schedule_conflict"
    assert "先定的会" in refused.value.message
    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.version, meeting.conflict_override) == (at(day, 14, 30), 1, "")
    assert not MeetingEvent.objects.filter(meeting=meeting).exists()


def test_the_office_overrides_with_a_reason_recorded_and_audited(county):
    day = next_monday()
    county.make_meeting("先定的会", starts_at=at(day, 9), room="first", attendees=[])
    meeting = county.make_meeting("要调整的会", starts_at=at(day, 14, 30), room="first")
    moved = meeting_schedule(
        meeting,
        by=county.clerk.user,
        starts_at=at(day, 10),
        ends_at=at(day, 11),
        room=county.rooms["first"],
        override_reason="书记临时要求合并听取汇报",
        version=1,
    )
    assert moved.conflict_override == "书记临时要求合并听取汇报"
    assert moved.version == 2
    event = AuditEvent.objects.get(action="meetings.conflict_override", object_id=str(meeting.pk))
    assert event.details["reason"] == "书记临时要求合并听取汇报"
    assert event.details["conflicts"][0]["kind"] == "room"
    assert AuditEvent.objects.filter(action="meetings.schedule", object_id=str(meeting.pk)).exists()
    assert MeetingEvent.objects.get(meeting=meeting).note.endswith("冲突说明：书记临时要求合并听取汇报")
    # A move without a conflict clears the old reason.
    again = meeting_schedule(
        moved, by=county.clerk.user, starts_at=at(day, 15), ends_at=at(day, 16), room=county.rooms["first"]
    )
    assert again.conflict_override == ""


def test_schedule_checks_the_rule_the_room_and_the_version(county):
    day = next_monday()
    meeting = county.make_meeting("调度会", starts_at=at(day, 9), room="first")
    small = county.rooms["small"]
    with pytest.raises(ServiceError) as refused:
        meeting_schedule(
            meeting, by=county.bureau_liaison.user, starts_at=at(day, 10), ends_at=at(day, 11), room=small
        )
    assert refused.value.code == "not_meeting_office"
    with pytest.raises(ServiceError) as refused:
        meeting_schedule(
            meeting, by=county.clerk.user, starts_at=at(day, 10), ends_at=at(day, 11), room=small, version=7
        )
    assert refused.value.code == "meeting_changed"
    Meeting.objects.filter(pk=meeting.pk).update(expected_count=30)
    meeting.refresh_from_db()
    with pytest.raises(ServiceError) as refused:
        meeting_schedule(
            meeting, by=county.clerk.user, starts_at=at(day, 10), ends_at=at(day, 11), room=small
        )
    assert refused.value.code == "room_over_capacity"
    secret = county.make_meeting("机密会", starts_at=at(day, 14, 30), classification=Classification.SECRET)
    with pytest.raises(ServiceError) as refused:
        meeting_schedule(secret, by=county.clerk.user, starts_at=at(day, 15), ends_at=at(day, 16), room=small)
    assert refused.value.code == "room_not_cleared"
    # A refusal on a 涉密会议 leaves a denied audit line.
    assert AuditEvent.objects.filter(
        action="meetings.schedule", object_id=str(secret.pk), outcome="denied"
    ).exists()


def test_page_and_api_refuse_the_same_bad_input_with_the_same_code(county):
    day = next_monday()
    county.make_meeting("先定的会", starts_at=at(day, 9), room="first", attendees=[])
    meeting = county.make_meeting("要调整的会", starts_at=at(day, 14, 30), room="first")
    client = signed_in("wenshu")
    cases = [
        (
            {"starts_at": f"{day}T10:00", "ends_at": f"{day}T09:00", "room": county.rooms["first"].pk},
            "meeting_ends_before_start",
        ),
        (
            {"starts_at": f"{day}T10:00", "ends_at": f"{day}T11:00", "room": county.rooms["first"].pk},
            "schedule_conflict",
        ),
        (
            {"starts_at": "明天上午", "ends_at": f"{day}T11:00", "room": county.rooms["first"].pk},
            "bad_datetime",
        ),
        ({"starts_at": f"{day}T10:00", "ends_at": f"{day}T11:00", "room": 99999}, "unknown_room"),
    ]
    for data, code in cases:
        page = client.post(f"/meetings/{meeting.pk}/reschedule/", data)
        assert page.status_code in (400, 409), (code, page.status_code)
        assert page.context["error_code"] == code
        api = client.post(f"/api/meetings/{meeting.pk}/schedule", data, content_type="application/json")
        assert api.status_code in (400, 409) and api.json()["code"] == code, (code, api.content)
    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.version) == (at(day, 14, 30), 1)


def test_schedule_through_the_page_and_the_api(county):
    day = next_monday()
    meeting = county.make_meeting("要调整的会", starts_at=at(day, 14, 30), room="first")
    client = signed_in("wenshu")
    page = client.get(f"/meetings/{meeting.pk}/")
    body = page.content.decode()
    assert 'data-action="schedule"' in body and "会议室、主持人和参会人员均无时间冲突" in body
    response = client.post(
        f"/meetings/{meeting.pk}/reschedule/",
        {
            "starts_at": f"{day}T15:00",
            "ends_at": f"{day}T16:00",
            "room": county.rooms["small"].pk,
            "version": 1,
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.room, meeting.version) == (county.rooms["small"], 2)
    api = client.post(
        f"/api/meetings/{meeting.pk}/schedule",
        {
            "starts_at": f"{day}T16:00",
            "ends_at": f"{day}T17:00",
            "room": county.rooms["small"].pk,
            "version": 2,
        },
        content_type="application/json",
    )
    assert api.status_code == 200, api.content
    assert api.json()["version"] == 3 and api.json()["conflicts"] == []
    # An invited leader sees the page but not the form.
    assert (
        'data-action="schedule"' not in signed_in("leader2").get(f"/meetings/{meeting.pk}/").content.decode()
    )


def test_the_meeting_page_lists_its_current_conflicts(county):
    day = next_monday()
    county.make_meeting("先定的会", starts_at=at(day, 9), room="first", attendees=[county.leaders[1]])
    meeting = county.make_meeting(
        "后来的会", starts_at=at(day, 10), room="first", attendees=[county.leaders[1]]
    )
    body = signed_in("wenshu").get(f"/meetings/{meeting.pk}/").content.decode()
    assert "与以下安排时间冲突（2项）" in body
    assert "会议室：第一会议室" in body and "王县长" in body and "先定的会" in body


def test_the_conflict_endpoint_and_fragment_show_conflicts_and_slots(county):
    day = next_monday()
    county.make_meeting("先定的会", starts_at=at(day, 9), room="first", attendees=[], chair=None)
    leader = county.leaders[0]
    query = {
        "starts_at": f"{day}T09:30",
        "ends_at": f"{day}T10:30",
        "room": county.rooms["first"].pk,
        "people": f"{leader.pk},{county.leaders[1].pk}",
    }
    client = signed_in("slj_llr")  # an applicant checks while typing
    api = client.get("/api/meetings/conflicts", query)
    assert api.status_code == 200, api.content
    data = api.json()
    # The office's 内部 meeting is not the bureau liaison's to read: its room is taken by 另有安排.
    assert [(c["kind"], c["title"], c["other_id"]) for c in data["conflicts"]] == [
        ("room", HIDDEN_TITLE, None)
    ]
    assert len(data["slots"]) == 5
    first = datetime.fromisoformat(data["slots"][0]["starts_at"])
    assert first >= at(day, 11)
    fragment = client.get("/meetings/conflicts/", query, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    body = fragment.content.decode()
    assert "与以下安排时间冲突（1项）" in body and body.count("选用") == 5
    assert 'data-slot-start="' in body and "meetings/scheduling.js" in body
    bad = client.get("/api/meetings/conflicts", {**query, "ends_at": f"{day}T09:00"})
    assert bad.status_code == 400 and bad.json()["code"] == "meeting_ends_before_start"
    page_bad = client.get("/meetings/conflicts/", {**query, "ends_at": f"{day}T09:00"})
    assert page_bad.status_code == 400 and "结束时间应晚于开始时间" in page_bad.content.decode()
    unknown = client.get("/api/meetings/conflicts", {**query, "people": "abc"})
    assert unknown.status_code == 400 and unknown.json()["code"] == "unknown_person"
