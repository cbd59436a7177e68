"""座次: the 主席台 by leader_rank under the configured convention (5 and 6 people, both conventions, said from
the stage and from the audience), substitutes, absences, seats set by hand kept, the DOCX opened, the page and
the API refusing the same bad input with the same code."""

from __future__ import annotations

import io
import json

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT

from tests.meetings.conftest import signed_in
from zhongshu.audit.models import AuditEvent
from zhongshu.base.roles import Role
from zhongshu.core.errors import ServiceError
from zhongshu.meetings import seating
from zhongshu.meetings.models import Attendee, AttendeeRole, ReplyState, Seat
from zhongshu.meetings.states import MeetingState
from zhongshu.testing.factories import make_person

# --- The rule alone ---------------------------------------------------------------------------------------


def seen_from_audience(count: int, code: str) -> list[int]:
    """The ranks in one row as the audience sees it, left to right."""
    positions = seating.honour_positions(count, seating.CONVENTIONS[code])
    by_position = {position: rank for rank, position in enumerate(positions, start=1)}
    assert sorted(by_position) == list(range(1, count + 1))
    return [by_position[p] for p in range(1, count + 1)]


@pytest.mark.parametrize(
    ("code", "count", "audience"),
    [
        ("party", 5, [5, 3, 1, 2, 4]),
        ("party", 6, [6, 4, 2, 1, 3, 5]),
        ("government", 5, [5, 3, 1, 2, 4]),
        ("government", 6, [5, 3, 1, 2, 4, 6]),
        ("party", 1, [1]),
        ("party", 2, [2, 1]),
        ("government", 2, [1, 2]),
        ("party", 7, [7, 5, 3, 1, 2, 4, 6]),
    ],
)
def test_the_row_follows_the_convention_seen_from_the_audience(code, count, audience):
    assert seen_from_audience(count, code) == audience


def test_said_from_the_stage_no2_sits_on_no1s_left_when_odd_and_no1_takes_the_centre_left_when_even():
    # From the stage facing the audience, left and right are the audience's mirrored.
    stage = list(reversed(seen_from_audience(5, "party")))  # 4 2 1 3 5, from the stage's left
    assert stage.index(2) == stage.index(1) - 1  # No.2 on No.1's left (台上视角)
    assert stage.index(3) == stage.index(1) + 1  # No.3 on his right
    stage = list(reversed(seen_from_audience(6, "party")))  # 5 3 1 2 4 6
    assert stage.index(1) == 2 and stage.index(2) == 3  # No.1 centre-left from the stage, No.2 centre-right
    audience = seen_from_audience(6, "party")
    assert audience.index(1) == 3  # = the audience's centre-right
    stage = list(reversed(seen_from_audience(6, "government")))  # 6 4 2 1 3 5
    assert stage.index(1) == 3 and stage.index(2) == 2  # the opposite: No.1 centre-right, No.2 on his left


# --- Through a meeting --------------------------------------------------------------------------------------


def more_leaders(county, count):
    """Leaders ranked after the county's four (5, 6, …)."""
    return [
        make_person(
            f"第{rank}副县长",
            unit=county.office,
            roles=[Role.LEADER],
            is_leader=True,
            leader_rank=rank,
            title="副县长",
            username=f"leader{rank}",
        )
        for rank in range(5, 5 + count)
    ]


def platform_names(meeting):
    return [seat.name for seat in seating.chart(meeting).platform]


@pytest.mark.parametrize(
    ("code", "count", "audience"),
    [
        ("party", 5, [5, 3, 1, 2, 4]),
        ("party", 6, [6, 4, 2, 1, 3, 5]),
        ("government", 5, [5, 3, 1, 2, 4]),
        ("government", 6, [5, 3, 1, 2, 4, 6]),
    ],
)
def test_the_platform_of_5_and_6_people_follows_the_configured_convention(
    county, settings, code, count, audience
):
    settings.ZHONGSHU_SEATING_CONVENTION = code
    leaders = [*county.leaders, *more_leaders(county, 2)][:count]
    # Invited out of rank order, with an unranked liaison who sits in the first row.
    invited = [*reversed(leaders), county.bureau_liaison]
    meeting = county.make_meeting(attendees=invited)
    seating.seating_arrange(meeting=meeting, by=county.clerk.user)
    assert platform_names(meeting) == [leaders[rank - 1].name for rank in audience]
    rows = seating.chart(meeting).rows
    assert [[seat.name for seat in row] for row in rows] == [[county.bureau_liaison.name]]


