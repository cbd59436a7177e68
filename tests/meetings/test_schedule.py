"""领导活动安排: engagements entered by the office, the week of every leader (page, API, DOCX, PDF), read through
the access policy so a classified engagement reads 另有安排 to whoever may not see it."""

from __future__ import annotations

import io
import json
from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT

from tests.meetings.conftest import signed_in
from zhongshu.audit.models import AuditEvent
from zhongshu.base.levels import Classification
from zhongshu.core.errors import ServiceError
from zhongshu.meetings import engagements
from zhongshu.meetings.engagements import EngagementFields
from zhongshu.meetings.models import Attendee, Engagement, EngagementKind, ReplyState
from zhongshu.meetings.states import MeetingState
from zhongshu.meetings.week import HIDDEN_TITLE, leaders_week, monday_of
from zhongshu.meetings.week_docx import week_docx

MONDAY = monday_of(timezone.localdate()) + timedelta(days=7)  # next week: whatever today is


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour, minute=minute))


def add(county, leader, title="赴城关镇调研防汛工作", *, day=1, hour=9, hours=2, by=None, **extra):
    start = at(MONDAY + timedelta(days=day), hour)
    fields = EngagementFields(
        leader=leader,
        kind=extra.pop("kind", EngagementKind.RESEARCH),
        title=title,
        place=extra.pop("place", "城关镇"),
        starts_at=start,
        ends_at=start + timedelta(hours=hours),
        **extra,
    )
    return engagements.engagement_add(by=(by or county.clerk).user, fields=fields).engagement


def test_the_office_enters_an_engagement_audited_and_told_to_the_leader(county):
    engagement = add(county, county.leaders[0])
    assert engagement.owner_person == county.leaders[0]
    assert engagement.owner_unit == county.office
    event = AuditEvent.objects.get(action="meetings.engagement_add")
    assert event.object_id == str(engagement.pk)
    assert "赴城关镇" not in json.dumps(event.details, ensure_ascii=False)  # titles never go into the log
    from zhongshu.notifications.models import OutboxMessage

    assert OutboxMessage.objects.filter(recipient=county.leaders[0].user).exists()


def test_an_engagement_that_ends_before_it_starts_is_refused_and_nothing_saved(county):
    start = at(MONDAY, 15)
    fields = EngagementFields(
        leader=county.leaders[0], kind="visit", title="会见客商", place="", starts_at=start, ends_at=start
    )
    with pytest.raises(ServiceError) as refused:
        engagements.engagement_add(by=county.clerk.user, fields=fields)
    assert refused.value.code == "engagement_ends_before_start"
    assert not Engagement.objects.exists()
    assert not AuditEvent.objects.filter(action="meetings.engagement_add").exists()


def test_only_the_meeting_staff_enter_engagements_and_only_for_leaders(county):
    with pytest.raises(ServiceError) as refused:
        add(county, county.leaders[0], by=county.bureau_liaison)
    assert refused.value.code == "not_meeting_office"
    with pytest.raises(ServiceError) as refused:
        add(county, county.bureau_liaison)
    assert refused.value.code == "not_a_leader"


def test_an_edit_from_a_stale_form_is_refused(county):
    engagement = add(county, county.leaders[0])
    fields = EngagementFields(
        leader=county.leaders[0],
        kind="trip",
        title="赴市里汇报",
        place="市政府",
        starts_at=engagement.starts_at,
        ends_at=engagement.ends_at,
    )
    engagements.engagement_edit(engagement=engagement, by=county.clerk.user, fields=fields, version=1)
    with pytest.raises(ServiceError) as refused:
        engagements.engagement_edit(engagement=engagement, by=county.director.user, fields=fields, version=1)
    assert refused.value.code == "engagement_changed"
    engagement.refresh_from_db()
    assert (engagement.title, engagement.version) == ("赴市里汇报", 2)


