"""The people-and-unit picker's server side: its endpoints offer only whom the viewer may see (told apart by unit
and post), a unit picker's groups carry their members, a page renders only what is chosen, and an id the viewer
may not choose is refused when posted."""

from __future__ import annotations

import pytest
from django.test import Client

from zhongshu.base.levels import Clearance
from zhongshu.base.roles import AdminRole, Role
from zhongshu.documents.forms import SubmitForm
from zhongshu.documents.models import OfficialDocument
from zhongshu.documents.services import document_draft_create
from zhongshu.org.models import UnitKind
from zhongshu.testing.access import sign_in
from zhongshu.testing.factories import make_admin, make_department, make_person, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def county(db):
    committee = make_unit("示例县委", kind=UnitKind.PARTY_COMMITTEE, short_name="县委")
    office = make_unit(
        "县委办公室", kind=UnitKind.OFFICE, parent=committee, short_name="县委办", agency_code="县委办发"
    )
    archive_room = make_department(office, "档案室", "DAS")
    towns = [make_unit(name, kind=UnitKind.TOWN, parent=committee) for name in ("城关镇", "青石镇", "东山乡")]
    bureau = make_unit("县教育局", kind=UnitKind.BUREAU, parent=committee, short_name="教育局")
    director = make_person("曾志强", unit=office, title="县委办公室常务副主任", clearance=Clearance.IMPORTANT)
    archivist = make_person("曾志强", unit=office, department=archive_room, title="科员")
    retired = make_person("曾志远", unit=office, title="退休")
    retired.user.is_active = False
    retired.user.save(update_fields=["is_active"])
    return {
        "clerk": make_person("王文书", unit=office, roles=[Role.CLERK], clearance=Clearance.IMPORTANT),
        "leader": make_person("陈书记", unit=office, roles=[Role.LEADER], is_leader=True, leader_rank=1),
        "director": director,
        "archivist": archivist,
        "retired": retired,
        "towns": towns,
        "bureau": bureau,
        "office": office,
    }


def _get(client: Client, path: str) -> dict:
    response = client.get(path)
    assert response.status_code == 200
    return response.json()


def test_zzq_finds_both_zeng_zhiqiang_told_apart_by_unit_and_post(county):
    client = sign_in(Client(), county["clerk"].user)
    found = _get(client, "/org/picker/people/?q=zzq")
    people = {row["value"]: (row["text"], row["unit"], row["detail"]) for row in found["results"]}
    assert people == {
        str(county["director"].pk): ("曾志强", "县委办", "县委办公室常务副主任"),
        str(county["archivist"].pk): ("曾志强", "县委办", "档案室 科员"),
    }
    assert found["groups"] == [{"value": str(county["office"].pk), "label": "县委办公室"}]


def test_the_endpoint_never_offers_a_person_the_viewer_may_not_see(county):
    client = sign_in(Client(), county["clerk"].user)
    retired = str(county["retired"].pk)
    for query in ("", "zzy", "曾", "县委办"):
        values = [row["value"] for row in _get(client, f"/org/picker/people/?q={query}")["results"]]
        assert retired not in values, f"person {retired} offered for {query!r}"
    leaders = _get(client, "/org/picker/people/?leaders=1")["results"]
    assert [row["value"] for row in leaders] == [str(county["leader"].pk)]
    auditor = sign_in(Client(), make_admin(AdminRole.AUDITOR))
    assert auditor.get("/org/picker/people/?q=zzq").status_code == 403
    assert auditor.get("/org/picker/units/").status_code == 403


def test_the_unit_picker_offers_the_groups_with_their_members(county):
    client = sign_in(Client(), county["clerk"].user)
    found = _get(client, "/org/picker/units/?groups=1")
    groups = {
        row["text"]: [member["value"] for member in row["members"]]
        for row in found["results"]
        if "members" in row
    }
    assert groups["各乡镇"] == [str(town.pk) for town in county["towns"]]
    assert groups["县直各单位"] == [str(county["office"].pk), str(county["bureau"].pk)]
    assert found["groups"][0] == {"value": "groups", "label": "常用分组"}
    by_pinyin = _get(client, "/org/picker/units/?q=gxz&groups=1")["results"]
    assert [row["text"] for row in by_pinyin] == ["各乡镇"]
    without = _get(client, "/org/picker/units/?q=qsz")["results"]
    assert [row["text"] for row in without] == ["青石镇"]


def test_the_submit_panel_renders_only_what_is_chosen(county):
    form = SubmitForm(
        initial={"reviewers": [county["director"]], "signer": None}, viewer=county["clerk"].user
    )
    html = str(form["reviewers"]) + str(form["signer"])
    assert html.count("<option") == 2  # the chosen reviewer and the signer's placeholder, nobody else
    assert "曾志强（县委办 县委办公室常务副主任）" in html
    assert '<option value="" selected>请选择签发领导</option>' in html
    assert 'data-picker="people"' in html and "leaders=1" in html


def test_a_person_the_viewer_may_not_choose_is_refused_and_nothing_is_saved(county):
    document = document_draft_create(
        by=county["clerk"].user, doc_type="notice", title="关于核对通讯录的通知", body="一、要求\n请核对。"
    )
    client = sign_in(Client(), county["clerk"].user)
    retired = county["retired"].pk
    response = client.post(
        f"/documents/{document.pk}/act/submit/",
        {"reviewers": [str(county["director"].pk), str(retired)], "signer": str(county["leader"].pk)},
        follow=True,
    )
    assert f"核稿人不存在：{retired}" in response.content.decode()
    document = OfficialDocument.objects.get(pk=document.pk)
    assert document.workflow_id is None and document.state == "draft"


def test_the_api_offers_the_same_choices(county):
    client = sign_in(Client(), county["clerk"].user)
    assert client.get("/api/org/picker/people", {"q": "zzq"}).json() == _get(
        client, "/org/picker/people/?q=zzq"
    )
    units = client.get("/api/org/picker/units", {"q": "gxz", "groups": "true"}).json()
    assert [row["text"] for row in units["results"]] == ["各乡镇"]
    assert len(units["results"][0]["members"]) == len(county["towns"])
    retired = str(county["retired"].pk)
    assert retired not in [row["value"] for row in client.get("/api/org/picker/people").json()["results"]]
