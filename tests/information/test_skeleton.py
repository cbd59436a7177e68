"""The module is installed: its front page sends a person to the first tab he may see, and the three
administrators, who hold no business role, are refused."""

from __future__ import annotations

from typing import Any

from tests.information.conftest import County, signed_in
from zhongshu.base.roles import AdminRole
from zhongshu.information.roles import is_editor, is_writer
from zhongshu.testing.access import sign_in
from zhongshu.testing.factories import make_admin


def test_the_administrators_may_not_open_the_module(county: County, client: Any) -> None:
    sign_in(client, make_admin(AdminRole.SYSTEM_ADMIN))
    assert client.get("/information/").status_code == 403


def test_the_office_information_officers_edit_and_a_towns_writes(county: County) -> None:
    assert is_editor(county.editors[0].user) and is_editor(county.director.user)
    assert not is_editor(county.town_writers[0].user) and is_writer(county.town_writers[0].user)
    assert not is_writer(county.leaders[0].user)


def test_a_person_is_sent_to_a_tab(county: County) -> None:
    response = signed_in("town0").get("/information/")
    assert response.status_code == 302, response.status_code