def test_the_week_lists_leaders_in_rank_order_with_meetings_and_engagements(county):
    add(county, county.leaders[2], "陪同检查水库", day=0, hour=14)
    add(county, county.leaders[0], "接待省调研组", day=2, hour=9, kind="reception")
    meeting = county.make_meeting(
        starts_at=at(MONDAY + timedelta(days=1), 9), attendees=[county.leaders[1], county.leaders[3]]
    )
    # 林副县长 sends 钱局长 in his place: the meeting leaves 林's week and is on 钱's.
    Attendee.objects.filter(meeting=meeting, person=county.leaders[3]).update(
        reply=ReplyState.SUBSTITUTE, substitute=county.bureau_head
    )
    county.make_meeting(
        "草稿会议", state=MeetingState.DRAFT, starts_at=at(MONDAY, 9), attendees=[county.leaders[0]]
    )
    week = leaders_week(county.clerk.user, MONDAY)
    ranks = [row.leader.leader_rank for row in week.rows]
    assert ranks == sorted(ranks) and ranks[:4] == [1, 2, 3, 4]
    by_leader = {row.leader.pk: row for row in week.rows}
    secretary = by_leader[county.leaders[0].pk]
    assert [item.title for item in secretary.cells[2].am] == ["接待省调研组"]
    assert secretary.cells[0].empty  # the draft meeting is not booked
    mayor = by_leader[county.leaders[1].pk]
    assert [item.title for item in mayor.cells[1].am] == [meeting.title]  # attendee (and chair)
    deputy = by_leader[county.leaders[2].pk]
    assert [item.title for item in deputy.cells[0].pm] == ["陪同检查水库"]
    assert all(cell.empty for cell in by_leader[county.leaders[3].pk].cells)  # sent a substitute
    assert [item.title for item in by_leader[county.bureau_head.pk].cells[1].am] == [meeting.title]


def test_a_classified_engagement_reads_another_arrangement_to_whoever_may_not_see_it(county):
    add(
        county,
        county.leaders[0],
        "机密活动",
        classification=Classification.SECRET,
        need_to_know_people=[county.leaders[1]],
    )
    # The office (its owner unit) and 王县长 (in its 知悉范围) see it; 钱局长, of another unit and cleared for 秘密
    # only, reads 另有安排.
    for viewer, hidden in ((county.clerk, False), (county.leaders[1], False), (county.bureau_head, True)):
        week = leaders_week(viewer.user, MONDAY, leader_ids=[county.leaders[0].pk])
        (item,) = week.items
        assert item.hidden is hidden, viewer.name
        if hidden:
            assert (item.title, item.place, item.kind_label) == (HIDDEN_TITLE, "", "")
            assert item.starts_at == at(MONDAY + timedelta(days=1), 9)
        else:
            assert item.title == "机密活动" and item.marking == "机密"


def test_the_week_costs_the_same_queries_for_two_and_four_leaders_with_items(county):
    for leader in county.leaders[:2]:
        add(county, leader, day=0)
        county.make_meeting(starts_at=at(MONDAY + timedelta(days=3), 9), attendees=[leader])
    leaders_week(county.clerk.user, MONDAY)  # warms the process-wide caches (content types)
    with CaptureQueriesContext(connection) as small:
        leaders_week(county.clerk.user, MONDAY)
    for leader in county.leaders[2:]:
        add(county, leader, day=0)
        add(county, leader, day=4, hour=15)
        county.make_meeting(starts_at=at(MONDAY + timedelta(days=3), 15), attendees=[leader])
    with CaptureQueriesContext(connection) as large:
        week = leaders_week(county.clerk.user, MONDAY)
    assert len(week.items) > 6
    assert len(large) == len(small) <= 6


def test_the_page_shows_the_grid_and_hides_the_classified_title(county):
    add(county, county.leaders[0], "公开调研", day=0)
    add(county, county.leaders[0], "机密会见", day=1, classification=Classification.SECRET, kind="visit")
    page = signed_in("wenshu").get(f"/meetings/schedule/?week={MONDAY.isoformat()}")
    assert page.status_code == 200
    text = page.content.decode()
    assert "公开调研" in text and "机密会见" in text
    assert text.index("郑书记") < text.index("王县长") < text.index("陈副县长")
    assert AuditEvent.objects.filter(action="record.list", details__route="meetings.schedule").exists()
    hidden = signed_in("slj_jz").get(f"/meetings/schedule/?week={MONDAY.isoformat()}").content.decode()
    assert "公开调研" in hidden and "机密会见" not in hidden and "另有安排" in hidden


def test_the_week_page_is_for_leaders_and_the_meeting_staff(county):
    assert signed_in("slj_llr").get("/meetings/schedule/").status_code == 403
    assert signed_in("leader3").get("/meetings/schedule/").status_code == 200
    assert signed_in("slj_llr").get("/api/meetings/schedule").status_code == 403
    # A week that is no date is this week, not an error.
    assert signed_in("zhuren").get("/meetings/schedule/?week=2026-13-45").status_code == 200


def test_the_api_week_matches_the_page(county):
    add(county, county.leaders[0], "机密会见", day=1, classification=Classification.SECRET, kind="visit")
    body = signed_in("slj_jz").get(f"/api/meetings/schedule?week={MONDAY.isoformat()}").json()
    assert [leader["leader"] for leader in body["leaders"]][:4] == [
        "郑书记",
        "王县长",
        "陈副县长",
        "林副县长",
    ]
    (item,) = body["leaders"][0]["items"]
    assert item["hidden"] is True and item["title"] == "另有安排" and item["place"] == ""


