"""Issue 15, build point 8 in supervision: 作废 of an item opened by mistake, a title that fits a ledger line,
and no milestone after the item's deadline. Each refused with a Chinese message (English code in the API)
and nothing half-saved."""

from __future__ import annotations

import json
from datetime import date

import pytest
import time_machine

from zhongshu.audit.models import AuditEvent
from zhongshu.core.errors import Forbidden, InvalidTransition, ServiceError
from zhongshu.search.models import SearchEntry
from zhongshu.search.selectors import search
from zhongshu.supervision import services
from zhongshu.supervision.models import TITLE_MAX, ItemEvent, Milestone, SupervisionItem
from zhongshu.supervision.progress_wall import progress_wall
from zhongshu.supervision.selectors import LedgerFilter, ledger_page
from zhongshu.supervision.states import ItemAction, ItemState
from zhongshu.supervision.todos import supervision_todos
from zhongshu.testing.access import sign_in

pytestmark = pytest.mark.django_db

FROZEN = "2026-03-02 09:00:00+08:00"  # a Monday


def post_json(client, user, url, payload):
    sign_in(client, user)
    response = client.post(url, json.dumps(payload), content_type="application/json")
    return response.status_code, response.json()


# --- 作废 -----------------------------------------------------------------------------------------------


def test_a_draft_opened_by_mistake_is_withdrawn_with_its_reason_and_audited(county):
    item = county.open("推进城区雨污分流改造")
    withdrawn = services.supervision_item_withdraw(item=item, by=county.supervisor.user, reason="重复立项")
    item.refresh_from_db()
    assert withdrawn.state == item.state == ItemState.WITHDRAWN
    assert item.get_state_display() == "已作废"
    assert item.withdraw_reason == "重复立项"
    event = ItemEvent.objects.filter(item=item).last()
    assert (event.action, event.action_label, event.note) == (ItemAction.WITHDRAW, "作废", "重复立项")
    audit = AuditEvent.objects.filter(action="supervision.withdraw").get()
    assert audit.details == {"reason": "重复立项"}


def test_a_withdrawal_needs_a_reason_and_changes_nothing_without_one(county):
    item = county.open()
    with pytest.raises(ServiceError) as raised:
        services.supervision_item_withdraw(item=item, by=county.supervisor.user, reason="  ")
    assert (raised.value.code, raised.value.message) == ("reason_required", "请填写作废理由")
    item.refresh_from_db()
    assert item.state == ItemState.DRAFT and item.version == 1
    assert not AuditEvent.objects.filter(action="supervision.withdraw").exists()


def test_an_assigned_item_cannot_be_withdrawn(county):
    item = county.assigned()
    with pytest.raises(InvalidTransition) as raised:
        services.supervision_item_withdraw(item=item, by=county.supervisor.user, reason="重复立项")
    # The transition table refuses it, in its own words, as it refuses any step out of order.
    assert raised.value.code == "item_invalid_transition"
    assert raised.value.message == "事项待签收，不能作废"
    item.refresh_from_db()
    assert item.state == ItemState.ASSIGNED and item.withdraw_reason == ""


def test_only_the_supervising_roles_withdraw(county):
    item = county.open()
    for person in (county.leader, county.liaison, county.head):
        with pytest.raises(Forbidden) as raised:
            services.supervision_item_withdraw(item=item, by=person.user, reason="重复立项")
        assert raised.value.code == "not_supervisor"
    services.supervision_item_withdraw(item=item, by=county.director.user, reason="误将阅知件立项")
    assert SupervisionItem.objects.get(pk=item.pk).state == ItemState.WITHDRAWN


def test_a_withdrawn_item_leaves_the_ledger_the_wall_and_search_and_stays_under_its_filter(county):
    kept = county.open("推进城区雨污分流改造")
    gone = county.open("推进城区燃气管网改造")
    # Opened with its lead unit: the wall counts a draft for the unit until it is withdrawn.
    gone.lead_unit = county.bureau
    gone.save(update_fields=["lead_unit"])
    office = county.supervisor.user
    assert progress_wall(office).by_state[0] == ("draft", "待交办", 2)
    assert search(office, "燃气管网").count == 1

    services.supervision_item_withdraw(item=gone, by=office, reason="重复立项")

    assert [row.item.pk for row in ledger_page(office, LedgerFilter()).rows] == [kept.pk]
    withdrawn = ledger_page(office, LedgerFilter.from_params({"state": "withdrawn"}))
    assert [row.item.pk for row in withdrawn.rows] == [gone.pk]
    wall = progress_wall(office)
    assert wall.total == 1 and wall.by_state[0] == ("draft", "待交办", 1)
    assert "withdrawn" not in [state for state, _, _ in wall.by_state]
    assert search(office, "燃气管网").count == 0
    assert not SearchEntry.objects.filter(url=f"/supervision/items/{gone.pk}/").exists()
    # Kept in the database with its reason and history.
    assert SupervisionItem.objects.get(pk=gone.pk).withdraw_reason == "重复立项"
    assert list(supervision_todos(office)) == []


