"""The module is installed: its front page sends a person to the first tab he may see, and the three
administrators, who hold no business role, are refused."""

from __future__ import annotations

from typing import Any

from tests.reporting.conftest import County, signed_in
from zhongshu.base.roles import AdminRole
from zhongshu.reporting.roles import files_for_unit, keeps_checklists
from zhongshu.testing.access import sign_in
from zhongshu.testing.factories import make_admin


def test_the_administrators_may_not_open_the_module(county: County, client: Any) -> None:
    sign_in(client, make_admin(AdminRole.SYSTEM_ADMIN))
    assert client.get("/reporting/").status_code == 403


def test_the_office_keeps_the_checklists_and_units_file(county: County) -> None:
    assert keeps_checklists(county.keeper.user) and keeps_checklists(county.director.user)
    assert not keeps_checklists(county.clerks[0].user) and files_for_unit(county.clerks[0].user)
    assert files_for_unit(county.liaisons[2].user)


def test_a_person_is_sent_to_a_tab(county: County) -> None:
    response = signed_in("czj_llr").get("/reporting/")
    assert response.status_code == 302, response.status_code
