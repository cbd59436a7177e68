"""Generated for the notice part: every meeting state (ordinary and 涉密, started or not, all replied or not) ×
every kind of person × the actions 发送会议通知 (notify), 参会回执 (reply) and 催报 (press_replies): what the rules
offer is what the service accepts (tried in a rolled-back savepoint), what the meeting's page shows
(`data-action`), and what the API lists."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.actions.helpers import walk
from zhongshu.base.levels import Classification, Clearance
from zhongshu.meetings import notices, replies
from zhongshu.meetings.actions import RULES, invitations_q
from zhongshu.meetings.models import Attendee, Meeting, ReplyState
from zhongshu.meetings.roles import is_meeting_office
from zhongshu.meetings.states import MeetingState

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _reply(meeting: Meeting, user) -> None:
    rows = meeting.attendees.order_by("sort_order", "id")
    row = rows.filter(invitations_q(user)).first() if not is_meeting_office(user) else None
    row = row or rows.first()
    replies.attendee_reply(attendee=row, by=user, reply=ReplyState.ABSENT, reason="另有公务")


def _notify(meeting: Meeting, user) -> None:
    notices.meeting_notify(meeting=meeting, by=user, reply_deadline=meeting.starts_at - timedelta(hours=20))


ACTIONS = {
    "notify": _notify,
    "reply": _reply,
    "press_replies": lambda meeting, user: replies.meeting_press_replies(meeting=meeting, by=user),
}


def people(county):
    return {
        "文书": county.clerk.user,
        "办公室主任": county.director.user,
        "保密员": county.secrecy_officer.user,
        "参会领导": county.leaders[1].user,
        "参会局长": county.bureau_head.user,
        "参会单位联络员": county.bureau_liaison.user,
        "未邀请领导": county.leaders[3].user,
        "无关人员": county.outsider.user,
    }


def meetings(county) -> dict[str, Meeting]:
    soon = timezone.now().replace(microsecond=0) + timedelta(days=10)
    began = timezone.now().replace(microsecond=0) - timedelta(minutes=30)
    made: dict[str, Meeting] = {}

    def make(name, *, state, classification=Classification.INTERNAL, starts_at=soon, replied=False):
        meeting = county.make_meeting(
            name,
            state=state,
            starts_at=starts_at,
            classification=classification,
            room="secure",
            attendees=[county.leaders[1], county.bureau_head],
            units=[county.bureau],
        )
        if state in (MeetingState.NOTIFIED, MeetingState.CLOSED):
            Meeting.objects.filter(pk=meeting.pk).update(reply_deadline=starts_at - timedelta(hours=20))
            Attendee.objects.filter(meeting=meeting).update(notified_at=timezone.now())
            meeting.need_to_know_people.add(county.bureau_liaison)
        if replied:
            Attendee.objects.filter(meeting=meeting).update(
                reply=ReplyState.ATTENDING, replied_at=timezone.now()
            )
        made[name] = meeting
        return meeting

    for state in (
        MeetingState.DRAFT,
        MeetingState.PENDING,
        MeetingState.APPROVED,
        MeetingState.NOTIFIED,
        MeetingState.CLOSED,
        MeetingState.CANCELLED,
    ):
        make(f"{state.label}的会议", state=state)
    make("已开始的会议", state=MeetingState.NOTIFIED, starts_at=began)
    make("均已回执的会议", state=MeetingState.NOTIFIED, replied=True)
    make("秘密级已批准", state=MeetingState.APPROVED, classification=Classification.CONFIDENTIAL)
    make("秘密级已通知", state=MeetingState.NOTIFIED, classification=Classification.CONFIDENTIAL)
    return made


def test_notice_and_reply_actions_offered_accepted_shown_and_listed_alike(county):
    # Everyone a classified meeting's notice reaches is cleared here: an uncleared recipient is a refusal
    # with its own message (test_notice), not a hidden button.
    county.bureau_liaison.clearance = Clearance.ORDINARY
    county.bureau_liaison.save(update_fields=["clearance"])
    wrong: list[str] = []
    offered_somewhere: set[str] = set()
    for name, meeting in meetings(county).items():
        found = walk(
            RULES,
            lambda pk=meeting.pk: Meeting.objects.get(pk=pk),
            people(county),
            ACTIONS,
            f"/meetings/{meeting.pk}/",
            among=ACTIONS,
            api=f"/api/meetings/{meeting.pk}/replies",
        )
        wrong += [f"{name}/{line}" for line in found.wrong]
        offered_somewhere |= found.offered_somewhere
    assert wrong == [], "\n".join(wrong)
    assert offered_somewhere == set(ACTIONS)
