"""The module is installed: its front page opens on the first tab a person may see, and refuses the
administrators, who hold no business role."""

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


def test_a_person_is_sent_to_the_first_tab_or_told_no_tab_is_there_yet(county: County) -> None:
    response = signed_in("zhiban1").get("/duty/")
    # Until the parts register tabs the front page has nowhere to send anyone: 403, never a server error.
    assert response.status_code in (302, 403)
