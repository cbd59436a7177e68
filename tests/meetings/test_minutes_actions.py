"""Generated for the minutes part: every meeting state × every kind of person × the meeting's actions
起草会议纪要 and 记录议定事项, and every decision state × person × 转为督办事项 and 删除 (DECISION_RULES):
what the rules offer is what the service accepts (tried in a rolled-back savepoint) and what the meeting's
page shows (`data-action`), and the API lists the same decision actions."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.actions.helpers import accepts
from zhongshu.meetings.actions import DECISION_RULES, RULES
from zhongshu.meetings.decisions import (
    meeting_decision_add,
    meeting_decision_remove,
    meeting_decision_supervise,
)
from zhongshu.meetings.minutes import minutes_draft
from zhongshu.meetings.models import Meeting, MeetingDecision
from zhongshu.meetings.states import MeetingState
from zhongshu.testing.access import sign_in

pytestmark = pytest.mark.django_db

MEETING_ACTIONS = {
    "draft_minutes": lambda meeting, user: minutes_draft(meeting=meeting, by=user),
    "record_decision": lambda meeting, user: meeting_decision_add(
        meeting=meeting, by=user, text="新的议定事项"
    ),
}
DECISION_ACTIONS = {
    "supervise": lambda decision, user: meeting_decision_supervise(decision=decision, by=user),
    "remove": lambda decision, user: meeting_decision_remove(decision=decision, by=user),
}


def people(county):
    return {
        "文书": county.clerk.user,
        "办公室主任": county.director.user,
        "主持领导": county.leaders[1].user,
        "参会局长": county.bureau_head.user,
        "参会单位联络员": county.bureau_liaison.user,
        "无关人员": county.outsider.user,
    }


def shown(client: Client, url: str, among: set[str], row: str | None = None) -> set[str] | None:
    response = client.get(url)
    if response.status_code in (403, 404):
        return None
    assert response.status_code == 200
    html = response.content.decode()
    if row is not None:
        found = re.search(rf'<tr id="{row}".*?</tr>', html, re.S)
        html = found.group(0) if found else ""
    return set(re.findall(r'data-action="([a-z_]+)"', html)) & among


def meetings_in_every_state(county) -> dict[str, Meeting]:
    states = {
        name: county.make_meeting(f"{name}的会议", state=state, units=[county.bureau])
        for name, state in (
            ("草稿", MeetingState.DRAFT),
            ("已批准", MeetingState.APPROVED),
            ("已通知", MeetingState.NOTIFIED),
            ("已结束", MeetingState.CLOSED),
            ("已取消", MeetingState.CANCELLED),
        )
    }
    drafted = county.make_meeting("已起草纪要的会议", state=MeetingState.CLOSED, units=[county.bureau])
    minutes_draft(meeting=drafted, by=county.clerk.user)
    states["已起草纪要"] = drafted
    return states


def test_meeting_actions_offered_accepted_and_shown_alike(county):
    wrong = []
    offered_somewhere: set[str] = set()
    for state, meeting in meetings_in_every_state(county).items():
        for who, user in people(county).items():
            offered = set(RULES.available(user, Meeting.objects.get(pk=meeting.pk), among=MEETING_ACTIONS))
            offered_somewhere |= offered
            for action, call in MEETING_ACTIONS.items():
                accepted = accepts(
                    lambda call=call, user=user, pk=meeting.pk: call(Meeting.objects.get(pk=pk), user)
                )
                if accepted != (action in offered):
                    wrong.append(f"{state}/{who}: {action} {'accepted' if accepted else 'refused'}")
            page = shown(sign_in(Client(), user), f"/meetings/{meeting.pk}/", set(MEETING_ACTIONS))
            if page is not None and page != offered:
                wrong.append(f"{state}/{who}: page shows {sorted(page)}, rules offer {sorted(offered)}")
            if page is None and offered:
                wrong.append(f"{state}/{who}: cannot see the meeting but is offered {sorted(offered)}")
    assert wrong == []
    assert offered_somewhere == set(MEETING_ACTIONS)


def test_decision_actions_offered_accepted_and_shown_alike(county):
    meeting = county.make_meeting("全县防汛工作调度会", state=MeetingState.NOTIFIED, units=[county.bureau])
    deadline = timezone.localdate() + timedelta(days=10)
    plain = meeting_decision_add(
        meeting=meeting,
        by=county.clerk.user,
        text="开展汛前隐患排查",
        lead_unit=county.bureau,
        deadline=deadline,
    )
    supervised = meeting_decision_add(
        meeting=meeting, by=county.clerk.user, text="补齐防汛物资", lead_unit=county.bureau, deadline=deadline
    )
    meeting_decision_supervise(decision=supervised, by=county.director.user)
    wrong = []
    offered_somewhere: set[str] = set()
    for state, decision in (("未转督办", plain), ("已转督办", supervised)):
        for who, user in people(county).items():
            offered = set(DECISION_RULES.available(user, MeetingDecision.objects.get(pk=decision.pk)))
            offered_somewhere |= offered
            for action, call in DECISION_ACTIONS.items():
                accepted = accepts(
                    lambda call=call, user=user, pk=decision.pk: call(
                        MeetingDecision.objects.get(pk=pk), user
                    )
                )
                if accepted != (action in offered):
                    wrong.append(f"{state}/{who}: {action} {'accepted' if accepted else 'refused'}")
            client = sign_in(Client(), user)
            page = shown(
                client, f"/meetings/{meeting.pk}/", set(DECISION_ACTIONS), row=f"decision-{decision.pk}"
            )
            if page is None:
                if offered:
                    wrong.append(f"{state}/{who}: cannot see the meeting but is offered {sorted(offered)}")
                continue
            if page != offered:
                wrong.append(f"{state}/{who}: page shows {sorted(page)}, rules offer {sorted(offered)}")
            rows = client.get(f"/api/meetings/{meeting.pk}/decisions").json()
            api = next(set(row["actions"]) for row in rows if row["id"] == decision.pk)
            if api != offered:
                wrong.append(f"{state}/{who}: the API lists {sorted(api)}, rules offer {sorted(offered)}")
    assert wrong == []
    assert offered_somewhere == set(DECISION_ACTIONS)
