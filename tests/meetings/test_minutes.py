"""会议纪要: drafted from the meeting (agenda, decisions, attendance) as a 纪要 of the documents module, then
issued, counted and filed in documents' own flow; the meeting and its minutes are found by search."""

from __future__ import annotations

import io
from datetime import date, timedelta

import docx
import pytest
import time_machine
from django.utils import timezone

from tests.meetings.conftest import signed_in
from zhongshu.archives.filing import file_record
from zhongshu.archives.models import Fonds
from zhongshu.audit.models import AuditEvent
from zhongshu.base.levels import Classification, Clearance
from zhongshu.base.roles import Role
from zhongshu.core.errors import Conflict, Forbidden, InvalidTransition, ServiceError
from zhongshu.documents.models import DocType, OfficialDocument
from zhongshu.documents.selectors import turnaround
from zhongshu.documents.services import (
    document_dispatch,
    document_recheck,
    document_register,
    document_review,
    document_sign_off,
    document_submit,
)
from zhongshu.documents.states import DocState
from zhongshu.meetings.minutes import minutes_draft, minutes_lists
from zhongshu.meetings.models import Attendee, AttendeeRole, Meeting, MeetingDecision, ReplyState, Topic
from zhongshu.meetings.states import MeetingState
from zhongshu.search.selectors import search
from zhongshu.testing.factories import make_department, make_person

pytestmark = pytest.mark.django_db


def held_meeting(county, **fields) -> Meeting:
    """A notified meeting: 王县长 chairs, 陈副县长 and 钱局长 attend, 林副县长 asked for leave, 周局长 sits in,
    刘文书 is staff; two 议题 and two 议定事项."""
    meeting = county.make_meeting(
        "全县防汛工作调度会",
        state=MeetingState.NOTIFIED,
        attendees=[],
        chair=county.leaders[1],
        **fields,
    )
    rows = [
        (county.leaders[1], AttendeeRole.CHAIR, ""),
        (county.leaders[2], AttendeeRole.ATTEND, ReplyState.ATTENDING),
        (county.bureau_head, AttendeeRole.ATTEND, ReplyState.ATTENDING),
        (county.leaders[3], AttendeeRole.ATTEND, ReplyState.ABSENT),
        (county.second_head, AttendeeRole.SIT_IN, ReplyState.ATTENDING),
        (county.clerk, AttendeeRole.STAFF, ""),
    ]
    for order, (person, role, reply) in enumerate(rows):
        Attendee.objects.create(meeting=meeting, person=person, role=role, reply=reply, sort_order=order)
    meeting.need_to_know_people.add(*[person for person, _, _ in rows])
    Topic.objects.create(
        meeting=meeting, order=1, title="关于汛前隐患排查整治情况", presenter_unit=county.bureau
    )
    Topic.objects.create(meeting=meeting, order=2, title="防汛物资储备", presenter=county.second_head)
    deadline = timezone.localdate() + timedelta(days=30)
    MeetingDecision.objects.create(
        meeting=meeting, order=1, text="完成病险水库除险加固", lead_unit=county.bureau, deadline=deadline
    )
    MeetingDecision.objects.create(
        meeting=meeting, order=2, text="补齐防汛物资储备", lead_unit=county.second_bureau
    )
    return meeting


def test_lists_from_invitations_and_replies(county):
    meeting = held_meeting(county)
    lists = minutes_lists(meeting)
    assert lists.present == ("王县长", "陈副县长", "县水利局钱局长")
    assert lists.absent == ("林副县长",)
    assert lists.attending == ("县应急管理局周局长",)


def test_once_anyone_signed_in_only_those_signed_in_are_present(county):
    meeting = held_meeting(county)
    now = timezone.now()
    meeting.attendees.filter(person__in=[county.leaders[1], county.second_head]).update(signed_in_at=now)
    # a unit that sent someone: the unit and the person it named
    Attendee.objects.create(
        meeting=meeting,
        unit=county.towns[0],
        person=county.town_liaisons[0],
        role=AttendeeRole.ATTEND,
        sort_order=9,
        signed_in_at=now,
    )
    lists = minutes_lists(meeting)
    assert lists.present == ("王县长", "城关镇城关联络")
    assert lists.absent == ("林副县长",)
    assert lists.attending == ("县应急管理局周局长",)
    # 钱局长 sent 何联络 in his place, who signed in; 林副县长 came after all and signed in
    meeting.attendees.filter(person=county.bureau_head).update(
        reply=ReplyState.SUBSTITUTE, substitute=county.bureau_liaison, signed_in_at=now
    )
    meeting.attendees.filter(person=county.leaders[3]).update(signed_in_at=now)
    lists = minutes_lists(meeting)
    assert lists.present == ("王县长", "县水利局何联络", "林副县长", "城关镇城关联络")
    assert lists.absent == ()


