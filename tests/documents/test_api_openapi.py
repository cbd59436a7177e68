"""The OpenAPI schema lists every write action the documents, supervision, archives and materials pages offer,
each with the body its contract reads (JSON or multipart)."""

from __future__ import annotations

import pytest

from zhongshu.documents.schemas import DOCUMENT_ACTIONS
from zhongshu.supervision.schemas import ITEM_ACTIONS
from zhongshu.testing.access import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def paths(county, client):
    sign_in(client, county.clerk.user)
    return client.get("/api/openapi.json").json()["paths"]


def test_every_document_action_is_listed_with_its_body(paths):
    for step in DOCUMENT_ACTIONS.values():
        post = paths[f"/api/documents/{{pk}}/{step.path}"]["post"]
        assert set(post["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    for path in (
        "/api/documents/",
        "/api/documents/{pk}/edit",
        "/api/documents/incoming",
        "/api/documents/quotas",
    ):
        assert "post" in paths[path], path
    submit = paths["/api/documents/{pk}/submit"]["post"]["requestBody"]["content"]["application/json"][
        "schema"
    ]
    assert submit["properties"]["reviewers"] == {
        "type": "array",
        "items": {"type": "integer", "description": "人员的 id"},
    }
    draft = paths["/api/documents/"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert "title" in draft["required"] and draft["properties"]["primary_units"]["type"] == "array"


def test_every_supervision_action_is_listed_with_its_body(paths):
    for action in ITEM_ACTIONS:
        path = "reports" if action == "report" else action.replace("_", "-")
        post = paths[f"/api/supervision/items/{{item_id}}/{path}"]["post"]
        assert "multipart/form-data" in post["requestBody"]["content"], action
    report = paths["/api/supervision/items/{item_id}/reports"]["post"]["requestBody"]["content"]
    files = report["multipart/form-data"]["schema"]["properties"]["files"]
    assert files == {"type": "array", "items": {"type": "string", "format": "binary"}}


def test_every_archives_action_is_listed_with_its_body(paths):
    from zhongshu.archives.schemas import ITEM_ACTIONS as ARCHIVE_ITEM_ACTIONS
    from zhongshu.archives.schemas import USE_ACTIONS

    posts = [f"/api/archives/items/{{pk}}/{step.path}" for step in ARCHIVE_ITEM_ACTIONS.values()]
    posts += [f"/api/archives/uses/{{pk}}/{step.path}" for step in USE_ACTIONS.values()]
    posts += ["/api/archives/items", "/api/archives/uses"]
    for path in posts:
        post = paths[path]["post"]
        assert set(post["requestBody"]["content"]) == {"application/json", "multipart/form-data"}, path
    assert {"arrange", "shelve", "appraise", "destroy"} <= set(ARCHIVE_ITEM_ACTIONS)
    assert {"approve", "reject", "return", "decision"} <= set(USE_ACTIONS)
    arrange = paths["/api/archives/items/{pk}/arrange"]["post"]["requestBody"]["content"]["application/json"]
    assert arrange["schema"]["properties"] == {"pages": {"type": "integer"}, "remarks": {"type": "string"}}
    use = paths["/api/archives/uses"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert use["properties"]["due_back"] == {"type": "string", "format": "date"}


def test_every_materials_action_is_listed_with_its_body(paths):
    from zhongshu.materials.schemas import MATERIAL_ACTIONS

    posts = [f"/api/materials/items/{{pk}}/{action}" for action in MATERIAL_ACTIONS]
    posts += [
        "/api/materials/items",
        "/api/materials/batches",
        "/api/materials/key-sentences/{pk}/pin",
        "/api/materials/problems",
        "/api/materials/problems/{pk}/status",
    ]
    for path in posts:
        post = paths[path]["post"]
        assert set(post["requestBody"]["content"]) == {"application/json", "multipart/form-data"}, path
    assert {"edit", "tags", "withdraw"} <= set(MATERIAL_ACTIONS)
    assert {"patch", "delete"} <= set(paths["/api/materials/items/{pk}"])
    edit = paths["/api/materials/items/{pk}/edit"]["post"]["requestBody"]["content"]["application/json"]
    assert "version" in edit["schema"]["required"] and "title" in edit["schema"]["properties"]
    upload = paths["/api/materials/items"]["post"]["requestBody"]["content"]["multipart/form-data"]
    assert upload["schema"]["properties"]["file"] == {"type": "string", "format": "binary"}
    bulk = paths["/api/materials/batches"]["post"]["requestBody"]["content"]["multipart/form-data"]
    assert bulk["schema"]["properties"]["files"] == {
        "type": "array",
        "items": {"type": "string", "format": "binary"},
    }
