"""议题 and materials (issue 16, item 6): the agenda's services, its deadline in working days, the materials
sent in through the file store, the late flag, and the page and API refusing the same bad input alike."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.meetings.conftest import signed_in
from zhongshu.attachments.services import open_file
from zhongshu.audit.models import AuditEvent
from zhongshu.base.levels import Classification
from zhongshu.core.errors import Conflict, Forbidden, InvalidTransition, ServiceError
from zhongshu.meetings import agenda
from zhongshu.meetings.models import MeetingEvent, Topic
from zhongshu.meetings.states import MeetingState
from zhongshu.workdays.calendar import is_workday, workdays_between


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def text_file(
    name: str = "汇报材料.txt", text: str = "关于防汛工作的汇报\n一、基本情况\n"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/plain")


def docx_file(name: str = "汇报材料.docx", text: str = "关于防汛工作的汇报") -> SimpleUploadedFile:
    from docx import Document

    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(
        name,
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


def far_meeting(county, **fields):
    """A meeting three weeks away, so its materials are not due yet."""
    start = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=21)
    return county.make_meeting(starts_at=start, **fields)


def test_topics_are_added_in_order_with_presenter_unit_and_a_deadline_in_working_days(county):
    meeting = county.make_meeting()
    first = agenda.topic_add(
        meeting=meeting,
        by=county.clerk.user,
        title="  全县防汛  准备情况  ",
        presenter=county.bureau_head,
        minutes_planned=20,
    )
    second = agenda.topic_add(meeting=meeting, by=county.clerk.user, title="应急物资储备")
    assert [first.order, second.order] == [1, 2]
    assert first.title == "全县防汛 准备情况"
    assert first.presenter_unit == county.bureau  # the presenter's unit unless another is named
    due = agenda.materials_due(first)
    day = timezone.localdate(meeting.starts_at)
    assert due.date < day and is_workday(due.date)
    assert workdays_between(due.date, day) == agenda.DEFAULT_MATERIALS_WORKDAYS
    # The presenter learns of the meeting (to send in the material), and so does a 内部 meeting's unit.
    assert meeting.need_to_know_people.filter(pk=county.bureau_head.pk).exists()
    assert meeting.need_to_know_units.filter(pk=county.bureau.pk).exists()
    assert AuditEvent.objects.filter(action="meetings.topic_add", object_id=str(meeting.pk)).count() == 2
    assert MeetingEvent.objects.filter(meeting=meeting, action="topic_add").count() == 2


def test_the_presenter_is_told_of_the_topic_and_its_deadline(county):
    from zhongshu.notifications.models import OutboxMessage

    meeting = far_meeting(county)
    topic = agenda.topic_add(
        meeting=meeting, by=county.clerk.user, title="防汛汇报", presenter=county.bureau_head
    )
    due = agenda.materials_due(topic).date
    (notice,) = OutboxMessage.objects.filter(kind="meetings.topic_presenter")
    assert notice.recipient == county.bureau_head.user
    assert notice.title == "请报送议题材料：防汛汇报"
    assert f"{due.month}月{due.day}日前" in notice.body and notice.link.endswith("#agenda")
    # No notice to oneself, nor for a topic without a presenter.
    agenda.topic_add(meeting=meeting, by=county.clerk.user, title="综合", presenter=county.clerk)
    agenda.topic_add(meeting=meeting, by=county.clerk.user, title="其他")
    assert OutboxMessage.objects.filter(kind="meetings.topic_presenter").count() == 1


def test_the_number_of_working_days_is_configurable_and_a_deadline_may_be_set_by_hand(county, settings):
    meeting = county.make_meeting()
    topic = agenda.topic_add(meeting=meeting, by=county.clerk.user, title="议题一")
    settings.ZHONGSHU_MEETING_MATERIALS_WORKDAYS = 5
    day = timezone.localdate(meeting.starts_at)
    assert workdays_between(agenda.materials_due(topic).date, day) == 5
    by_hand = day - timedelta(days=6)
    own = agenda.topic_add(meeting=meeting, by=county.clerk.user, title="议题二", materials_due_on=by_hand)
    assert agenda.materials_due(own).date == by_hand
    with pytest.raises(ServiceError) as refused:
        agenda.topic_add(
            meeting=meeting, by=county.clerk.user, title="议题三", materials_due_on=day + timedelta(days=1)
        )
    assert refused.value.code == "materials_due_after_meeting"


def test_the_applicant_may_arrange_the_agenda_but_not_an_outsider_nor_after_the_start(county):
    # The applying unit knows of its meeting (in its 知悉范围, as the application puts it).
    meeting = county.make_meeting(
        applicant_unit=county.bureau, state=MeetingState.DRAFT, units=[county.bureau]
    )
    agenda.topic_add(meeting=meeting, by=county.bureau_liaison.user, title="本局议题")
    with pytest.raises(Forbidden) as refused:
        agenda.topic_add(meeting=meeting, by=county.second_head.user, title="他局议题")
    assert refused.value.code == "not_applicant"
    started = county.make_meeting(starts_at=timezone.now() - timedelta(minutes=5))
    with pytest.raises(InvalidTransition) as late:
        agenda.topic_add(meeting=started, by=county.clerk.user, title="临时议题")
    assert late.value.code == "meeting_started"
    assert list(Topic.objects.values_list("title", flat=True)) == ["本局议题"]


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"title": "   "}, "topic_title_required"),
        ({"title": "议" * 201}, "too_long"),
        ({"title": "议题", "minutes_planned": 0}, "bad_minutes_planned"),
        ({"title": "议题", "minutes_planned": 601}, "bad_minutes_planned"),
    ],
)
def test_bad_topics_are_refused_and_nothing_is_saved(county, fields, code):
    meeting = county.make_meeting()
    version = meeting.version
    with pytest.raises(ServiceError) as refused:
        agenda.topic_add(meeting=meeting, by=county.clerk.user, **fields)
    assert refused.value.code == code
    assert not Topic.objects.exists()
    meeting.refresh_from_db()
    assert meeting.version == version
    assert not MeetingEvent.objects.filter(meeting=meeting).exists()


def test_reorder_and_remove_keep_the_orders_one_to_n(county):
    meeting = county.make_meeting()
    a, b, c = (agenda.topic_add(meeting=meeting, by=county.clerk.user, title=t) for t in "甲乙丙")
    agenda.topics_reorder(meeting=meeting, by=county.clerk.user, topic_ids=[c.pk, a.pk, b.pk])
    assert list(Topic.objects.order_by("order").values_list("title", "order")) == [
        ("丙", 1),
        ("甲", 2),
        ("乙", 3),
    ]
    with pytest.raises(Conflict) as stale:  # a list drawn before someone added or removed a topic
        agenda.topics_reorder(meeting=meeting, by=county.clerk.user, topic_ids=[a.pk, b.pk])
    assert stale.value.code == "agenda_changed"
    agenda.topic_remove(topic=a, by=county.clerk.user)
    assert list(Topic.objects.order_by("order").values_list("title", "order")) == [("丙", 1), ("乙", 2)]


def test_topics_set_makes_the_agenda_exactly_the_titles_keeping_the_kept_topics(county):
    meeting = county.make_meeting(state=MeetingState.DRAFT)
    kept = agenda.topic_add(
        meeting=meeting, by=county.clerk.user, title="保留议题", presenter=county.bureau_head
    )
    agenda.topic_add(meeting=meeting, by=county.clerk.user, title="删去议题")
    topics = agenda.topics_set(
        meeting=meeting, by=county.clerk.user, titles=["新议题", "", "保留议题", "新议题"]
    )
    assert [(t.title, t.order) for t in topics] == [("新议题", 1), ("保留议题", 2)]
    assert Topic.objects.get(pk=kept.pk).presenter == county.bureau_head
    assert Topic.objects.count() == 2


def test_the_presenter_sends_in_material_which_is_stored_encrypted_and_read_back(county):
    meeting = far_meeting(county)
    topic = agenda.topic_add(
        meeting=meeting, by=county.clerk.user, title="防汛汇报", presenter=county.bureau_head
    )
    agenda.topic_material_submit(topic=topic, by=county.bureau_head.user, files=[docx_file()])
    topic.refresh_from_db()
    assert topic.materials_submitted_at is not None
    (material,) = agenda.materials_of(topic)
    assert material.file.cipher  # kept encrypted, like every file
    from docx import Document

    assert Document(io.BytesIO(open_file(material.file))).paragraphs[0].text == "关于防汛工作的汇报"
    row = agenda.agenda_rows(meeting)[0]
    assert (row.state, row.late) == (agenda.MaterialsState.SUBMITTED, False)
    # A colleague of the presenting unit may send in more; someone else may not.
    agenda.topic_material_submit(topic=topic, by=county.bureau_liaison.user, files=[text_file()])
    assert len(agenda.materials_of(topic)) == 2
    other = agenda.topic_add(
        meeting=meeting, by=county.clerk.user, title="应急汇报", presenter=county.second_head
    )
    with pytest.raises(Forbidden) as refused:
        agenda.topic_material_submit(topic=other, by=county.bureau_head.user, files=[text_file()])
    assert refused.value.code == "not_presenter"
    assert agenda.materials_of(other) == []


def test_material_after_the_deadline_is_flagged_late_and_missing_material_too(county):
    meeting = county.make_meeting()
    yesterday = timezone.localdate() - timedelta(days=1)
    topic = agenda.topic_add(
        meeting=meeting,
        by=county.clerk.user,
        title="迟报议题",
        presenter=county.bureau_head,
        materials_due_on=yesterday,
    )
    assert agenda.agenda_rows(meeting)[0].state == agenda.MaterialsState.MISSING
    agenda.topic_material_submit(topic=topic, by=county.bureau_head.user, files=[text_file()])
    row = agenda.agenda_rows(meeting)[0]
    assert (row.state, row.late, row.state_label) == (agenda.MaterialsState.LATE, True, "逾期报送")
    event = AuditEvent.objects.filter(action="meetings.material_submit").get()
    assert event.details["overdue"] is True
    with pytest.raises(ServiceError) as kept:
        agenda.topic_remove(topic=topic, by=county.clerk.user)
    assert kept.value.code == "topic_has_materials"


def test_no_file_and_a_wrong_file_are_refused_with_nothing_saved(county):
    meeting = county.make_meeting()
    topic = agenda.topic_add(
        meeting=meeting, by=county.clerk.user, title="议题", presenter=county.bureau_head
    )
    with pytest.raises(ServiceError) as empty:
        agenda.topic_material_submit(topic=topic, by=county.bureau_head.user, files=[])
    assert empty.value.code == "material_file_required"
    fake = SimpleUploadedFile("材料.pdf", b"not a pdf at all", content_type="application/pdf")
    with pytest.raises(ServiceError) as wrong:
        agenda.topic_material_submit(topic=topic, by=county.bureau_head.user, files=[fake])
    assert wrong.value.code == "file_content_mismatch"
    topic.refresh_from_db()
    assert topic.materials_submitted_at is None and agenda.materials_of(topic) == []


def test_an_uncleared_presenter_of_a_classified_meeting_is_refused_audited_and_nothing_saved(county):
    meeting = county.make_meeting(classification=Classification.SECRET, room="secure")
    with pytest.raises(ServiceError) as refused:
        agenda.topic_add(
            meeting=meeting, by=county.clerk.user, title="涉密议题", presenter=county.bureau_head
        )
    assert refused.value.code == "attendee_not_cleared"
    assert "钱局长" in refused.value.message
    assert not Topic.objects.exists()
    denied = AuditEvent.objects.get(action="meetings.topic_add", object_id=str(meeting.pk))
    assert denied.outcome == "denied" and denied.details == {"code": "attendee_not_cleared"}
    # A cleared presenter is added; their unit is not put in the 知悉范围 of a state secret.
    agenda.topic_add(meeting=meeting, by=county.clerk.user, title="涉密议题", presenter=county.leaders[2])
    assert not meeting.need_to_know_units.filter(pk=county.office.pk).exists()


# --- the page and the API -----------------------------------------------------------------------------------


def test_the_page_shows_the_agenda_and_adds_a_topic(county):
    meeting = county.make_meeting()
    agenda.topic_add(
        meeting=meeting, by=county.clerk.user, title="防汛准备情况", presenter=county.bureau_head
    )
    client = signed_in("wenshu")
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert 'data-testid="agenda"' in page and "防汛准备情况" in page and "未报送" in page
    assert 'data-action="agenda"' in page
    response = client.post(
        f"/meetings/{meeting.pk}/agenda/topic_add/",
        {"title": "应急物资", "presenter": county.second_head.pk, "minutes_planned": "15"},
    )
    assert response.status_code == 302
    topic = Topic.objects.get(title="应急物资")
    assert (topic.order, topic.presenter, topic.minutes_planned) == (2, county.second_head, 15)
    client.post(f"/meetings/{meeting.pk}/agenda/topic_move/", {"topic": topic.pk, "direction": "up"})
    assert Topic.objects.get(pk=topic.pk).order == 1


def test_an_invited_leader_sees_the_agenda_but_no_forms(county):
    meeting = county.make_meeting(applicant_unit=county.second_bureau)
    agenda.topic_add(meeting=meeting, by=county.clerk.user, title="防汛准备情况")
    page = signed_in("leader2").get(f"/meetings/{meeting.pk}/").content.decode()
    assert "防汛准备情况" in page
    assert 'data-action="agenda"' not in page and 'data-action="material"' not in page


def test_the_presenter_uploads_on_the_page_and_an_attendee_downloads_it(county):
    meeting = county.make_meeting()
    topic = agenda.topic_add(
        meeting=meeting, by=county.clerk.user, title="防汛汇报", presenter=county.bureau_head
    )
    client = signed_in("slj_jz")
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert 'data-action="material"' in page
    response = client.post(
        f"/meetings/{meeting.pk}/agenda/material/", {"topic": topic.pk, "files": text_file(text="汇报正文")}
    )
    assert response.status_code == 302
    (material,) = agenda.materials_of(topic)
    url = f"/meetings/{meeting.pk}/topics/{topic.pk}/files/{material.pk}/"
    download = signed_in("leader2").get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).decode() == "汇报正文"
    assert signed_in("lyj_llr").get(url).status_code == 404  # not invited: as if it did not exist
    # The file of another meeting's topic is not reachable through this meeting's address.
    other = county.make_meeting("另一会议")
    assert (
        signed_in("wenshu").get(f"/meetings/{other.pk}/topics/{topic.pk}/files/{material.pk}/").status_code
        == 404
    )


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"title": ""}, "topic_title_required"),
        ({"title": "议题", "minutes_planned": "半小时"}, "bad_int"),
        ({"title": "议题", "presenter": "999999"}, "unknown_person"),
        ({"title": "议题", "materials_due": "2026/1/1"}, "bad_date"),
    ],
)
def test_page_and_api_refuse_the_same_bad_topic_with_the_same_code(county, data, code):
    meeting = county.make_meeting()
    client = signed_in("wenshu")
    page = client.post(f"/meetings/{meeting.pk}/agenda/topic_add/", data)
    assert page.status_code == 400
    assert 'data-testid="error"' in page.content.decode()
    api = client.post(f"/api/meetings/{meeting.pk}/topics", data, content_type="application/json")
    assert api.status_code == 400
    assert api.json()["code"] == code
    assert not Topic.objects.exists()


def test_the_api_lists_the_agenda_and_runs_the_actions(county):
    meeting = far_meeting(county, applicant_unit=county.second_bureau)
    client = signed_in("wenshu")
    added = client.post(
        f"/api/meetings/{meeting.pk}/topics",
        {"title": "防汛准备情况", "presenter": county.bureau_head.pk, "minutes_planned": 30},
        content_type="application/json",
    )
    assert added.status_code == 201
    body = added.json()
    assert body["title"] == meeting.title and "agenda" in body["actions"]
    (topic,) = body["topics"]
    assert (topic["presenter"], topic["presenter_unit"], topic["materials_state"]) == (
        "钱局长",
        "县水利局",
        "pending",
    )
    second = client.post(
        f"/api/meetings/{meeting.pk}/topics", {"title": "物资"}, content_type="application/json"
    )
    ids = [t["id"] for t in second.json()["topics"]]
    reordered = client.post(
        f"/api/meetings/{meeting.pk}/topics/order", {"topics": ids[::-1]}, content_type="application/json"
    )
    assert [t["title"] for t in reordered.json()["topics"]] == ["物资", "防汛准备情况"]
    upload = signed_in("slj_jz").post(
        f"/api/meetings/{meeting.pk}/topics/material", {"topic": topic["id"], "files": text_file()}
    )
    assert upload.status_code == 200
    state = {t["id"]: t for t in upload.json()["topics"]}[topic["id"]]
    assert state["materials_state"] == "submitted" and len(state["files"]) == 1
    gone = client.post(
        f"/api/meetings/{meeting.pk}/topics/remove", {"topic": ids[1]}, content_type="application/json"
    )
    assert [t["title"] for t in gone.json()["topics"]] == ["防汛准备情况"]
    refused = signed_in("leader2").post(
        f"/api/meetings/{meeting.pk}/topics", {"title": "领导加的"}, content_type="application/json"
    )
    assert (refused.status_code, refused.json()["code"]) == (403, "not_applicant")