def test_minutes_drafted_from_the_agenda_with_the_lists(county):
    meeting = held_meeting(county, classification=Classification.SECRET, secrecy_term_years=5)
    document = minutes_draft(meeting=meeting, by=county.clerk.user, version=meeting.version)
    assert (document.doc_type, document.state, document.seal) == (DocType.MINUTES, DocState.DRAFT, False)
    assert document.title == document.issuer_mark == "全县防汛工作调度会纪要"
    assert (document.classification, document.secrecy_term_years) == (Classification.SECRET, 5)
    assert (document.owner_unit, document.drafter) == (county.office, county.clerk)
    lines = document.body.splitlines()
    assert lines[0].endswith(
        "王县长主持召开全县防汛工作调度会，研究汛前隐患排查整治情况、防汛物资储备等事项。现将会议议定事项纪要如下："
    )
    assert lines[1:] == [
        "一、关于汛前隐患排查整治情况",
        "会议听取了县水利局关于汛前隐患排查整治情况的汇报。会议认为：（请补充会议意见）",
        "二、关于防汛物资储备",
        "会议听取了周局长关于防汛物资储备的汇报。会议认为：（请补充会议意见）",
        "三、议定事项",
        f"（一）完成病险水库除险加固。由县水利局牵头，{_chinese(timezone.localdate() + timedelta(days=30))}前完成。",
        "（二）补齐防汛物资储备。由县应急管理局牵头。",
    ]
    assert document.minutes_present == "王县长\n陈副县长\n县水利局钱局长"
    assert document.minutes_absent == "林副县长"
    assert document.minutes_attending == "县应急管理局周局长"
    meeting.refresh_from_db()
    assert meeting.minutes_document == document and meeting.version == 2
    assert meeting.events.get(action="minutes.draft").note == "全县防汛工作调度会纪要"
    event = AuditEvent.objects.get(action="meetings.minutes.draft")
    assert event.details == {"document": document.pk}


