"""Generated: every state an item reaches on the unit's side (草稿, 待单位领导签发, 已报送, 已退回) × every kind of
person × every action of actions_submissions (修改, 报送, 签发, 退回). Each action's service is called with valid
input inside a savepoint that is rolled back: what ITEM_RULES offers must be exactly what the service accepts,
the item's page must show exactly those actions (each form or link carries `data-action`) and the API detail
must list them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import F

from tests.actions.helpers import walk
from tests.information.conftest import County
from tests.information.submissions_helpers import FLOOD, draft
from zhongshu.base.roles import AdminRole
from zhongshu.information import submissions
from zhongshu.information.actions_submissions import ITEM_RULES, ItemAction
from zhongshu.information.models import InfoReport, InfoType, ItemState
from zhongshu.testing.factories import make_admin

DRIVERS: dict[str, Callable[[InfoReport, Any], Any]] = {
    ItemAction.EDIT: lambda i, u: submissions.item_update(
        item=i, by=u, title="修改后的标题", body=FLOOD, info_type=i.info_type, version=i.version
    ),
    ItemAction.SUBMIT: lambda i, u: submissions.item_submit(item=i, by=u, version=i.version),
    ItemAction.SIGN_OFF: lambda i, u: submissions.item_sign_off(item=i, by=u, version=i.version),
    ItemAction.SEND_BACK: lambda i, u: submissions.item_send_back(
        item=i, by=u, reason="请核实数据", version=i.version
    ),
}


def _people(county: County) -> dict[str, Any]:
    return {
        "writer": county.town_writers[0].user,
        "other_writer": county.town_writers[1].user,
        "leader": county.town_leaders[0].user,
        "other_leader": county.town_leaders[1].user,
        "bureau_leader": county.bureau_leader.user,
        "editor": county.editors[0].user,
        "director": county.director.user,
        "county_leader": county.leaders[0].user,
        "admin": make_admin(AdminRole.SYSTEM_ADMIN, "sysadmin_item_actions"),
    }


def _states(county: County) -> dict[str, InfoReport]:
    writer = county.town_writers[0]
    kept = draft(writer, title="草稿", info_type=InfoType.PROBLEM)
    waiting = submissions.item_submit(
        item=draft(writer, title="待签发", info_type=InfoType.PROBLEM), by=writer.user
    )
    sent = submissions.item_submit(item=draft(writer, title="已报送"), by=writer.user)
    returned = submissions.item_submit(item=draft(writer, title="已退回"), by=writer.user)
    InfoReport.objects.filter(pk=returned.pk).update(
        state=ItemState.RETURNED, returned_reason="请补充", version=F("version") + 1
    )
    return {"draft": kept, "awaiting_sign_off": waiting, "submitted": sent, "returned": returned}


def test_what_is_offered_is_what_the_services_accept_and_the_pages_show(county: County) -> None:
    people = _people(county)
    wrong: list[str] = []
    offered: set[str] = set()
    for state, item in _states(county).items():
        found = walk(
            ITEM_RULES,
            lambda pk=item.pk: InfoReport.objects.get(pk=pk),
            people,
            DRIVERS,
            f"/information/items/{item.pk}/",
            among=ITEM_RULES.actions,
            api=f"/api/information/items/{item.pk}",
        )
        wrong += [f"{state}: {line}" for line in found.wrong]
        offered |= found.offered_somewhere
    assert wrong == []
    assert offered == set(ITEM_RULES.actions)