def test_the_platform_holds_seven_and_the_rest_go_to_the_rows_leaders_first_then_units(county, settings):
    settings.ZHONGSHU_SEATING_PLATFORM_SIZE = 3
    settings.ZHONGSHU_SEATING_ROW_SIZE = 2
    meeting = county.make_meeting(attendees=[county.bureau_liaison, *county.leaders], units=[county.towns[0]])
    seating.seating_arrange(meeting=meeting, by=county.clerk.user)
    view = seating.chart(meeting)
    assert [s.name for s in view.platform] == ["陈副县长", "郑书记", "王县长"]
    # Row 1: No.4 leader then the liaison (named, unranked); row 2: the town (a unit, after the people).
    assert [[s.name for s in row] for row in view.rows] == [["何联络", "林副县长"], ["城关镇"]]


def test_the_office_sees_the_convention_in_force_on_the_seating_page(county, settings):
    settings.ZHONGSHU_SEATING_CONVENTION = "government"
    meeting = county.make_meeting()
    page = signed_in("wenshu").get(f"/meetings/{meeting.pk}/seating/")
    body = page.content.decode()
    assert page.status_code == 200
    assert 'data-convention="government"' in body and "政府惯例" in body
    assert "1号在居中偏右" in body
    assert 'data-action="seat"' in body


def reply_substitute(attendee, substitute, meeting):
    """What the replies part records for 委派代参 (its service owns the checks); then its hook."""
    attendee.reply = ReplyState.SUBSTITUTE
    attendee.substitute = substitute
    attendee.reply_reason = "另有公务"
    attendee.save()
    meeting.need_to_know_people.add(substitute)
    return seating.seating_changed(meeting)


def test_a_substitute_takes_the_place_of_whom_they_replace(county, settings):
    settings.ZHONGSHU_SEATING_SUBSTITUTE = "in_place"
    meeting = county.make_meeting(attendees=county.leaders[:3])
    seating.seating_arrange(meeting=meeting, by=county.clerk.user)
    assert platform_names(meeting) == ["陈副县长", "郑书记", "王县长"]
    row = Attendee.objects.get(meeting=meeting, person=county.leaders[1])
    assert reply_substitute(row, county.bureau_head, meeting) is not None
    view = seating.chart(meeting)
    assert [s.name for s in view.platform] == ["陈副县长", "郑书记", "钱局长"]
    assert view.platform[2].substitute_for == "王县长"
    page = signed_in("wenshu").get(f"/meetings/{meeting.pk}/seating/").content.decode()
    assert "（代王县长）" in page


def test_configured_after_the_leaders_a_substitute_leaves_the_platform(county, settings):
    settings.ZHONGSHU_SEATING_SUBSTITUTE = "after_leaders"
    meeting = county.make_meeting(attendees=[*county.leaders[:3], county.bureau_liaison])
    seating.seating_arrange(meeting=meeting, by=county.clerk.user)
    row = Attendee.objects.get(meeting=meeting, person=county.leaders[1])
    reply_substitute(row, county.second_head, meeting)
    view = seating.chart(meeting)
    # Two left on the platform; under `party`, seen from the audience, No.2 on the left of No.1.
    assert [s.name for s in view.platform] == ["陈副县长", "郑书记"]
    # Row 1: the substitute (after the ranked leaders, his own rank 11 set aside) as its No.1, then the
    # unranked liaison as its No.2 — again No.2 on the audience's left.
    assert [s.name for s in view.rows[0]] == ["何联络", "周局长"]
    assert view.rows[0][1].substitute_for == "王县长"


def test_an_absence_frees_the_seat_and_nothing_happens_before_the_first_arrangement(county):
    meeting = county.make_meeting(attendees=county.leaders[:3])
    row = Attendee.objects.get(meeting=meeting, person=county.leaders[2])
    row.reply = ReplyState.ABSENT
    row.save()
    assert seating.seating_changed(meeting) is None
    assert not Seat.objects.filter(meeting=meeting).exists()
    seating.seating_arrange(meeting=meeting, by=county.clerk.user)
    assert platform_names(meeting) == ["王县长", "郑书记"]