def _chinese(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def test_drafted_once_by_the_meeting_staff_after_the_meeting(county):
    meeting = held_meeting(county)
    with pytest.raises(Forbidden) as caught:
        minutes_draft(meeting=meeting, by=county.bureau_liaison.user)
    assert caught.value.code == "not_meeting_office"
    minutes_draft(meeting=meeting, by=county.clerk.user)
    with pytest.raises(InvalidTransition) as caught:
        minutes_draft(meeting=meeting, by=county.clerk.user)
    assert caught.value.code == "minutes_already_drafted"
    assert OfficialDocument.objects.count() == 1
    approved = county.make_meeting("尚未召开的会议", state=MeetingState.APPROVED)
    with pytest.raises(InvalidTransition) as caught:
        minutes_draft(meeting=approved, by=county.clerk.user)
    assert caught.value.code == "meeting_not_held"
    with pytest.raises(Conflict) as caught:
        minutes_draft(meeting=held_meeting(county), by=county.clerk.user, version=99)
    assert caught.value.code == "meeting_changed"


def test_a_document_rule_refusal_leaves_the_meeting_unchanged(county):
    meeting = held_meeting(county, classification=Classification.TOP_SECRET)
    with pytest.raises(ServiceError) as caught:
        minutes_draft(meeting=meeting, by=county.clerk.user)  # 刘文书 is cleared for 机密 at most
    assert caught.value.code == "clearance_too_low"
    meeting.refresh_from_db()
    assert meeting.minutes_document is None and meeting.version == 1
    assert not OfficialDocument.objects.exists() and not meeting.events.exists()


def test_the_minutes_docx_is_set_as_a_minutes(county):
    document = minutes_draft(meeting=held_meeting(county), by=county.clerk.user)
    response = signed_in("wenshu").get(f"/documents/{document.pk}/docx/")
    assert response.status_code == 200
    texts = [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs]
    assert texts[0] == "全县防汛工作调度会纪要"  # the 纪要标志, the title not set again below it
    assert "出席：王县长、陈副县长、县水利局钱局长" in texts
    assert "请假：林副县长" in texts and "列席：县应急管理局周局长" in texts


def test_minutes_issued_through_documents_count_in_turnaround_and_file(county):
    county.office.agency_code = "县委办纪"
    county.office.save()
    secretariat = make_department(county.office, "秘书科", "MSK")
    county.clerk.department = secretariat
    county.clerk.save()
    Fonds.objects.create(unit=county.office, code="Z109")
    archivist = make_person(
        "钱档案", unit=county.office, roles=[Role.ARCHIVIST], clearance=Clearance.IMPORTANT, username="dangan"
    )
    with time_machine.travel(timezone.localdate().strftime("%Y-%m-%d 09:00 +0800"), tick=False) as clock:
        document = minutes_draft(meeting=held_meeting(county), by=county.clerk.user)
        document_submit(
            document=document, by=county.clerk.user, reviewers=[county.director], signer=county.leaders[1]
        )
        clock.shift(timedelta(hours=3))
        document_review(document=document, by=county.director.user, approve=True, opinion="同意")
        clock.shift(timedelta(hours=1))
        document_sign_off(document=document, by=county.leaders[1].user, opinion="同意印发")
        document_recheck(document=document, by=county.clerk.user)
        document = document_register(document=document, by=county.clerk.user, copies=5)
        document_dispatch(document=document, by=county.clerk.user)
    document.refresh_from_db()
    assert document.state == DocState.DISPATCHED and document.doc_number.startswith("县委办纪〔")
    hits = search(county.clerk.user, "病险水库").hits
    # the issued minutes, by their text
    assert f"/documents/{document.pk}/" in {hit.entry.url for hit in hits}
    stats = turnaround(county.clerk.user, year=timezone.localdate().year)
    (row,) = stats.by_unit
    assert (row.key, row.documents, row.median_review_hours) == ("县委办公室", 1, 3.0)

    item = file_record(archivist.user, document)
    assert item.title == "全县防汛工作调度会纪要" and item.doc_number == document.doc_number
    document.refresh_from_db()
    assert document.state == DocState.ARCHIVED


def test_meetings_and_their_minutes_are_found_by_search(county):
    meeting = held_meeting(county)
    document = minutes_draft(meeting=meeting, by=county.clerk.user)
    found = search(county.clerk.user, "病险水库")
    urls = {hit.entry.url for hit in found.hits}
    assert f"/meetings/{meeting.pk}/" in urls  # the meeting, by its decision
    # its minutes are found from sign-off on, as any document (documents.search: drafts are not indexed)
    assert f"/documents/{document.pk}/" not in urls
    assert f"/meetings/{meeting.pk}/" in {hit.entry.url for hit in search(county.clerk.user, "隐患排查").hits}
    # someone the meeting does not concern finds neither
    assert search(county.outsider.user, "病险水库").count == 0
    # a cancelled meeting leaves the index
    Meeting.objects.filter(pk=meeting.pk).update(state=MeetingState.CANCELLED)
    Meeting.objects.get(pk=meeting.pk).save()
    assert f"/meetings/{meeting.pk}/" not in {
        hit.entry.url for hit in search(county.clerk.user, "病险水库").hits
    }


def test_the_page_drafts_the_minutes_and_shows_their_state(county):
    meeting = held_meeting(county)
    client = signed_in("wenshu")
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert 'data-action="draft_minutes"' in page and "尚未起草会议纪要" in page
    response = client.post(f"/meetings/{meeting.pk}/minutes/", {"version": meeting.version})
    document = OfficialDocument.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/documents/{document.pk}/"
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert f'<a href="/documents/{document.pk}/">《全县防汛工作调度会纪要》</a>（拟稿）' in page
    assert 'data-action="draft_minutes"' not in page
    again = client.post(f"/meetings/{meeting.pk}/minutes/", {"version": meeting.version + 1})
    assert again.status_code == 409 and "本次会议已起草会议纪要" in again.content.decode()
    # an attendee who may not see the office's draft is told it exists, not what it says
    page = signed_in("slj_jz").get(f"/meetings/{meeting.pk}/").content.decode()
    assert "已起草会议纪要（无权查看）" in page and 'data-action="draft_minutes"' not in page


def test_the_api_drafts_the_minutes_with_the_same_refusals(county):
    meeting = held_meeting(county)
    client = signed_in("wenshu")
    response = client.post(
        f"/api/meetings/{meeting.pk}/minutes", {"version": "x"}, content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["code"] == "bad_int"
    response = client.post(f"/api/meetings/{meeting.pk}/minutes", {}, content_type="application/json")
    assert response.status_code == 201
    document = OfficialDocument.objects.get()
    assert response.json() == {
        "document": document.pk,
        "title": "全县防汛工作调度会纪要",
        "state": "draft",
        "url": f"/documents/{document.pk}/",
    }
    again = client.post(f"/api/meetings/{meeting.pk}/minutes", {}, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "minutes_already_drafted"
