"""Generated for the agenda part: every meeting state (ordinary and 涉密, started or not, checklist done or
not) × every kind of person × the actions 编排议题 (agenda), 报送材料 (material), 保密事项 (secrecy) and
结束会议 (close): what the rules offer is what the service accepts (tried in a rolled-back savepoint), what
the meeting's page shows (`data-action`), and what the API lists."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.actions.helpers import walk
from zhongshu.base.levels import Classification
from zhongshu.meetings import agenda, closing, secrecy
from zhongshu.meetings.actions import RULES
from zhongshu.meetings.models import Meeting, SecrecyCheck, SecrecyCheckEntry, Topic
from zhongshu.meetings.states import MeetingState

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _material(meeting: Meeting, user) -> None:
    topic = Topic.objects.filter(meeting=meeting).order_by("order").first()
    upload = SimpleUploadedFile("材料.txt", "汇报材料".encode(), content_type="text/plain")
    agenda.topic_material_submit(topic=topic, by=user, files=[upload])


ACTIONS = {
    "agenda": lambda meeting, user: agenda.topic_add(meeting=meeting, by=user, title="新增议题"),
    "material": _material,
    "secrecy": lambda meeting, user: secrecy.secrecy_check_record(
        meeting=meeting, by=user, item=SecrecyCheck.VENUE_INSPECTED
    ),
    "close": lambda meeting, user: closing.meeting_close(meeting=meeting, by=user),
}


def people(county):
    return {
        "文书": county.clerk.user,
        "办公室主任": county.director.user,
        "保密员": county.secrecy_officer.user,
        "参会领导": county.leaders[1].user,
        "汇报局长": county.bureau_head.user,
        "汇报单位联络员": county.bureau_liaison.user,
        "申请单位局长": county.second_head.user,
        "无关人员": county.outsider.user,
    }


def meetings(county) -> dict[str, Meeting]:
    soon = timezone.now().replace(microsecond=0) + timedelta(days=10)
    began = timezone.now().replace(microsecond=0) - timedelta(minutes=30)
    made: dict[str, Meeting] = {}

    def make(name, *, state, classification=Classification.INTERNAL, starts_at=soon):
        meeting = county.make_meeting(
            name,
            state=state,
            starts_at=starts_at,
            classification=classification,
            room="secure",
            applicant_unit=county.second_bureau,
            attendees=[county.leaders[1], county.bureau_head],
            units=[county.bureau],
        )
        meeting.need_to_know_units.add(county.second_bureau)
        Topic.objects.create(
            meeting=meeting,
            order=1,
            title="汇报议题",
            presenter=county.bureau_head,
            presenter_unit=county.bureau,
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
    make("秘密级已通知", state=MeetingState.NOTIFIED, classification=Classification.CONFIDENTIAL)
    make("秘密级已批准", state=MeetingState.APPROVED, classification=Classification.CONFIDENTIAL)
    done = make("秘密级检查完毕", state=MeetingState.NOTIFIED, classification=Classification.CONFIDENTIAL)
    for item in SecrecyCheck.values:
        if item != SecrecyCheck.VENUE_INSPECTED:
            SecrecyCheckEntry.objects.create(meeting=done, item=item, checked_by=county.clerk.user)
    return made


def test_agenda_and_secrecy_actions_offered_accepted_shown_and_listed_alike(county):
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
            api=f"/api/meetings/{meeting.pk}/agenda",
        )
        wrong += [f"{name}/{line}" for line in found.wrong]
        offered_somewhere |= found.offered_somewhere
    assert wrong == []
    assert offered_somewhere == set(ACTIONS)
