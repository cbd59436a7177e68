"""Every 素材库 action the pages offer has an API route with the page's contract and service: each answers
success, a refusal (permission or state) with its code, and bad input with its code; and the page and the
API refuse the same bad input with the same code and message."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.materials.conftest import sample_files
from tests.materials.helpers import upload_of
from zhongshu.base.levels import Clearance
from zhongshu.base.roles import Role
from zhongshu.materials import services
from zhongshu.materials.models import IngestBatch, KeySentence, Material, Problem
from zhongshu.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def material(clerk_user):
    path = sample_files()[1]
    return services.material_ingest(
        uploaded=upload_of(path), name=path.name, by=clerk_user, material_type="reflection", tags="学习"
    )


@pytest.fixture
def colleague(unit):
    return factories.make_person("文书乙", unit=unit, roles=(Role.CLERK,), clearance=Clearance.ORDINARY).user


@pytest.fixture
def sentence(material):
    return KeySentence.objects.filter(material=material).first() or KeySentence.objects.create(
        material=material, text="坚持以人民为中心的发展思想。", score=1.0
    )


def _post(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def _answer(response):
    return response.status_code, response.json().get("code")


def test_edit_through_the_new_route(signed_in, client, material, colleague):
    url = f"/api/materials/items/{material.pk}/edit"
    edited = _post(signed_in, url, {"version": 1, "title": "新标题", "tags": ["甲", "乙"]})
    assert edited.status_code == 200, edited.json()
    body = edited.json()
    assert (body["title"], body["version"], sorted(body["tags"])) == ("新标题", 2, ["乙", "甲"])
    assert body["material_type"] == "reflection" and "edit" in body["actions"]
    stale = _post(signed_in, url, {"version": 1, "title": "再改"})
    assert stale.json() == {"code": "stale", "message": services.STALE}
    assert stale.status_code == 409
    assert _answer(_post(signed_in, url, {"version": "二", "title": "再改"})) == (400, "bad_int")
    assert _answer(_post(signed_in, url, {"version": 2, "date": "五月四日"})) == (400, "invalid_input")
    assert _answer(_post(signed_in, url, {"version": 2, "tags": [["套"]]})) == (400, "bad_text")
    client.force_login(colleague)
    assert _answer(_post(client, url, {"version": 2, "title": "同事"})) == (403, "not_owner")
    assert Material.objects.get(pk=material.pk).title == "新标题"


def test_tags(signed_in, client, material, colleague):
    url = f"/api/materials/items/{material.pk}/tags"
    tagged = _post(signed_in, url, {"tags": "调研 学习", "version": 1})
    assert tagged.status_code == 200 and sorted(tagged.json()["tags"]) == ["学习", "调研"]
    assert _answer(_post(signed_in, url, {"tags": "再改", "version": 1})) == (409, "stale")
    assert _answer(_post(signed_in, url, {"tags": "长" * 31})) == (400, "bad_tag")
    client.force_login(colleague)
    assert _answer(_post(client, url, {"tags": "同事"})) == (403, "not_owner")


def test_withdraw_through_post(signed_in, material):
    url = f"/api/materials/items/{material.pk}/withdraw"
    assert _answer(_post(signed_in, url, {"version": 0})) == (400, "out_of_range")
    assert _answer(_post(signed_in, url, {"version": 1, "reason": "重" * 201})) == (400, "too_long")
    assert _post(signed_in, url, {"version": 1, "reason": "重复"}).status_code == 204
    assert _answer(_post(signed_in, url, {"version": 2})) == (404, "not_found")


def test_a_bad_version_in_the_delete_query_is_a_code(signed_in, material):
    response = signed_in.delete(f"/api/materials/items/{material.pk}?version=abc")
    assert _answer(response) == (400, "bad_int")


def test_pin_and_unpin(signed_in, client, sentence, unit):
    url = f"/api/materials/key-sentences/{sentence.pk}/pin"
    pinned = _post(signed_in, url, {"pinned": True})
    assert pinned.json() == {"id": sentence.pk, "pinned": True}
    assert sentence.pinned_by.count() == 1
    assert _answer(_post(signed_in, url, {})) == (400, "pinned_required")
    assert _answer(_post(signed_in, url, {"pinned": "maybe"})) == (400, "bad_flag")
    assert _post(signed_in, url, {"pinned": False}).json()["pinned"] is False
    assert sentence.pinned_by.count() == 0
    assert _answer(_post(signed_in, "/api/materials/key-sentences/999999/pin", {"pinned": True})) == (
        404,
        "not_found",
    )
    outsider = factories.make_person("外人", unit=unit).user  # no role that uses the library
    client.force_login(outsider)
    assert _answer(_post(client, url, {"pinned": True})) == (403, "not_allowed")


def test_problems(signed_in, client):
    made = _post(signed_in, "/api/materials/problems", {"problem": "台账不全", "found_on": "2026-03-02"})
    assert made.status_code == 201, made.json()
    body = made.json()
    assert (body["origin"], body["problem"], body["status"]) == ("research", "台账不全", "open")
    assert _answer(_post(signed_in, "/api/materials/problems", {"problem": "台账不全"})) == (400, "required")
    assert _answer(
        _post(
            signed_in, "/api/materials/problems", {"problem": "x", "found_on": "2026-03-02", "unit": 999999}
        )
    ) == (400, "unknown_unit")
    status_url = f"/api/materials/problems/{body['id']}/status"
    changed = _post(signed_in, status_url, {"status": "resolved"})
    assert changed.status_code == 200 and changed.json()["status"] == "resolved"
    assert _answer(_post(signed_in, status_url, {"status": "gone"})) == (400, "bad_status")
    other_unit = factories.make_unit("县卫健局")
    client.force_login(factories.make_person("卫健文书", unit=other_unit, roles=(Role.CLERK,)).user)
    assert _answer(_post(client, status_url, {"status": "open"})) == (404, "not_found")
    assert Problem.objects.get(pk=body["id"]).status == "resolved"


def test_upload_and_bulk_take_multipart(signed_in, settings):
    path = sample_files()[0]
    uploaded = signed_in.post(
        "/api/materials/items",
        {"file": SimpleUploadedFile(path.name, path.read_bytes()), "date": "2025-05-04", "tags": "讲话"},
    )
    assert uploaded.status_code == 201 and uploaded.json()["date"] == "2025-05-04"
    bad = signed_in.post(
        "/api/materials/items", {"file": SimpleUploadedFile("b.txt", "正文".encode()), "date_of": "五月"}
    )
    assert bad.json() == {"code": "bad_date", "message": "日期格式应为 YYYY-MM-DD：五月", "field": "date"}
    assert _answer(_post(signed_in, "/api/materials/items", {"file": "a.txt"})) == (
        400,
        "files_need_multipart",
    )
    assert _answer(signed_in.post("/api/materials/items", {"title": "没有文件"})) == (400, "no_file")

    batch = signed_in.post(
        "/api/materials/batches",
        {"files": [SimpleUploadedFile(p.name, p.read_bytes()) for p in sample_files()[2:4]], "tags": "批量"},
    )
    assert batch.status_code == 201, batch.json()
    assert batch.json()["total"] == 2 and IngestBatch.objects.count() == 1
    assert _answer(signed_in.post("/api/materials/batches", {"tags": "批量"})) == (400, "no_files")
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 1
    many = signed_in.post(
        "/api/materials/batches", {"files": [SimpleUploadedFile(f"{n}.txt", b"x") for n in range(3)]}
    )
    assert _answer(many) == (400, "too_many_files")


# --- the page and the API refuse alike ---------------------------------------------------------------------

# Each case: the page's URL, the API's URL (with {material} / {sentence} / {problem}), the input, the code.
CASES = [
    (
        "/materials/{material}/tags/",
        "/api/materials/items/{material}/tags",
        {"tags": "t", "version": "x"},
        "bad_int",
    ),
    (
        "/materials/{material}/tags/",
        "/api/materials/items/{material}/tags",
        {"tags": "t", "version": "7"},
        "stale",
    ),
    ("/materials/{material}/tags/", "/api/materials/items/{material}/tags", {"tags": "长" * 31}, "bad_tag"),
    (
        "/materials/{material}/edit/",
        "/api/materials/items/{material}/edit",
        {"version": "1", "title": "t", "material_type": "poem", "classification": "1"},
        "invalid_input",
    ),
    (
        "/materials/{material}/edit/",
        "/api/materials/items/{material}/edit",
        {"version": "9", "title": "t", "material_type": "reflection", "classification": "1"},
        "stale",
    ),
    (
        "/materials/{material}/edit/",
        "/api/materials/items/{material}/edit",
        {"title": "t"},
        "version_required",
    ),
    (
        "/materials/{material}/withdraw/",
        "/api/materials/items/{material}/withdraw",
        {"version": "-1"},
        "out_of_range",
    ),
    (
        "/materials/{material}/withdraw/",
        "/api/materials/items/{material}/withdraw",
        {"version": "3"},
        "stale",
    ),
    (
        "/materials/key-sentences/{sentence}/pin/",
        "/api/materials/key-sentences/{sentence}/pin",
        {},
        "pinned_required",
    ),
    (
        "/materials/key-sentences/{sentence}/pin/",
        "/api/materials/key-sentences/{sentence}/pin",
        {"pinned": "2"},
        "bad_flag",
    ),
    ("/materials/problems/", "/api/materials/problems", {"problem": "p", "found_on": "3月2日"}, "bad_date"),
    (
        "/materials/problems/",
        "/api/materials/problems",
        {"problem": "p", "found_on": "2026-03-02", "unit": "x"},
        "unknown_unit",
    ),
    (
        "/materials/problems/",
        "/api/materials/problems",
        {"problem": "p", "found_on": "2026-03-02", "classification": "高"},
        "bad_int",
    ),
    (
        "/materials/problems/{problem}/status/",
        "/api/materials/problems/{problem}/status",
        {"status": "x"},
        "bad_status",
    ),
]


def _state():
    return (
        list(Material.objects.order_by("pk").values_list("title", "version", "withdrawn_at")),
        list(KeySentence.pinned_by.through.objects.values_list("pk", flat=True)),
        list(Problem.objects.order_by("pk").values_list("problem", "status")),
    )


@pytest.mark.parametrize(("page_url", "api_url", "data", "code"), CASES)
def test_the_page_and_the_api_refuse_alike(
    signed_in, material, sentence, clerk_user, page_url, api_url, data, code
):
    problem = services.problem_create(by=clerk_user, problem="既有问题", found_on=material.created_at.date())
    names = {"material": material.pk, "sentence": sentence.pk, "problem": problem.pk}
    before = _state()

    page = signed_in.post(page_url.format(**names), data)
    api = _post(signed_in, api_url.format(**names), data)

    body = api.json()
    assert body["code"] == code, body
    assert page.status_code == api.status_code
    assert page.context["error_code"] == body["code"]
    shown = page.context.get("error_message") or page.context.get("error") or page.context.get("message")
    assert shown == body["message"]
    assert body["message"].rpartition("：")[2] in page.content.decode()
    assert _state() == before
