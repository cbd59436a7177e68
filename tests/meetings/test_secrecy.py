"""涉密会议 (issue 16, item 7): cleared rooms, attendees cleared for the level, the checklist item by item,
numbered copies handed out and collected back, and a meeting that cannot close while a copy is out or the
checklist is incomplete. Refusals on a classified meeting are audited; nothing is half-saved."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.meetings.conftest import signed_in
from zhongshu.audit.models import AuditEvent
from zhongshu.base.levels import Classification
from zhongshu.core.errors import Forbidden, InvalidTransition, ServiceError
from zhongshu.meetings import agenda, closing, secrecy
from zhongshu.meetings.actions import RULES
from zhongshu.meetings.models import Attendee, MaterialCopy, Meeting, SecrecyCheck, SecrecyCheckEntry
from zhongshu.meetings.states import MeetingState


def classified(county, **fields):
    """A 机密 meeting in the cleared room, notified, with two leaders (重要) invited."""
    fields.setdefault("attendees", county.leaders[1:3])
    return county.make_meeting(
        "全县维稳形势分析会",
        state=fields.pop("state", MeetingState.NOTIFIED),
        classification=Classification.SECRET,
        room="secure",
        **fields,
    )


def denied(meeting, action):
    return AuditEvent.objects.filter(action=f"meetings.{action}", object_id=str(meeting.pk), outcome="denied")


# --- the checks other parts call ---------------------------------------------------------------------------


def test_a_classified_meeting_only_in_a_cleared_room(county):
    meeting = classified(county)
    with pytest.raises(ServiceError) as refused:
        secrecy.check_room_cleared(meeting, county.rooms["first"])
    assert refused.value.code == "room_not_cleared"
    assert "第一会议室" in refused.value.message and "机密" in refused.value.message
    secrecy.check_room_cleared(meeting, county.rooms["secure"])
    # An unsaved meeting (an application being made) is judged by its level alone; a 内部 one goes anywhere.
    secrecy.check_room_cleared(Meeting(classification=Classification.INTERNAL), county.rooms["first"])
    with pytest.raises(ServiceError):
        secrecy.check_room_cleared(Meeting(classification=Classification.CONFIDENTIAL), county.rooms["small"])


def test_attendees_must_be_cleared_for_the_level(county):
    meeting = classified(county)
    with pytest.raises(ServiceError) as refused:
        secrecy.check_attendee_clearance(
            meeting, [county.leaders[1], county.bureau_head, county.bureau_liaison]
        )
    assert refused.value.code == "attendee_not_cleared"
    assert "钱局长、何联络" in refused.value.message
    secrecy.check_attendee_clearance(meeting, [county.leaders[1], county.clerk])
    # 一般 covers 秘密, and anyone may attend a 内部 meeting.
    secrecy.check_attendee_clearance(
        county.make_meeting(classification=Classification.CONFIDENTIAL), [county.bureau_head]
    )
    secrecy.check_attendee_clearance(county.make_meeting(), [county.bureau_liaison])


# --- numbered copies ---------------------------------------------------------------------------------------


def test_copies_are_numbered_per_material_and_handed_to_cleared_attendees(county):
    meeting = classified(county)
    first = secrecy.material_copy_hand_out(
        meeting=meeting, by=county.clerk.user, material="维稳形势分析报告", holder=county.leaders[1]
    )
    second = secrecy.material_copy_hand_out(
        meeting=meeting, by=county.secrecy_officer.user, material="维稳形势分析报告", holder=county.leaders[2]
    )
    other = secrecy.material_copy_hand_out(
        meeting=meeting, by=county.clerk.user, material="处置预案", holder=county.leaders[1], copy_number=7
    )
    assert [first.copy_number, second.copy_number, other.copy_number] == [1, 2, 7]
    assert second.handed_out_by == county.secrecy_officer.user
    assert AuditEvent.objects.filter(action="meetings.copy_hand_out", outcome="success").count() == 3
    with pytest.raises(ServiceError) as taken:
        secrecy.material_copy_hand_out(
            meeting=meeting,
            by=county.clerk.user,
            material="处置预案",
            holder=county.leaders[2],
            copy_number=7,
        )
    assert taken.value.code == "copy_number_taken"


def test_a_substitute_sent_in_someones_place_may_hold_a_copy(county):
    meeting = classified(county)
    Attendee.objects.filter(meeting=meeting, person=county.leaders[2]).update(
        reply="substitute", substitute=county.director
    )
    copy = secrecy.material_copy_hand_out(
        meeting=meeting, by=county.clerk.user, material="分析报告", holder=county.director
    )
    assert copy.holder == county.director


@pytest.mark.parametrize(
    ("holder", "code"),
    [("outsider", "attendee_not_cleared"), ("director", "holder_not_attending"), (None, "holder_required")],
)
def test_a_copy_to_someone_not_cleared_or_not_attending_is_refused_audited_and_not_saved(
    county, holder, code
):
    meeting = classified(county, attendees=[*county.leaders[1:3], county.bureau_head])
    person = getattr(county, holder) if holder else None
    with pytest.raises(ServiceError) as refused:
        secrecy.material_copy_hand_out(
            meeting=meeting, by=county.clerk.user, material="分析报告", holder=person
        )
    assert refused.value.code == code
    assert not MaterialCopy.objects.exists()
    (line,) = denied(meeting, "copy_hand_out")
    assert line.details == {"code": code} and line.actor_id == county.clerk.user.pk


def test_an_invited_but_uncleared_attendee_gets_no_copy(county):
    meeting = classified(county, attendees=[*county.leaders[1:3], county.bureau_head])
    with pytest.raises(ServiceError) as refused:
        secrecy.material_copy_hand_out(
            meeting=meeting, by=county.clerk.user, material="分析报告", holder=county.bureau_head
        )
    assert refused.value.code == "attendee_not_cleared"


def test_only_the_staff_or_the_secrecy_officer_and_only_for_a_classified_meeting(county):
    meeting = classified(county)
    with pytest.raises(Forbidden) as refused:
        secrecy.material_copy_hand_out(
            meeting=meeting, by=county.leaders[1].user, material="分析报告", holder=county.leaders[1]
        )
    assert refused.value.code == "not_secrecy_staff"
    assert denied(meeting, "copy_hand_out").count() == 1
    open_meeting = county.make_meeting(state=MeetingState.NOTIFIED)
    with pytest.raises(InvalidTransition) as unclassified:
        secrecy.secrecy_check_record(
            meeting=open_meeting, by=county.clerk.user, item=SecrecyCheck.VENUE_INSPECTED
        )
    assert unclassified.value.code == "meeting_not_classified"
    assert not denied(open_meeting, "secrecy_check").exists()  # refusals are audited on classified meetings


def test_a_copy_is_returned_once_with_who_received_it_and_when(county):
    meeting = classified(county)
    copy = secrecy.material_copy_hand_out(
        meeting=meeting, by=county.clerk.user, material="分析报告", holder=county.leaders[1]
    )
    secrecy.material_copy_return(copy=copy, by=county.secrecy_officer.user)
    copy.refresh_from_db()
    assert copy.returned_to == county.secrecy_officer.user and copy.returned_at <= timezone.now()
    with pytest.raises(ServiceError) as again:
        secrecy.material_copy_return(copy=copy, by=county.clerk.user)
    assert again.value.code == "copy_already_returned"
    assert AuditEvent.objects.filter(action="meetings.copy_return", outcome="success").count() == 1
    assert denied(meeting, "copy_return").count() == 1


# --- the checklist and closing -----------------------------------------------------------------------------


def test_the_checklist_is_recorded_item_by_item_once_each(county):
    meeting = classified(county)
    entry = secrecy.secrecy_check_record(
        meeting=meeting, by=county.secrecy_officer.user, item=SecrecyCheck.VENUE_INSPECTED, note="已检查"
    )
    assert (entry.checked_by, entry.note) == (county.secrecy_officer.user, "已检查")
    with pytest.raises(ServiceError) as twice:
        secrecy.secrecy_check_record(meeting=meeting, by=county.clerk.user, item=SecrecyCheck.VENUE_INSPECTED)
    assert twice.value.code == "check_already_recorded"
    with pytest.raises(ServiceError) as unknown:
        secrecy.secrecy_check_record(meeting=meeting, by=county.clerk.user, item="coffee_served")
    assert unknown.value.code == "unknown_check_item"
    assert SecrecyCheckEntry.objects.filter(meeting=meeting).count() == 1
    with pytest.raises(Forbidden):
        secrecy.secrecy_check_record(
            meeting=meeting, by=county.leaders[1].user, item=SecrecyCheck.DEVICES_COLLECTED
        )
    event = AuditEvent.objects.get(action="meetings.secrecy_check", outcome="success")
    assert event.details["check"] == SecrecyCheck.VENUE_INSPECTED
    assert event.classification == Classification.SECRET


def test_a_classified_meeting_closes_only_with_every_copy_back_and_the_checklist_complete(county):
    meeting = classified(county)
    copy = secrecy.material_copy_hand_out(
        meeting=meeting, by=county.clerk.user, material="分析报告", holder=county.leaders[1]
    )
    assert "close" not in RULES.available(county.clerk.user, meeting)
    with pytest.raises(InvalidTransition) as out:
        closing.meeting_close(meeting=meeting, by=county.clerk.user)
    assert out.value.code == "copies_outstanding" and "1份" in out.value.message
    with pytest.raises(ServiceError) as not_yet:
        secrecy.secrecy_check_record(
            meeting=meeting, by=county.clerk.user, item=SecrecyCheck.MATERIALS_RECOVERED
        )
    assert not_yet.value.code == "copies_outstanding"
    secrecy.material_copy_return(copy=copy, by=county.clerk.user)
    with pytest.raises(InvalidTransition) as incomplete:
        closing.meeting_close(meeting=meeting, by=county.clerk.user)
    assert incomplete.value.code == "secrecy_checklist_incomplete"
    assert "会场保密检查" in incomplete.value.message
    for item in SecrecyCheck.values:
        secrecy.secrecy_check_record(meeting=meeting, by=county.secrecy_officer.user, item=item)
    assert "close" in RULES.available(county.clerk.user, meeting)
    closed = closing.meeting_close(meeting=meeting, by=county.clerk.user)
    assert closed.state == MeetingState.CLOSED and closed.closed_at is not None
    assert denied(meeting, "close").count() == 2
    assert AuditEvent.objects.filter(action="meetings.close", outcome="success").count() == 1
    # Closed: no more copies or checks.
    with pytest.raises(InvalidTransition):
        secrecy.material_copy_hand_out(
            meeting=closed, by=county.clerk.user, material="补发材料", holder=county.leaders[1]
        )


def test_an_ordinary_meeting_closes_without_a_checklist_but_only_once_notified(county):
    meeting = county.make_meeting(state=MeetingState.APPROVED)
    with pytest.raises(InvalidTransition):
        closing.meeting_close(meeting=meeting, by=county.clerk.user)
    Meeting.objects.filter(pk=meeting.pk).update(state=MeetingState.NOTIFIED)
    with pytest.raises(Forbidden):
        closing.meeting_close(meeting=meeting, by=county.leaders[1].user)
    closed = closing.meeting_close(meeting=meeting, by=county.clerk.user, version=meeting.version)
    assert closed.state == MeetingState.CLOSED


def test_a_stale_close_is_refused(county):
    meeting = county.make_meeting(state=MeetingState.NOTIFIED)
    drawn = meeting.version
    agenda.topic_add(meeting=meeting, by=county.clerk.user, title="议题")  # someone changes it meanwhile
    with pytest.raises(ServiceError) as stale:
        closing.meeting_close(meeting=meeting, by=county.clerk.user, version=drawn)
    assert stale.value.code == "meeting_changed"
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.NOTIFIED and meeting.closed_at is None


# --- the page and the API ----------------------------------------------------------------------------------


def test_the_page_shows_the_checklist_and_copies_and_why_it_cannot_close(county):
    meeting = classified(county)
    secrecy.material_copy_hand_out(
        meeting=meeting, by=county.clerk.user, material="分析报告", holder=county.leaders[1]
    )
    client = signed_in("wenshu")
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert 'data-testid="checklist"' in page and "会场保密检查" in page and "未检查" in page
    assert 'data-testid="copies-out">1<' in page
    assert 'data-testid="close-blocked"' in page and "尚有1份涉密材料未收回" in page
    assert 'data-action="close"' not in page
    copy = MaterialCopy.objects.get()
    assert client.post(f"/meetings/{meeting.pk}/secrecy/copy_return/", {"copy": copy.pk}).status_code == 302
    for item in SecrecyCheck.values:
        response = client.post(f"/meetings/{meeting.pk}/secrecy/secrecy_check/", {"item": item})
        assert response.status_code == 302
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert 'data-action="close"' in page
    meeting.refresh_from_db()
    closed = client.post(f"/meetings/{meeting.pk}/secrecy/close/", {"version": meeting.version})
    assert closed.status_code == 302
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.CLOSED
    register = client.get(f"/meetings/{meeting.pk}/copies/").content.decode()
    assert "分析报告" in register and "郑书记" not in register and "王县长" in register


def test_a_leader_sees_the_checklist_but_no_forms(county):
    meeting = classified(county)
    page = signed_in("leader2").get(f"/meetings/{meeting.pk}/").content.decode()
    assert 'data-testid="checklist"' in page
    assert 'data-action="secrecy"' not in page and 'data-action="close"' not in page


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"material": "分析报告", "holder": "director"}, "holder_not_attending"),
        ({"material": "分析报告", "holder": "bureau_liaison"}, "attendee_not_cleared"),
        ({"material": "分析报告", "holder": "leaders1", "copy_number": "0"}, "out_of_range"),
        ({"material": "分析报告"}, "holder_required"),
        ({"material": "分析报告", "holder": "leaders1", "topic": "999999"}, "unknown_topic"),
    ],
)
def test_page_and_api_refuse_the_same_bad_hand_out_with_the_same_code(county, data, code):
    meeting = classified(county)
    people = {
        "director": county.director,
        "bureau_liaison": county.bureau_liaison,
        "leaders1": county.leaders[1],
    }
    if "holder" in data:
        data = {**data, "holder": people[data["holder"]].pk}
    client = signed_in("wenshu")
    page = client.post(f"/meetings/{meeting.pk}/secrecy/copy_hand_out/", data)
    assert page.status_code == 400 and 'data-testid="error"' in page.content.decode()
    api = client.post(f"/api/meetings/{meeting.pk}/copies", data, content_type="application/json")
    assert (api.status_code, api.json()["code"]) == (400, code)
    assert not MaterialCopy.objects.exists()


def test_the_api_runs_the_secrecy_actions_and_says_why_it_cannot_close(county):
    meeting = classified(county)
    client = signed_in("baomi")
    handed = client.post(
        f"/api/meetings/{meeting.pk}/copies",
        {"material": "分析报告", "holder": county.leaders[1].pk},
        content_type="application/json",
    )
    assert handed.status_code == 200
    body = handed.json()
    assert body["title"] == meeting.title and body["classified"] is True and body["copies_out"] == 1
    assert body["close_refused"]["code"] == "copies_outstanding"
    (copy,) = body["copies"]
    assert (copy["copy_number"], copy["holder"], copy["returned_at"]) == (1, "王县长", None)
    back = client.post(
        f"/api/meetings/{meeting.pk}/copies/return", {"copy": copy["id"]}, content_type="application/json"
    ).json()
    assert back["copies"][0]["returned_to"] == "孙保密"
    assert back["close_refused"]["code"] == "secrecy_checklist_incomplete"
    for item in SecrecyCheck.values:
        client.post(
            f"/api/meetings/{meeting.pk}/secrecy/checks", {"item": item}, content_type="application/json"
        )
    done = client.get(f"/api/meetings/{meeting.pk}/secrecy").json()
    assert done["checklist_complete"] is True and done["close_refused"] is None
    assert all(line["checked_by"] == "孙保密" for line in done["checklist"])
    # The 保密员 records; closing is the meeting staff's.
    refused = client.post(f"/api/meetings/{meeting.pk}/close", {}, content_type="application/json")
    assert (refused.status_code, refused.json()["code"]) == (403, "not_meeting_office")
    closed = signed_in("wenshu").post(
        f"/api/meetings/{meeting.pk}/close", {}, content_type="application/json"
    )
    assert closed.status_code == 200 and closed.json()["state"] == MeetingState.CLOSED