def test_a_reply_changed_without_the_hook_shows_the_seating_as_stale(county):
    meeting = county.make_meeting(attendees=county.leaders[:3])
    seating.seating_arrange(meeting=meeting, by=county.clerk.user)
    Attendee.objects.filter(meeting=meeting, person=county.leaders[2]).update(reply=ReplyState.ABSENT)
    assert seating.is_stale(meeting)
    page = signed_in("wenshu").get(f"/meetings/{meeting.pk}/").content.decode()
    assert "座次需要重新排定" in page
    seating.seating_changed(meeting)
    assert not seating.is_stale(meeting)


def test_seats_set_by_hand_are_kept_when_arranged_again_while_still_valid(county):
    meeting = county.make_meeting(attendees=[*county.leaders, county.bureau_liaison])
    clerk = county.clerk.user
    seating.seating_arrange(meeting=meeting, by=clerk)
    one, four = (Attendee.objects.get(meeting=meeting, person=county.leaders[i]) for i in (0, 3))
    liaison = Attendee.objects.get(meeting=meeting, person=county.bureau_liaison)
    before = {s.attendee_id: (s.row, s.position) for s in Seat.objects.filter(meeting=meeting)}
    seating.seat_swap(meeting=meeting, by=clerk, first=one, second=four)
    seating.seat_move(meeting=meeting, by=clerk, attendee=liaison, row=2, position=5)
    after = {s.attendee_id: (s.row, s.position, s.by_hand) for s in Seat.objects.filter(meeting=meeting)}
    assert after[one.pk] == (*before[four.pk], True)
    assert after[four.pk] == (*before[one.pk], True)
    assert after[liaison.pk] == (2, 5, True)
    # No.3 sends apologies: arranged again, the hand-set seats stay, the rest follow the convention.
    Attendee.objects.filter(meeting=meeting, person=county.leaders[2]).update(reply=ReplyState.ABSENT)
    result = seating.seating_arrange(meeting=meeting, by=clerk)
    assert result.kept_by_hand == 3 and result.dropped_by_hand == 0
    again = {s.attendee_id: (s.row, s.position, s.by_hand) for s in Seat.objects.filter(meeting=meeting)}
    assert again[one.pk] == after[one.pk] and again[four.pk] == after[four.pk]
    assert again[liaison.pk] == (2, 5, True)
    assert len(again) == 4
    # One set by hand who then sends apologies loses the seat (no longer valid).
    Attendee.objects.filter(pk=four.pk).update(reply=ReplyState.ABSENT)
    result = seating.seating_arrange(meeting=meeting, by=clerk)
    assert result.dropped_by_hand == 1
    assert not Seat.objects.filter(meeting=meeting, attendee=four).exists()


def test_bad_moves_are_refused_with_clear_codes_and_nothing_changes(county):
    meeting = county.make_meeting(attendees=county.leaders[:3])
    clerk = county.clerk.user
    seating.seating_arrange(meeting=meeting, by=clerk)
    one, two = (Attendee.objects.get(meeting=meeting, person=county.leaders[i]) for i in (0, 1))
    before = list(Seat.objects.filter(meeting=meeting).values_list("attendee", "row", "position", "by_hand"))
    taken = Seat.objects.get(meeting=meeting, attendee=two)
    cases = [
        (dict(attendee=one, row=taken.row, position=taken.position), "seat_taken"),
        (dict(attendee=one, row=0, position=8), "seat_out_of_range"),
        (dict(attendee=one, row=1, position=13), "seat_out_of_range"),
    ]
    for kwargs, code in cases:
        with pytest.raises(ServiceError) as refused:
            seating.seat_move(meeting=meeting, by=clerk, **kwargs)
        assert refused.value.code == code
    with pytest.raises(ServiceError) as refused:
        seating.seat_swap(meeting=meeting, by=clerk, first=one, second=one)
    assert refused.value.code == "same_seat"
    unseated = Attendee.objects.create(meeting=meeting, person=county.bureau_head, role=AttendeeRole.ATTEND)
    with pytest.raises(ServiceError) as refused:
        seating.seat_swap(meeting=meeting, by=clerk, first=one, second=unseated)
    assert refused.value.code == "not_seated"
    with pytest.raises(ServiceError) as refused:
        seating.seat_swap(meeting=meeting, by=clerk, first=one, second=two, version=meeting.version - 1)
    assert refused.value.code == "meeting_changed"
    after = list(Seat.objects.filter(meeting=meeting).values_list("attendee", "row", "position", "by_hand"))
    assert after == before


