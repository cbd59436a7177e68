"""参会回执: 参加, 委派代参 (substitute and reason), 请假 (reason); a unit names whom it sends; the staff record a
reply for someone; a reply after the start is refused; a change after the deadline is the staff's; reminders
once per deadline and stage; the attendance list follows the replies; the invitee's to-do."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from zhongshu.audit.models import AuditEvent
from zhongshu.base.levels import Classification
from zhongshu.core.errors import ServiceError
from zhongshu.core.todos import todos_for
from zhongshu.meetings.models import Attendee, Meeting, ReplyState
from zhongshu.meetings.notices import meeting_notify
from zhongshu.meetings.replies import (
    REMINDER_KIND,
    attendance,
    attendee_reply,
    meeting_press_replies,
    reminder_stage,
    reply_reminders_tick,
)
from zhongshu.notifications.models import OutboxMessage
from zhongshu.testing.factories import make_person
from zhongshu.workdays.calendar import add_workdays


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def notified(county, **kwargs):
    meeting = county.make_meeting(**kwargs)
    return meeting_notify(
        meeting=meeting, by=county.clerk.user, reply_deadline=meeting.starts_at - timedelta(hours=20)
    )


def invitation(meeting, *, person=None, unit=None):
    if unit is not None:
        return Attendee.objects.get(meeting=meeting, unit=unit)
    return Attendee.objects.get(meeting=meeting, person=person, unit__isnull=True)


def test_two_replies_one_with_a_substitute_update_the_attendance(county):
    meeting = notified(county)
    wang, chen = county.leaders[1], county.leaders[2]
    attendee_reply(attendee=invitation(meeting, person=wang), by=wang.user, reply=ReplyState.ATTENDING)
    row = attendee_reply(
        attendee=invitation(meeting, person=chen),
        by=chen.user,
        reply=ReplyState.SUBSTITUTE,
        substitute=county.leaders[3],
        reason="另有公务",
    )
    assert row.substitute == county.leaders[3] and row.reply_reason == "另有公务"
    assert row.present_person == county.leaders[3]
    result = attendance(meeting)
    assert [line.name for line in result.present] == ["王县长", "林副县长"]
    assert result.present[1].invited == chen
    assert [line.name for line in result.unreplied] == ["钱局长"]
    # The substitute may now see the meeting, and is told.
    assert meeting.need_to_know_people.filter(pk=county.leaders[3].pk).exists()
    assert OutboxMessage.objects.filter(kind="meetings.delegated", recipient=county.leaders[3].user).exists()
    audited = AuditEvent.objects.filter(action="meetings.reply", object_id=str(meeting.pk))
    assert audited.count() == 2


def test_absence_needs_a_reason_and_shows_on_the_absent_list(county):
    meeting = notified(county)
    head = county.bureau_head
    with pytest.raises(ServiceError) as refused:
        attendee_reply(attendee=invitation(meeting, person=head), by=head.user, reply=ReplyState.ABSENT)
    assert refused.value.code == "reason_missing"
    assert invitation(meeting, person=head).reply == ""
    attendee_reply(
        attendee=invitation(meeting, person=head), by=head.user, reply=ReplyState.ABSENT, reason="赴省开会"
    )
    result = attendance(meeting)
    assert [(line.name, line.reason) for line in result.absent] == [("钱局长", "赴省开会")]


def test_bad_substitutes_are_refused_with_nothing_saved(county):
    meeting = notified(county)
    chen = county.leaders[2]
    row = invitation(meeting, person=chen)
    cases = [
        ({"substitute": None, "reason": "公务"}, "substitute_missing"),
        ({"substitute": chen, "reason": "公务"}, "substitute_is_self"),
        ({"substitute": county.leaders[3], "reason": ""}, "reason_missing"),
        ({"substitute": county.leaders[1], "reason": "公务"}, "already_attending"),
    ]
    for kwargs, code in cases:
        with pytest.raises(ServiceError) as refused:
            attendee_reply(attendee=row, by=chen.user, reply=ReplyState.SUBSTITUTE, **kwargs)
        assert refused.value.code == code
    row.refresh_from_db()
    assert row.reply == "" and row.substitute_id is None
    assert not AuditEvent.objects.filter(action="meetings.reply").exists()


def test_an_uncleared_substitute_for_a_classified_meeting_is_refused(county):
    meeting = notified(
        county, classification=Classification.SECRET, room="secure", attendees=[county.leaders[1]]
    )
    wang = county.leaders[1]
    with pytest.raises(ServiceError) as refused:
        attendee_reply(
            attendee=invitation(meeting, person=wang),
            by=wang.user,
            reply=ReplyState.SUBSTITUTE,
            substitute=county.bureau_head,  # 一般: not enough for 机密
            reason="另有公务",
        )
    assert refused.value.code == "attendee_not_cleared"
    assert invitation(meeting, person=wang).reply == ""


def test_a_unit_names_whom_it_sends(county):
    meeting = notified(county, units=[county.bureau])
    row = invitation(meeting, unit=county.bureau)
    liaison = county.bureau_liaison
    with pytest.raises(ServiceError) as refused:
        attendee_reply(attendee=row, by=liaison.user, reply=ReplyState.ATTENDING)
    assert refused.value.code == "person_missing"
    with pytest.raises(ServiceError) as refused:
        attendee_reply(attendee=row, by=liaison.user, reply=ReplyState.ATTENDING, person=county.second_head)
    assert refused.value.code == "person_not_of_unit"
    deputy = make_person("孙副局长", unit=county.bureau, username="slj_fjz")
    attendee_reply(attendee=row, by=liaison.user, reply=ReplyState.ATTENDING, person=deputy)
    lines = attendance(meeting).present
    assert ("孙副局长", "县水利局") in [(line.name, line.unit_name) for line in lines]
    # Someone of another unit may not answer for it.
    with pytest.raises(ServiceError) as refused:
        attendee_reply(attendee=row, by=county.outsider.user, reply=ReplyState.ABSENT, reason="x")
    assert refused.value.code == "not_invited"


def test_a_person_may_not_answer_someone_elses_invitation_but_the_staff_may(county):
    meeting = notified(county)
    chen_row = invitation(meeting, person=county.leaders[2])
    with pytest.raises(ServiceError) as refused:
        attendee_reply(attendee=chen_row, by=county.leaders[1].user, reply=ReplyState.ATTENDING)
    assert refused.value.code == "not_invited"
    attendee_reply(attendee=chen_row, by=county.clerk.user, reply=ReplyState.ATTENDING)
    chen_row.refresh_from_db()
    assert chen_row.reply == ReplyState.ATTENDING and chen_row.replied_by == county.clerk.user
    assert meeting.events.filter(action="reply_for").exists()


def test_a_reply_after_the_start_is_refused(county):
    meeting = notified(county)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(minutes=5), ends_at=timezone.now() + timedelta(hours=1)
    )
    wang = county.leaders[1]
    with pytest.raises(ServiceError) as refused:
        attendee_reply(attendee=invitation(meeting, person=wang), by=wang.user, reply=ReplyState.ATTENDING)
    assert refused.value.code == "reply_too_late"
    assert invitation(meeting, person=wang).reply == ""


def test_a_reply_may_change_before_the_deadline_not_after_except_by_the_staff(county):
    meeting = notified(county)
    wang = county.leaders[1]
    row = invitation(meeting, person=wang)
    attendee_reply(attendee=row, by=wang.user, reply=ReplyState.ATTENDING)
    attendee_reply(attendee=row, by=wang.user, reply=ReplyState.ABSENT, reason="临时出差")
    Meeting.objects.filter(pk=meeting.pk).update(reply_deadline=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ServiceError) as refused:
        attendee_reply(attendee=row, by=wang.user, reply=ReplyState.ATTENDING)
    assert refused.value.code == "reply_locked"
    # Someone who never replied may still reply late, until the start.
    chen = county.leaders[2]
    attendee_reply(attendee=invitation(meeting, person=chen), by=chen.user, reply=ReplyState.ATTENDING)
    attendee_reply(attendee=row, by=county.clerk.user, reply=ReplyState.ATTENDING)
    row.refresh_from_db()
    assert row.reply == ReplyState.ATTENDING and row.reply_reason == ""


def test_no_reply_before_the_notice(county):
    meeting = county.make_meeting()
    wang = county.leaders[1]
    with pytest.raises(ServiceError) as refused:
        attendee_reply(attendee=invitation(meeting, person=wang), by=wang.user, reply=ReplyState.ATTENDING)
    assert refused.value.code == "meeting_not_notified"


def test_reminders_go_once_per_deadline_and_stage_to_those_who_have_not_replied(county):
    meeting = notified(county, units=[county.bureau])
    wang = county.leaders[1]
    attendee_reply(attendee=invitation(meeting, person=wang), by=wang.user, reply=ReplyState.ATTENDING)
    # The deadline today: the 'due' stage.
    Meeting.objects.filter(pk=meeting.pk).update(reply_deadline=timezone.now() + timedelta(minutes=30))
    first = reply_reminders_tick()
    reminded = set(
        OutboxMessage.objects.filter(kind=REMINDER_KIND).values_list("recipient__username", flat=True)
    )
    assert reminded == {"leader3", "slj_jz", "slj_llr"}
    assert first == 3
    assert reply_reminders_tick() == 0  # idempotent
    assert OutboxMessage.objects.filter(kind=REMINDER_KIND).count() == 3
    # A new deadline (the meeting moved) reminds again.
    Meeting.objects.filter(pk=meeting.pk).update(reply_deadline=timezone.now() + timedelta(minutes=40))
    assert reply_reminders_tick() == 3


def test_reminder_stages_follow_working_days(county):
    deadline = timezone.now() + timedelta(days=30)
    day = timezone.localtime(deadline).date()
    assert reminder_stage(deadline, day) == "due"
    assert reminder_stage(deadline, add_workdays(day, -1)) == "before"
    assert reminder_stage(deadline, add_workdays(day, -2)) is None


def test_the_staff_press_those_who_have_not_replied(county):
    meeting = notified(county)
    with pytest.raises(ServiceError) as refused:
        meeting_press_replies(meeting=meeting, by=county.leaders[1].user)
    assert refused.value.code == "not_meeting_office"
    assert meeting_press_replies(meeting=meeting, by=county.clerk.user) == 3
    assert OutboxMessage.objects.filter(kind=REMINDER_KIND, title__startswith="回执催报").count() == 3
    for person in (county.leaders[1], county.leaders[2], county.bureau_head):
        attendee_reply(
            attendee=invitation(meeting, person=person), by=person.user, reply=ReplyState.ATTENDING
        )
    with pytest.raises(ServiceError) as refused:
        meeting_press_replies(meeting=meeting, by=county.clerk.user)
    assert refused.value.code == "all_replied"


def test_the_invitee_has_a_todo_until_replied(county):
    meeting = notified(county, units=[county.bureau])
    wang = county.leaders[1]
    titles = [item.title for item in todos_for(wang.user)]
    assert f"会议回执：{meeting.title}" in titles
    liaison_titles = [item.title for item in todos_for(county.bureau_liaison.user)]
    assert f"会议回执：{meeting.title}" in liaison_titles
    attendee_reply(attendee=invitation(meeting, person=wang), by=wang.user, reply=ReplyState.ATTENDING)
    assert f"会议回执：{meeting.title}" not in [item.title for item in todos_for(wang.user)]
    assert f"会议回执：{meeting.title}" not in [item.title for item in todos_for(county.outsider.user)]


def test_signing_in_puts_someone_on_the_present_list_whatever_they_replied(county):
    meeting = notified(county)
    head = county.bureau_head
    Attendee.objects.filter(meeting=meeting, person=head).update(signed_in_at=timezone.now())
    result = attendance(meeting)
    assert "钱局长" in [line.name for line in result.present]
    assert result.signed_in == 1


def test_a_refused_reply_about_a_classified_meeting_is_audited(county):
    meeting = notified(
        county, classification=Classification.CONFIDENTIAL, room="secure", attendees=[county.leaders[1]]
    )
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(minutes=5), ends_at=timezone.now() + timedelta(hours=1)
    )
    wang = county.leaders[1]
    with pytest.raises(ServiceError):
        attendee_reply(attendee=invitation(meeting, person=wang), by=wang.user, reply=ReplyState.ATTENDING)
    denied = AuditEvent.objects.get(action="meetings.reply", object_id=str(meeting.pk))
    assert denied.outcome == "denied" and denied.details == {"code": "reply_too_late"}


def test_an_invited_units_person_not_cleared_for_a_classified_meeting_may_not_reply(county):
    county.bureau_liaison.clearance = 1  # 一般: enough for the 秘密 notice to reach him
    county.bureau_liaison.save(update_fields=["clearance"])
    meeting = notified(
        county,
        classification=Classification.CONFIDENTIAL,
        room="secure",
        attendees=[county.leaders[1]],
        units=[county.bureau],
    )
    uncleared = make_person("冯科员", unit=county.bureau, username="slj_ky")
    with pytest.raises(ServiceError) as refused:
        attendee_reply(
            attendee=invitation(meeting, unit=county.bureau),
            by=uncleared.user,
            reply=ReplyState.ABSENT,
            reason="x",
        )
    assert refused.value.code == "not_invited"
    attendee_reply(
        attendee=invitation(meeting, unit=county.bureau),
        by=county.bureau_liaison.user,
        reply=ReplyState.ABSENT,
        reason="汛期值守",
    )
