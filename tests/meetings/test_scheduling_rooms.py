"""会议室: the meeting staff add and edit rooms from the page and the API through one contract; bad input is
refused with the same code at both edges and nothing is saved; every change is audited."""

from __future__ import annotations

from tests.meetings.conftest import signed_in
from zhongshu.audit.models import AuditEvent
from zhongshu.meetings.models import Room

GOOD = {
    "name": "第二会议室",
    "place": "县委大楼四楼",
    "capacity": "60",
    "equipment": "投影、视频会议终端",
    "has_video": "1",
    "cleared_for_classified": "",
    "active": "1",
    "sort_order": "2",
}


def test_the_clerk_adds_and_edits_a_room_on_the_page(county):
    client = signed_in("wenshu")
    response = client.post("/meetings/rooms/new/", GOOD)
    assert response.status_code == 302
    room = Room.objects.get(name="第二会议室")
    assert (room.capacity, room.has_video, room.cleared_for_classified, room.active) == (
        60,
        True,
        False,
        True,
    )
    listing = client.get("/meetings/rooms/").content.decode()
    assert "第二会议室" in listing and "投影、视频会议终端" in listing
    edited = client.post(
        f"/meetings/rooms/{room.pk}/", {**GOOD, "capacity": "80", "cleared_for_classified": "1", "active": ""}
    )
    assert edited.status_code == 302
    room.refresh_from_db()
    assert (room.capacity, room.cleared_for_classified, room.active) == (80, True, False)
    update = AuditEvent.objects.get(action="meetings.room_update", object_id=str(room.pk))
    assert update.details["changed"]["capacity"] == [60, 80]
    assert AuditEvent.objects.filter(action="meetings.room_create", object_id=str(room.pk)).exists()
    # A room out of use is not offered for 调整时间地点.
    meeting = county.make_meeting()
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "第一会议室（40人" in page and "第二会议室（" not in page


def test_the_api_adds_lists_and_edits_rooms(county):
    client = signed_in("zhuren")
    created = client.post(
        "/api/meetings/rooms", {**GOOD, "capacity": 60, "has_video": True}, content_type="application/json"
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["active"] is True  # a JSON body that leaves `active` out adds a room in use
    names = [room["name"] for room in signed_in("slj_llr").get("/api/meetings/rooms").json()]
    assert "第二会议室" in names  # anyone applying for a meeting reads the rooms
    put = client.put(
        f"/api/meetings/rooms/{pk}", {**GOOD, "capacity": 70, "active": True}, content_type="application/json"
    )
    assert put.status_code == 200 and put.json()["capacity"] == 70


def test_page_and_api_refuse_the_same_bad_room_with_the_same_code(county):
    client = signed_in("wenshu")
    cases = [
        ({**GOOD, "name": "第一会议室"}, "room_name_taken"),
        ({**GOOD, "name": "  "}, "room_name_required"),
        ({**GOOD, "capacity": ""}, "room_capacity_required"),
        ({**GOOD, "capacity": "很多"}, None),
        ({**GOOD, "capacity": "0"}, None),
    ]
    before = Room.objects.count()
    for data, code in cases:
        page = client.post("/meetings/rooms/new/", data)
        assert page.status_code in (400, 409), data
        body = {k: v for k, v in data.items() if v != ""}
        api = client.post("/api/meetings/rooms", body, content_type="application/json")
        assert api.status_code in (400, 409), (data, api.content)
        if code is not None:
            assert api.json()["code"] == code
        assert page.context["error"], data
    assert Room.objects.count() == before
    # Someone who is not the meeting staff may not add one, by either edge.
    liaison = signed_in("slj_llr")
    assert liaison.post("/meetings/rooms/new/", GOOD).status_code == 403
    assert liaison.post("/api/meetings/rooms", GOOD, content_type="application/json").status_code == 403
    assert Room.objects.count() == before