def test_only_the_meeting_staff_seat_and_only_while_the_meeting_is_to_be_held(county):
    meeting = county.make_meeting(attendees=county.leaders[:3])
    with pytest.raises(ServiceError) as refused:
        seating.seating_arrange(meeting=meeting, by=county.leaders[0].user)
    assert refused.value.code == "not_meeting_office" and refused.value.status == 403
    closed = county.make_meeting("已结束的会议", state=MeetingState.CLOSED)
    with pytest.raises(ServiceError) as refused:
        seating.seating_arrange(meeting=closed, by=county.clerk.user)
    assert refused.value.code == "meeting_not_active"
    assert not Seat.objects.exists()
    # The leader's page shows the chart without the staff's forms.
    page = signed_in("leader2").get(f"/meetings/{meeting.pk}/seating/")
    assert page.status_code == 200 and 'data-action="seat"' not in page.content.decode()
    answer = signed_in("leader2").post(f"/meetings/{meeting.pk}/seating/arrange/")
    assert answer.status_code == 403


def test_arranging_is_audited_and_recorded_in_the_history(county):
    meeting = county.make_meeting(attendees=county.leaders[:3])
    seating.seating_arrange(meeting=meeting, by=county.clerk.user)
    event = AuditEvent.objects.filter(action="meetings.seating_arranged").get()
    assert event.details["convention"] == "party" and event.details["seated"] == 3
    assert meeting.events.filter(action="seating_arranged").exists()


# --- Page and API: one contract ---------------------------------------------------------------------------


def test_the_page_and_the_api_refuse_the_same_bad_move_with_the_same_code(county):
    meeting = county.make_meeting(attendees=county.leaders[:3])
    client = signed_in("wenshu")
    assert client.post(f"/meetings/{meeting.pk}/seating/arrange/").status_code == 302
    one = Attendee.objects.get(meeting=meeting, person=county.leaders[0])
    bad = {"attendee": one.pk, "row": 0, "position": 9}
    page = client.post(f"/meetings/{meeting.pk}/seating/move/", bad)
    api = client.post(
        f"/api/meetings/{meeting.pk}/seating/move", json.dumps(bad), content_type="application/json"
    )
    assert page.status_code == api.status_code == 400
    assert "没有这个座位" in page.content.decode()
    assert api.json()["code"] == "seat_out_of_range"
    for data, code in [
        ({"first": one.pk, "second": one.pk}, "same_seat"),
        ({"first": one.pk, "second": 999999}, "unknown_attendee"),
        ({"first": "x", "second": one.pk}, "unknown_attendee"),
    ]:
        api = client.post(
            f"/api/meetings/{meeting.pk}/seating/swap", json.dumps(data), content_type="application/json"
        )
        assert api.json()["code"] == code
        page = client.post(f"/meetings/{meeting.pk}/seating/swap/", data)
        assert page.status_code == api.status_code


def test_the_api_arranges_and_swaps_and_answers_the_chart(county):
    meeting = county.make_meeting(attendees=county.leaders[:3])
    client = signed_in("wenshu")
    answer = client.post(f"/api/meetings/{meeting.pk}/seating/arrange", {}, content_type="application/json")
    assert answer.status_code == 200
    body = answer.json()
    assert [seat["name"] for seat in body["platform"]] == ["陈副县长", "郑书记", "王县长"]
    assert body["convention"]["code"] == "party" and body["actions"] == ["seat"]
    first, second = body["platform"][0]["attendee"], body["platform"][2]["attendee"]
    answer = client.post(
        f"/api/meetings/{meeting.pk}/seating/swap",
        {"first": first, "second": second, "version": body["meeting"]["version"]},
        content_type="application/json",
    )
    assert [seat["name"] for seat in answer.json()["platform"]] == ["王县长", "郑书记", "陈副县长"]
    stale = client.post(
        f"/api/meetings/{meeting.pk}/seating/swap",
        {"first": first, "second": second, "version": body["meeting"]["version"]},
        content_type="application/json",
    )
    assert stale.status_code == 409 and stale.json()["code"] == "meeting_changed"
    read = signed_in("leader1").get(f"/api/meetings/{meeting.pk}/seating")
    assert read.status_code == 200 and read.json()["actions"] == []


