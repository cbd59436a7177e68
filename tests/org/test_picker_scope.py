"""A picker shows back a chosen id (from the URL or a post) only when the viewer may see that person or unit:
a retired person's or unit's name never reaches the page through `?leader=`, `?unit=` or a form re-render."""

from __future__ import annotations

import pytest
from django.test import Client

from zhongshu.base.levels import Clearance
from zhongshu.base.roles import Role
from zhongshu.documents.forms import DraftForm, SubmitForm
from zhongshu.org.models import UnitKind
from zhongshu.testing.access import sign_in
from zhongshu.testing.factories import make_person, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def county(db):
    office = make_unit("县委办公室", kind=UnitKind.OFFICE, short_name="县委办", agency_code="县委办发")
    bureau = make_unit("县教育局", kind=UnitKind.BUREAU, short_name="教育局")
    merged = make_unit("县撤并局", kind=UnitKind.BUREAU, short_name="撤并局")
    merged.is_active = False
    merged.save(update_fields=["is_active"])
    retired = make_person("曾退休", unit=office, title="原副县长", is_leader=True, leader_rank=2)
    retired.user.is_active = False
    retired.user.save(update_fields=["is_active"])
    return {
        "clerk": make_person("王文书", unit=office, roles=[Role.CLERK], clearance=Clearance.IMPORTANT),
        "supervisor": make_person("李督查", unit=office, roles=[Role.SUPERVISOR]),
        "leader": make_person("陈书记", unit=office, roles=[Role.LEADER], is_leader=True, leader_rank=1),
        "retired": retired,
        "bureau": bureau,
        "merged": merged,
    }


def _html(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_the_ledger_filter_shows_back_only_a_leader_the_viewer_may_see(county):
    client = sign_in(Client(), county["supervisor"].user)
    assert "陈书记" in _html(client, f"/supervision/?leader={county['leader'].pk}")
    hidden = _html(client, f"/supervision/?leader={county['retired'].pk}")
    assert "曾退休" not in hidden and "原副县长" not in hidden


def test_the_search_filter_shows_back_only_a_unit_the_viewer_may_see(county):
    client = sign_in(Client(), county["clerk"].user)
    assert "县教育局" in _html(client, f"/search/?unit={county['bureau'].pk}")
    assert "县撤并局" not in _html(client, f"/search/?unit={county['merged'].pk}")


def test_the_draft_form_rerendered_after_a_docx_import_shows_only_visible_units(county):
    client = sign_in(Client(), county["clerk"].user)
    response = client.post(
        "/documents/new/",
        {
            "import_docx": "1",
            "doc_type": "notice",
            "title": "关于核对通讯录的通知",
            "primary_units": [str(county["bureau"].pk), str(county["merged"].pk)],
        },
    )
    html = response.content.decode()
    assert 'data-picker="units"' in html
    assert "县教育局" in html and "县撤并局" not in html


def test_the_draft_form_rerendered_with_its_errors_shows_only_visible_units(county):
    client = sign_in(Client(), county["clerk"].user)
    response = client.post(
        "/documents/new/",
        {"doc_type": "notice", "title": "", "cc_units": [str(county["bureau"].pk), str(county["merged"].pk)]},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "县教育局" in html and "县撤并局" not in html


def test_a_form_shows_back_only_whom_its_viewer_may_see_and_nothing_without_a_viewer(county):
    chosen = {"reviewers": [county["leader"], county["retired"]], "signer": county["retired"].pk}
    html = str(SubmitForm(initial=chosen, viewer=county["clerk"].user))
    assert "陈书记" in html and "曾退休" not in html
    assert "陈书记" not in str(SubmitForm(initial=chosen))
    units = {"primary_units": [county["bureau"].pk, county["merged"].pk]}
    drafted = str(DraftForm(initial=units, viewer=county["clerk"].user)["primary_units"])
    assert "县教育局" in drafted and "县撤并局" not in drafted
