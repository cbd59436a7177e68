"""The module is installed: its front page opens on the first tab a person may see, the tabs are those his
roles allow, and the administrators, who hold no business role, are refused."""

from __future__ import annotations

from typing import Any

from tests.duty.conftest import County, signed_in
from zhongshu.base.roles import AdminRole
from zhongshu.testing.access import sign_in
from zhongshu.testing.factories import make_admin


def test_county_fixture_is_ready_for_rosters(county: County) -> None:
    assert [officer.name for officer in county.duty_officers] == ["张值班", "李值班", "王值班"]
    assert set(county.roles) == {"leader", "officer", "driver"}
    assert county.duty_points["XWB"].phone


def test_the_administrators_may_not_open_the_duty_module(county: County, client: Any) -> None:
    sign_in(client, make_admin(AdminRole.SYSTEM_ADMIN))
    assert client.get("/duty/").status_code == 403


def test_a_person_is_sent_to_the_first_tab_he_may_see(county: County) -> None:
    response = signed_in("zhiban1").get("/duty/")
    assert response.status_code == 302 and response["Location"] == "/duty/rosters/"
    tabs = signed_in("zhiban1").get(response["Location"]).content.decode()
    for label in ("值班表", "当前值班", "值班记录", "值班抽查", "突发事件", "预案演练", "领导去向"):
        assert label in tabs
    # A town's liaison has no 值班抽查 tab: the county calls his duty phone, he does not see when.
    liaison_tabs = signed_in("town0").get("/duty/rosters/").content.decode()
    assert "值班抽查" not in liaison_tabs and "值班表" in liaison_tabs
