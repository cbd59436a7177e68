"""会议通知: the DOCX in the GB/T 9704 layout, kept as the meeting's attachment, sent to the invited people
and to the liaisons of the invited units; a classified meeting's notice refused for an uncleared person
(nothing sent, the refusal audited); a changed meeting notified again."""

from __future__ import annotations

import io
from datetime import timedelta

import docx
import pytest
from django.utils import timezone
from docx.shared import Mm

from zhongshu.attachments.services import open_file
from zhongshu.audit.models import AuditEvent
from zhongshu.base.levels import Classification
from zhongshu.core.errors import ServiceError
from zhongshu.meetings.models import Attendee, AttendeeRole, Meeting
from zhongshu.meetings.notices import NOTICE_KIND, meeting_notify, notice_file
from zhongshu.meetings.states import MeetingState
from zhongshu.notifications.models import OutboxMessage


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def deadline_for(meeting: Meeting, hours: int = 20):
    return meeting.starts_at - timedelta(hours=hours)


def send(county, meeting, **kwargs):
    kwargs.setdefault("reply_deadline", deadline_for(meeting))
    return meeting_notify(meeting=meeting, by=county.clerk.user, **kwargs)


def paragraphs(meeting):
    attachment = notice_file(meeting)
    assert attachment is not None
    return docx.Document(io.BytesIO(open_file(attachment.file))), attachment


def test_the_notice_is_a_gbt9704_docx_with_time_place_attendees_and_reply(county):
    meeting = county.make_meeting(units=[county.bureau], purpose="研究部署汛期防汛工作")
    Attendee.objects.create(meeting=meeting, person=county.leaders[3], role=AttendeeRole.SIT_IN, sort_order=9)
    sent = send(county, meeting, requirements="请准时参会，不得缺席", contact="刘文书，0000-1234567")
    assert sent.state == MeetingState.NOTIFIED
    assert sent.reply_deadline == deadline_for(meeting)
    document, attachment = paragraphs(sent)
    assert attachment.file.original_name == "关于召开全县防汛工作调度会的通知.docx"
    texts = [p.text for p in document.paragraphs]
    body = "\n".join(texts)
    assert "关于召开全县防汛工作调度会的通知" in texts
    assert "县水利局：" in texts  # 主送: the invited unit
    assert "二、会议地点：第一会议室（县委大楼三楼）" in texts
    assert any(t.startswith("一、会议时间：") for t in texts)
    attendees_line = next(t for t in texts if t.startswith("三、参会人员："))
    assert "县长王县长同志" in attendees_line and "县水利局主要负责同志" in attendees_line
    assert "列席：副县长林副县长同志" in attendees_line
    assert "四、会议内容：研究部署汛期防汛工作" in texts
    assert "五、会议要求：请准时参会，不得缺席" in texts
    assert any(t.startswith("六、回执要求：请于") for t in texts)
    assert "七、联系人及电话：刘文书，0000-1234567" in texts
    assert "县委办公室" in texts  # 署名
    assert "会议时间" in body
    # The 公文 layout: A4, the standard's margins (37 mm top, 28 mm left).
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    assert abs(section.top_margin - Mm(37)) < Mm(1) and abs(section.left_margin - Mm(28)) < Mm(1)
    title = next(p for p in document.paragraphs if p.text == "关于召开全县防汛工作调度会的通知")
    assert title.alignment == 1  # centred
    every = Attendee.objects.filter(meeting=meeting)
    assert all(a.notified_at is not None for a in every)


def test_notices_reach_the_invited_people_and_the_units_liaisons_with_a_link(county):
    meeting = county.make_meeting(units=[county.bureau, county.towns[0]])
    send(county, meeting)
    outbox = OutboxMessage.objects.filter(kind=NOTICE_KIND)
    told = {message.recipient.username for message in outbox}
    assert told == {"leader2", "leader3", "slj_jz", "slj_llr", "town0"}
    liaison = outbox.get(recipient__username="slj_llr")
    assert liaison.title == "会议通知：全县防汛工作调度会"
    assert liaison.link == f"/meetings/{meeting.pk}/"
    assert "确定参会人员" in liaison.body
    # The liaisons may now know the meeting (its 知悉范围 widened to them).
    assert meeting.need_to_know_people.filter(pk=county.bureau_liaison.pk).exists()
    assert AuditEvent.objects.filter(action="meetings.notify", object_id=str(meeting.pk)).exists()


