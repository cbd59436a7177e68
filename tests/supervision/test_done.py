"""The 督查员's 已办 (issue 15, build point 8): the workbench lists what they did to items — 立项, 交办, 作废,
销号 … — newest first, only on items the access policy lets them know, and nobody else's steps."""

from __future__ import annotations

import pytest

from zhongshu.base.levels import Classification
from zhongshu.core.todos import done_for
from zhongshu.supervision import services
from zhongshu.testing.access import sign_in

pytestmark = pytest.mark.django_db


def _titles(user):
    return [item.title for item in done_for(user) if item.kind.startswith("supervision.")]


def test_the_supervisors_done_lists_what_they_did_newest_first(county):
    assigned = county.assigned("推进城区雨污分流改造")
    withdrawn = county.open("推进城区燃气管网改造")
    services.supervision_item_withdraw(item=withdrawn, by=county.supervisor.user, reason="重复立项")
    assert _titles(county.supervisor.user) == [
        "作废：推进城区燃气管网改造",
        "立项：推进城区燃气管网改造",
        "交办：推进城区雨污分流改造",
        "立项：推进城区雨污分流改造",
    ]
    done = [item for item in done_for(county.supervisor.user) if item.kind == "supervision.withdraw"][0]
    assert (done.url, done.source_label, done.note) == (
        f"/supervision/items/{withdrawn.pk}/",
        "督查督办",
        "重复立项",
    )
    assert done.record == ("supervision.supervisionitem", str(withdrawn.pk))
    # The unit's 签收 is the liaison's; the other 督查员 did nothing.
    services.supervision_item_receive(item=assigned, by=county.liaison.user)
    assert _titles(county.liaison.user) == ["签收：推进城区雨污分流改造"]
    assert _titles(county.second_supervisor.user) == []
    assert "签收：推进城区雨污分流改造" not in _titles(county.supervisor.user)


def test_a_step_on_an_item_the_person_may_no_longer_know_is_not_listed(county):
    item = county.assigned("推进城区雨污分流改造")
    services.supervision_item_receive(item=item, by=county.liaison.user)
    assert _titles(county.liaison.user) == ["签收：推进城区雨污分流改造"]
    # Raised to 机密 beyond the liaison's clearance: their 已办 no longer names it.
    type(item).objects.filter(pk=item.pk).update(classification=Classification.CONFIDENTIAL)
    assert _titles(county.liaison.user) == []


def test_the_workbench_page_and_api_show_the_supervisors_done(county, client):
    county.assigned("推进城区雨污分流改造")
    sign_in(client, county.supervisor.user)
    page = client.get("/").content.decode()
    assert "交办：推进城区雨污分流改造" in page
    titles = [row["title"] for row in client.get("/api/me/done").json()]
    assert "交办：推进城区雨污分流改造" in titles