def test_the_item_page_offers_the_withdrawal_and_refuses_an_empty_reason_in_chinese(county, client):
    item = county.open()
    sign_in(client, county.supervisor.user)
    page = client.get(f"/supervision/items/{item.pk}/").content.decode()
    assert 'data-action="withdraw"' in page and "作废理由" in page
    response = client.post(f"/supervision/items/{item.pk}/withdraw/", {"reason": "", "version": item.version})
    assert response.status_code == 400
    assert response.content.decode().count("请填写作废理由") == 2  # at the top and under the field
    response = client.post(
        f"/supervision/items/{item.pk}/withdraw/", {"reason": "重复立项", "version": item.version}
    )
    assert response.status_code == 302
    page = client.get(f"/supervision/items/{item.pk}/").content.decode()
    assert "已作废" in page and "重复立项" in page and 'data-action="withdraw"' not in page
    sign_in(client, county.liaison.user)
    assert (
        'data-action="withdraw"'
        not in client.get(f"/supervision/items/{county.assigned().pk}/").content.decode()
    )


def test_the_api_withdraws_before_assignment_and_answers_a_code_after(county, client):
    item = county.open()
    status, body = post_json(
        client, county.supervisor.user, f"/api/supervision/items/{item.pk}/withdraw", {"reason": ""}
    )
    assert status == 400 and body["code"] == "reason_required"
    status, body = post_json(
        client, county.supervisor.user, f"/api/supervision/items/{item.pk}/withdraw", {"reason": "重复立项"}
    )
    assert status == 200 and (body["state"], body["state_label"]) == ("withdrawn", "已作废")
    assigned = county.assigned("推进城区燃气管网改造")
    status, body = post_json(
        client,
        county.supervisor.user,
        f"/api/supervision/items/{assigned.pk}/withdraw",
        {"reason": "重复立项"},
    )
    assert status == 409 and body["code"] == "item_invalid_transition"


# --- 事项名称的长度 ---------------------------------------------------------------------------------------


def test_a_title_longer_than_a_ledger_line_is_refused_in_the_service_the_api_and_the_form(county, client):
    long_title = "关于" + "推进城区雨污分流改造" * 10  # 102 characters
    assert len(long_title) > TITLE_MAX
    with pytest.raises(ServiceError) as raised:
        county.open(long_title)
    assert raised.value.code == "title_too_long"
    assert raised.value.message == "事项名称不能超过100字（现为102字），详细内容请写入“内容”"
    status, body = post_json(
        client,
        county.supervisor.user,
        "/api/supervision/items",
        {"title": long_title, "source": "instruction"},
    )
    assert status == 400 and body["code"] == "title_too_long"
    response = client.post("/supervision/items/new/", {"title": long_title, "source": "instruction"})
    assert response.status_code == 400
    assert "事项名称不能超过100字" in response.content.decode()
    assert not SupervisionItem.objects.exists()
    assert county.open(long_title[:TITLE_MAX]).title == long_title[:TITLE_MAX]


# --- 节点不晚于办理时限 -----------------------------------------------------------------------------------


@time_machine.travel(FROZEN, tick=False)
@pytest.mark.parametrize("counted", ["date", "workdays"])
def test_a_milestone_after_the_deadline_is_refused_and_nothing_is_assigned(county, counted):
    item = county.open()
    # 10 working days from Monday 2 March 2026 is Monday 16 March.
    deadline = {"deadline": date(2026, 3, 16)} if counted == "date" else {"deadline_workdays": 10}
    with pytest.raises(ServiceError) as raised:
        services.supervision_item_assign(
            item=item,
            by=county.supervisor.user,
            lead_unit=county.bureau,
            milestones=[
                services.PlannedMilestone("完成选址", date(2026, 3, 10)),
                services.PlannedMilestone("完成施工", date(2026, 3, 20)),
            ],
            **deadline,
        )
    assert raised.value.code == "milestone_after_deadline"
    assert raised.value.message == "节点“完成施工”的计划日期2026-03-20晚于办理时限2026-03-16"
    item.refresh_from_db()
    assert item.state == ItemState.DRAFT and item.deadline is None
    assert not Milestone.objects.exists()
    services.supervision_item_assign(
        item=item,
        by=county.supervisor.user,
        lead_unit=county.bureau,
        milestones=[services.PlannedMilestone("完成施工", date(2026, 3, 16))],
        **deadline,
    )
    assert Milestone.objects.get().due == date(2026, 3, 16)


@time_machine.travel(FROZEN, tick=False)
def test_the_api_refuses_a_milestone_after_the_deadline_with_its_code(county, client):
    item = county.open()
    status, body = post_json(
        client,
        county.supervisor.user,
        f"/api/supervision/items/{item.pk}/assign",
        {
            "lead_unit": county.bureau.pk,
            "deadline": "2026-03-16",
            "milestones": [{"title": "完成施工", "due": "2026-03-20"}],
        },
    )
    assert status == 400 and body["code"] == "milestone_after_deadline"
    assert "晚于办理时限" in body["message"]


def test_the_withdraw_reason_length_is_the_columns_own_in_the_api_and_on_the_page(county, client):
    most = SupervisionItem._meta.get_field("withdraw_reason").max_length
    assert most == 500  # a bounded column, not free text with a limit written elsewhere
    item = county.open()
    status, body = post_json(
        client,
        county.supervisor.user,
        f"/api/supervision/items/{item.pk}/withdraw",
        {"reason": "重" * (most + 1)},
    )
    assert status == 400 and (body["code"], body["field"]) == ("too_long", "reason")
    item.refresh_from_db()
    assert item.state == ItemState.DRAFT and item.withdraw_reason == ""
    page = client.get(f"/supervision/items/{item.pk}/").content.decode()
    assert f'name="reason" maxlength="{most}"' in page
    status, body = post_json(
        client, county.supervisor.user, f"/api/supervision/items/{item.pk}/withdraw", {"reason": "重" * most}
    )
    assert status == 200 and body["state"] == "withdrawn"
