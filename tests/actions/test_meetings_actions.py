"""Generated for meetings' application part: every state of an application × every kind of person × the
actions 修改, 报批, 批准, 退回修改, 不予批准, 合并召开, 同意突破额度 and 取消. What the rules offer is what the
service accepts (tried in a rolled-back savepoint), what the meeting's page shows (`data-action`) and what
the API lists. The other parts' meeting actions have their own matrices (tests/meetings/test_*_actions.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from tests.actions.helpers import accepts
from tests.meetings.conftest import make_county
from tests.meetings.test_application import at, plan
from zhongshu.base.roles import AdminRole, Role
from zhongshu.meetings import application, approval
from zhongshu.meetings.actions import RULES
from zhongshu.meetings.models import Meeting, MeetingType
from zhongshu.meetings.states import MeetingState
from zhongshu.quotas.services import quota_set
from zhongshu.testing.access import sign_in
from zhongshu.testing.factories import make_admin

pytestmark = pytest.mark.django_db

MINE = ("edit", "submit", "approve", "return", "refuse", "merge", "quota_override", "cancel")


@pytest.fixture
def county(db: Any) -> Any:
    return make_county()


def drivers(county: Any, target: Meeting) -> dict[str, Callable[[Meeting, Any], Any]]:
    def quota_override(meeting: Meeting, user: Any) -> Any:
        own = getattr(user, "person_or_none", None)
        leader = (
            None
            if own is not None and own.is_leader and not user.has_role(Role.OFFICE_DIRECTOR)
            else county.leaders[1]
        )
        return approval.meeting_quota_override(meeting=meeting, by=user, reason="确需召开", leader=leader)

    return {
        "edit": lambda m, u: application.meeting_edit(meeting=m, by=u, plan=plan(county, title="改后的会议")),
        "submit": lambda m, u: application.meeting_submit(meeting=m, by=u),
        "approve": lambda m, u: approval.meeting_approve(meeting=m, by=u, opinion="同意"),
        "return": lambda m, u: approval.meeting_return(meeting=m, by=u, reason="请补充"),
        "refuse": lambda m, u: approval.meeting_refuse(meeting=m, by=u, reason="不必召开"),
        "merge": lambda m, u: approval.meeting_merge(meeting=m, by=u, into=target),
        "quota_override": quota_override,
        "cancel": lambda m, u: application.meeting_cancel(meeting=m, by=u, reason="工作调整"),
    }


def _fresh(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_related("workflow").get(pk=meeting.pk)


def _applied(county: Any) -> Meeting:
    return application.meeting_apply(by=county.bureau_liaison.user, plan=plan(county))


def _pending(county: Any, **submit: Any) -> Meeting:
    meeting = _applied(county)
    return application.meeting_submit(meeting=meeting, by=county.bureau_liaison.user, **submit)


def _at_leader(county: Any) -> Meeting:
    meeting = _pending(county, leader=county.leaders[0])
    return approval.meeting_approve(meeting=meeting, by=county.director.user)


def _over_quota(county: Any) -> Meeting:
    quota_set(by=county.director.user, kind="meetings.topic", unit=county.bureau, year=at(10).year, limit=0)
    return _pending(county, leader=county.leaders[0])


def _returned(county: Any) -> Meeting:
    return approval.meeting_return(meeting=_pending(county), by=county.director.user, reason="请补充")


def _approved(county: Any) -> Meeting:
    return approval.meeting_approve(meeting=_pending(county), by=county.director.user)


def _refused(county: Any) -> Meeting:
    return approval.meeting_refuse(meeting=_pending(county), by=county.director.user, reason="不必")


def _merged(county: Any) -> Meeting:
    into = county.make_meeting("另一会议", starts_at=at(12), attendees=[county.leaders[3]])
    return approval.meeting_merge(meeting=_pending(county), by=county.director.user, into=into)


def _cancelled(county: Any) -> Meeting:
    return application.meeting_cancel(meeting=_applied(county), by=county.bureau_liaison.user, reason="不开")


def _notified(county: Any) -> Meeting:
    meeting = _approved(county)
    Meeting.objects.filter(pk=meeting.pk).update(state=MeetingState.NOTIFIED)
    return meeting


STATES: dict[str, Callable[[Any], Meeting]] = {
    "draft": _applied,
    "pending": _pending,
    "pending at the leader": _at_leader,
    "pending over the quota": _over_quota,
    "returned": _returned,
    "approved": _approved,
    "notified": _notified,
    "refused": _refused,
    "merged": _merged,
    "cancelled": _cancelled,
}


def people(county: Any) -> dict[str, Any]:
    return {
        "报批人（申请单位联络员）": county.bureau_liaison.user,
        "申请单位局长": county.bureau_head.user,
        "文书": county.clerk.user,
        "办公室主任": county.director.user,
        "审批领导": county.leaders[0].user,
        "参会领导": county.leaders[2].user,
        "无关人员": county.outsider.user,
        "系统管理员": make_admin(AdminRole.SYSTEM_ADMIN, "sysadmin"),
    }


def shown(client: Client, url: str) -> set[str] | None:
    response = client.get(url)
    if response.status_code in (403, 404):
        return None
    assert response.status_code == 200
    return set(re.findall(r'data-action="([a-z_]+)"', response.content.decode())) & set(MINE)


def test_the_matrix_covers_the_application_actions(county):
    target = county.make_meeting("并入目标", starts_at=at(11), meeting_type=MeetingType.DISPATCH)
    assert set(drivers(county, target)) == set(MINE) <= set(RULES.actions)


@pytest.mark.parametrize("state", list(STATES))
def test_what_is_offered_is_what_the_service_accepts_and_the_page_shows(county, state):
    target = county.make_meeting(
        "并入目标", starts_at=at(11) + timedelta(hours=4), attendees=[county.leaders[3]]
    )
    meeting = STATES[state](county)
    calls = drivers(county, target)
    wrong: list[str] = []
    offered_somewhere: set[str] = set()
    for who, user in people(county).items():
        offered = {action for action in RULES.available(user, _fresh(meeting)) if action in MINE}
        offered_somewhere |= offered
        for action, call in calls.items():
            accepted = accepts(lambda call=call, user=user: call(_fresh(meeting), user))
            if accepted != (action in offered):
                wrong.append(
                    f"{who}: {action} {'accepted but not offered' if accepted else 'refused but offered'}"
                )
        page = shown(sign_in(Client(), user), f"/meetings/{meeting.pk}/")
        if page is None:
            if offered:
                wrong.append(f"{who}: cannot see the meeting but is offered {sorted(offered)}")
        elif page != offered:
            wrong.append(f"{who}: the page shows {sorted(page)}, the rules offer {sorted(offered)}")
        if page is not None:
            api = sign_in(Client(), user).get(f"/api/meetings/{meeting.pk}").json()["actions"]
            if api != RULES.available(user, _fresh(meeting)):
                wrong.append(f"{who}: the API lists {api}")
    assert wrong == []
    expected = {
        "draft": {"edit", "submit", "cancel"},
        "pending": {"approve", "return", "refuse", "merge", "cancel"},
        "pending at the leader": {"approve", "return", "cancel"},
        "pending over the quota": {"return", "refuse", "merge", "quota_override", "cancel"},
        "returned": {"edit", "submit", "cancel"},
        "approved": {"cancel"},
        "notified": {"cancel"},
        "refused": set(),
        "merged": set(),
        "cancelled": set(),
    }[state]
    assert offered_somewhere == expected