# --- Printing ---------------------------------------------------------------------------------------------


def test_the_docx_is_a_landscape_chart_with_the_platform_on_top(county):
    meeting = county.make_meeting("全县经济工作会议", attendees=[*county.leaders, county.bureau_liaison])
    seating.seating_arrange(meeting=meeting, by=county.clerk.user)
    Attendee.objects.filter(meeting=meeting, person=county.leaders[3]).update(
        reply=ReplyState.SUBSTITUTE, substitute=county.second_head
    )
    answer = signed_in("wenshu").get(f"/meetings/{meeting.pk}/seating/docx/")
    assert answer.status_code == 200
    assert "attachment" in answer["Content-Disposition"]
    document = Document(io.BytesIO(answer.content))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height
    text = "\n".join(p.text for p in document.paragraphs)
    assert "全县经济工作会议座次表" in text
    assert "第一会议室" in text and "党委惯例" in text
    platform, row = document.tables
    names = [cell.paragraphs[0].text for cell in platform.rows[0].cells]
    # Four under `party`, seen from the audience: 4 2 1 3 (No.4 replaced by his substitute).
    assert names == ["周局长", "王县长", "郑书记", "陈副县长"]
    assert "（代林副县长）" in platform.rows[0].cells[0].text
    assert [cell.text for cell in row.rows[0].cells] == ["何联络"]
    assert text.index("主席台") < text.index("第1排")


def test_the_docx_is_read_through_the_access_policy(county):
    from zhongshu.base.levels import Classification

    meeting = county.make_meeting(classification=Classification.SECRET)
    assert signed_in("lyj_llr").get(f"/meetings/{meeting.pk}/seating/docx/").status_code == 404


def test_a_leave_replied_through_the_service_takes_the_leader_off_the_arranged_platform(county):
    """The replies call the seating's hook in the reply's own transaction: no stale chart after a 请假."""
    from datetime import timedelta

    from django.utils import timezone

    from zhongshu.meetings.replies import attendee_reply
    from zhongshu.meetings.states import MeetingState

    start = timezone.now() + timedelta(days=2)
    meeting = county.make_meeting(
        attendees=county.leaders[:3],
        state=MeetingState.NOTIFIED,
        starts_at=start,
        reply_deadline=start - timedelta(hours=3),
    )
    seating.seating_arrange(meeting=meeting, by=county.clerk.user)
    assert len(platform_names(meeting)) == 3
    invitation = Attendee.objects.get(meeting=meeting, person=county.leaders[2])
    attendee_reply(
        attendee=invitation, by=county.leaders[2].user, reply=ReplyState.ABSENT, reason="赴省里汇报工作"
    )
    assert platform_names(meeting) == ["王县长", "郑书记"]
    assert not seating.is_stale(meeting)


def test_a_bureau_head_ranked_first_in_his_bureau_leads_the_rows_not_the_platform(county):
    """leader_rank counts within a unit: a bureau's 局长 (1) is no county leader, whatever his number."""
    from zhongshu.base.roles import Role
    from zhongshu.testing.factories import make_person, make_unit

    finance = make_unit("县财政局", parent=county.office, code="CZJ")
    head = make_person(
        "冯局长", unit=finance, roles=[Role.LEADER], is_leader=True, leader_rank=1, title="局长"
    )
    meeting = county.make_meeting(attendees=[head, county.bureau_liaison, *county.leaders[1:3]])
    seating.seating_arrange(meeting=meeting, by=county.clerk.user)
    assert sorted(platform_names(meeting)) == sorted(leader.name for leader in county.leaders[1:3])
    first_row = seating.chart(meeting).rows[0]
    assert "冯局长" in [seat.name for seat in first_row]
