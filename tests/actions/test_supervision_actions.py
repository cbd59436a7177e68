"""Generated: every state of a supervision item × every kind of person × every action of
supervision.actions.RULES. Offered (the rules), accepted (the service, with valid input, rolled back) and
shown (the item's page, by `data-action`) must be the same set."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.actions.helpers import walk
from zhongshu.base.roles import AdminRole
from zhongshu.supervision import services
from zhongshu.supervision.actions import RULES, confirmable_roles
from zhongshu.supervision.models import ConfirmerRole, LookBackOutcome, SupervisionItem
from zhongshu.supervision.reminders import supervision_item_press
from zhongshu.supervision.roles import is_supervising
from zhongshu.testing.access import sign_in
from zhongshu.testing.factories import make_admin

pytestmark = pytest.mark.django_db

Item = SupervisionItem


def _fresh(item: Item) -> Item:
    return Item.objects.get(pk=item.pk)


def drivers(county: Any) -> dict[str, Callable[[Item, Any], Any]]:
    def confirm(item: Item, user: Any) -> Any:
        role = (confirmable_roles(user, item) or [ConfirmerRole.UNIT_HEAD])[0]
        on_behalf = is_supervising(user)
        confirmer = (county.head if role == ConfirmerRole.UNIT_HEAD else county.leader) if on_behalf else None
        return services.supervision_item_confirm(
            item=item, by=user, role=role, confirmer=confirmer, opinion="属实"
        )

    return {
        "assign": lambda i, u: services.supervision_item_assign(
            item=i, by=u, lead_unit=county.bureau, deadline_workdays=5
        ),
        "receive": lambda i, u: services.supervision_item_receive(item=i, by=u),
        "report": lambda i, u: services.progress_report_submit(item=i, by=u, text="进展顺利"),
        "request_completion": lambda i, u: services.supervision_item_request_completion(
            item=i, by=u, evidence="已完工"
        ),
        "confirm": confirm,
        "close_out": lambda i, u: services.supervision_item_close_out(item=i, by=u),
        "return": lambda i, u: services.supervision_item_return(item=i, by=u, reason="材料不全"),
        "press": lambda i, u: supervision_item_press(item=i, by=u, note="请加快进度"),
        "look_back": lambda i, u: services.supervision_item_look_back(
            item=i, by=u, outcome=LookBackOutcome.CONFIRMED, note="成果巩固"
        ),
        "withdraw": lambda i, u: services.supervision_item_withdraw(item=i, by=u, reason="重复立项"),
    }


def test_every_action_has_a_driver(supervision_county):
    assert list(drivers(supervision_county)) == RULES.actions


def _received(county):
    item = county.assigned()
    services.supervision_item_receive(item=item, by=county.liaison.user)
    return _fresh(item)


def _requested(county):
    item = _received(county)
    services.supervision_item_request_completion(item=item, by=county.liaison.user, evidence="已完工")
    return _fresh(item)


def _head_confirmed(county):
    item = _requested(county)
    services.supervision_item_confirm(item=item, by=county.head.user, role=ConfirmerRole.UNIT_HEAD)
    return _fresh(item)


def _confirmed(county):
    item = _head_confirmed(county)
    services.supervision_item_confirm(item=item, by=county.leader.user, role=ConfirmerRole.LEADER)
    return _fresh(item)


def _closed(county):
    item = _confirmed(county)
    services.supervision_item_close_out(item=item, by=county.supervisor.user)
    return _fresh(item)


def _looked_back(county):
    item = _closed(county)
    services.supervision_item_look_back(
        item=item, by=county.supervisor.user, outcome=LookBackOutcome.CONFIRMED, note="成果巩固"
    )
    return _fresh(item)


def _withdrawn(county):
    item = county.open()
    services.supervision_item_withdraw(item=item, by=county.supervisor.user, reason="重复立项")
    return _fresh(item)


STATES: dict[str, Callable[[Any], Item]] = {
    "draft": lambda county: county.open(),
    "assigned": lambda county: county.assigned(),
    "in_progress": _received,
    "completion_requested": _requested,
    "unit_head_confirmed": _head_confirmed,
    "both_confirmed": _confirmed,
    "closed": _closed,
    "looked_back": _looked_back,
    "withdrawn": _withdrawn,
}


def _people(county) -> dict[str, Any]:
    return {
        "督查员": county.supervisor.user,
        "办公室主任": county.director.user,
        "督办领导": county.leader.user,
        "牵头单位负责人": county.head.user,
        "牵头单位联络员": county.liaison.user,
        "配合单位联络员": county.co_liaison.user,
        "无关单位联络员": county.other_liaison.user,
        "系统管理员": make_admin(AdminRole.SYSTEM_ADMIN, "sysadmin"),
    }


@pytest.mark.parametrize("state", list(STATES))
def test_what_is_offered_is_what_the_service_accepts(supervision_county, state):
    county = supervision_county
    item = STATES[state](county)
    found = walk(
        RULES, lambda: _fresh(item), _people(county), drivers(county), f"/supervision/items/{item.pk}/"
    )
    assert found.wrong == []
    offered_somewhere = found.offered_somewhere
    # Every state leaves someone something to do, until the look-back is done or the item is withdrawn.
    assert bool(offered_somewhere) == (state not in {"looked_back", "withdrawn"}), offered_somewhere


def test_the_api_returns_the_same_actions(supervision_county, client):
    county = supervision_county
    item = _requested(county)
    for user in (county.supervisor.user, county.head.user, county.liaison.user):
        body = sign_in(client, user).get(f"/api/supervision/items/{item.pk}").json()
        assert body["actions"] == RULES.available(user, _fresh(item))
    assert "close_out" not in RULES.available(county.supervisor.user, _fresh(item))  # not confirmed yet