def test_the_printed_table_is_a4_landscape_with_leaders_in_rank_order(county):
    add(county, county.leaders[1], "公开调研", day=0)
    add(county, county.leaders[0], "机密会见", day=1, classification=Classification.SECRET, kind="visit")
    response = signed_in("slj_jz").get(f"/meetings/schedule/table.docx?week={MONDAY.isoformat()}")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height
    assert abs(section.page_width.mm - 297) < 1 and abs(section.page_height.mm - 210) < 1
    table = document.tables[0]
    leaders = []
    for row in table.rows[1:]:
        name = row.cells[0].paragraphs[0].text
        if name not in leaders:
            leaders.append(name)
    assert leaders[:4] == ["郑书记", "王县长", "陈副县长", "林副县长"]
    cells = "\n".join(cell.text for row in table.rows for cell in row.cells)
    assert "公开调研" in cells and "另有安排" in cells and "机密会见" not in cells
    # The same week for the office shows the title.
    office = Document(io.BytesIO(week_docx(leaders_week(county.clerk.user, MONDAY))))
    assert "机密会见" in "\n".join(cell.text for row in office.tables[0].rows for cell in row.cells)


def test_the_printed_table_as_pdf(county):
    from tests.pdf_support import need_soffice, pdf_text

    need_soffice()
    add(county, county.leaders[0], "机密会见", day=1, classification=Classification.SECRET, kind="visit")
    response = signed_in("slj_jz").get(f"/meetings/schedule/table.pdf?week={MONDAY.isoformat()}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "领导活动安排" in text and "另有安排" in text and "机密会见" not in text


def test_a_conflict_with_the_leaders_meeting_is_shown_but_the_engagement_is_entered(county):
    meeting = county.make_meeting(starts_at=at(MONDAY + timedelta(days=1), 9), attendees=[county.leaders[1]])
    start = at(MONDAY + timedelta(days=1), 10)
    fields = EngagementFields(
        leader=county.leaders[1],
        kind="reception",
        title="接待客商",
        place="",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )
    saved = engagements.engagement_add(by=county.clerk.user, fields=fields)
    assert [conflict.other_id for conflict in saved.conflicts] == [meeting.pk]
    assert meeting.title in engagements.conflict_lines(saved.conflicts)[0]
    # Its own edit does not conflict with itself.
    again = engagements.engagement_edit(engagement=saved.engagement, by=county.clerk.user, fields=fields)
    assert [conflict.other for conflict in again.conflicts] == ["meeting"]
    api = signed_in("wenshu").post(
        "/api/meetings/engagements",
        {
            "leader": county.leaders[1].pk,
            "kind": "visit",
            "title": "会见",
            "starts_at": f"{(MONDAY + timedelta(days=1)).isoformat()} 09:30",
            "ends_at": f"{(MONDAY + timedelta(days=1)).isoformat()} 10:30",
        },
        content_type="application/json",
    )
    assert api.status_code == 201
    assert len(api.json()["conflicts"]) == 2  # the meeting and 接待客商
    page = signed_in("wenshu").post(
        "/meetings/engagements/new/",
        {
            "leader": county.leaders[1].pk,
            "kind": "visit",
            "title": "又一次会见",
            "starts_at": f"{(MONDAY + timedelta(days=1)).isoformat()}T09:15",
            "ends_at": f"{(MONDAY + timedelta(days=1)).isoformat()}T09:45",
        },
        follow=True,
    )
    assert "时间冲突" in page.content.decode() and meeting.title in page.content.decode()


def test_the_week_lists_the_county_leaders_not_a_bureaus_own(county):
    """A bureau's head is ranked within his bureau (局长 1): he is no county leader and has no row."""
    from zhongshu.base.roles import Role
    from zhongshu.testing.factories import make_person, make_unit

    finance = make_unit("县财政局", parent=county.office, code="CZJ")
    head = make_person(
        "冯局长", unit=finance, roles=[Role.LEADER], is_leader=True, leader_rank=1, title="局长"
    )
    week = leaders_week(county.clerk.user, timezone.localdate())
    names = [row.leader.name for row in week.rows]
    assert names[:4] == [leader.name for leader in county.leaders]
    assert head.name not in names
    assert [
        row.leader.name for row in leaders_week(county.clerk.user, timezone.localdate(), [head.pk]).rows
    ] == [head.name]