def test_a_classified_meeting_refuses_a_notice_to_someone_not_cleared_and_sends_nothing(county):
    # 钱局长 holds 一般 clearance, which covers 秘密 but not 机密.
    meeting = county.make_meeting(classification=Classification.SECRET, room="secure")
    with pytest.raises(ServiceError) as refused:
        send(county, meeting)
    assert refused.value.code == "attendee_not_cleared"
    assert "钱局长" in refused.value.message
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.APPROVED and meeting.reply_deadline is None
    assert not OutboxMessage.objects.filter(kind=NOTICE_KIND).exists()
    assert notice_file(meeting) is None
    assert not Attendee.objects.filter(meeting=meeting, notified_at__isnull=False).exists()
    denied = AuditEvent.objects.get(action="meetings.notify", object_id=str(meeting.pk))
    assert denied.outcome == "denied"


def test_a_classified_meeting_with_cleared_people_is_sent_and_marked(county):
    meeting = county.make_meeting(
        classification=Classification.CONFIDENTIAL,
        room="secure",
        attendees=[county.leaders[1], county.bureau_head],
    )
    send(county, meeting)
    document, _ = paragraphs(meeting)
    assert any(p.text.startswith("秘密★") for p in document.paragraphs)


def test_bad_deadlines_and_a_meeting_without_attendees_are_refused(county):
    meeting = county.make_meeting()
    for deadline, code in (
        (meeting.starts_at + timedelta(hours=1), "reply_deadline_after_start"),
        (timezone.now() - timedelta(hours=1), "reply_deadline_past"),
    ):
        with pytest.raises(ServiceError) as refused:
            send(county, meeting, reply_deadline=deadline)
        assert refused.value.code == code
    empty = county.make_meeting("无人会议", attendees=[])
    with pytest.raises(ServiceError) as refused:
        send(county, empty)
    assert refused.value.code == "no_attendees"
    assert not OutboxMessage.objects.exists()


def test_only_the_staff_send_and_only_an_approved_or_notified_meeting(county):
    meeting = county.make_meeting()
    with pytest.raises(ServiceError) as refused:
        meeting_notify(meeting=meeting, by=county.leaders[1].user, reply_deadline=deadline_for(meeting))
    assert refused.value.code == "not_meeting_office"
    pending = county.make_meeting("待批会议", state=MeetingState.PENDING)
    with pytest.raises(ServiceError) as refused:
        send(county, pending)
    assert refused.value.code == "meeting_invalid_transition"


def test_a_changed_meeting_is_notified_again(county):
    meeting = county.make_meeting()
    send(county, meeting)
    Meeting.objects.filter(pk=meeting.pk).update(room=county.rooms["small"])
    meeting.refresh_from_db()
    send(county, meeting, reply_deadline=deadline_for(meeting, 30))
    assert OutboxMessage.objects.filter(kind=NOTICE_KIND, recipient__username="leader2").count() == 2
    latest = OutboxMessage.objects.filter(kind=NOTICE_KIND).order_by("-id").first()
    assert latest.title.startswith("会议通知（更新）")
    document, _ = paragraphs(meeting)
    assert "二、会议地点：第三会议室（县委大楼五楼）" in [p.text for p in document.paragraphs]
    assert AuditEvent.objects.filter(action="meetings.renotify").exists()


def test_a_stale_version_is_refused(county):
    meeting = county.make_meeting()
    with pytest.raises(ServiceError) as refused:
        send(county, meeting, version=meeting.version + 5)
    assert refused.value.code == "meeting_changed"
