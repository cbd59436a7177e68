"""The API: the whole loop as the browser scenario runs it, errors as {"code", "message"}, the schema."""

import json

import time_machine

from zhongshu.core.jobs import run_tick
from zhongshu.supervision.models import SupervisionItem
from zhongshu.testing.access import sign_in


def call(client, user, method, url, payload=None):
    sign_in(client, user)
    if method == "get":
        response = client.get(url)
    else:
        response = client.post(url, json.dumps(payload or {}), content_type="application/json")
    return response.status_code, response.json()


def at(day):
    return time_machine.travel(f"{day} 09:00:00+08:00", tick=False)


def test_the_closed_loop_through_the_api(county, client):
    with at("2026-02-10"):
        status, item = call(
            client,
            county.supervisor.user,
            "post",
            "/api/supervision/items",
            {
                "title": "落实郑书记关于校园安全的批示",
                "source": "instruction",
                "source_note": "郑书记批示",
                "leader": county.leader.pk,
            },
        )
        assert status == 201 and item["state"] == "draft"
        pk = item["id"]
        status, item = call(
            client,
            county.supervisor.user,
            "post",
            f"/api/supervision/items/{pk}/assign",
            {
                "lead_unit": county.bureau.pk,
                "co_units": [county.co_unit.pk],
                "deadline_workdays": 5,
            },
        )
        assert status == 200
        assert (item["state"], item["deadline"], item["co_units"]) == ("assigned", "2026-02-24", ["县财政局"])
        status, item = call(client, county.liaison.user, "post", f"/api/supervision/items/{pk}/receive")
        assert item["state"] == "in_progress"
        status, report = call(
            client,
            county.liaison.user,
            "post",
            f"/api/supervision/items/{pk}/reports",
            {"text": "已排查隐患12处"},
        )
        assert status == 201 and report["consolidated"] is True
    with at("2026-02-25"):
        assert run_tick()["supervision.escalation"] == 1
        status, todos = call(client, county.liaison.user, "get", "/api/me/todos")
        assert "催办：落实郑书记关于校园安全的批示" in [todo["title"] for todo in todos]
        status, item = call(
            client,
            county.liaison.user,
            "post",
            f"/api/supervision/items/{pk}/request-completion",
            {"evidence": "隐患全部整改"},
        )
        assert item["state"] == "completion_requested"
        status, todos = call(client, county.liaison.user, "get", "/api/me/todos")
        assert not [t for t in todos if t["title"].startswith("催办")]
        call(client, county.head.user, "post", f"/api/supervision/items/{pk}/confirm", {"role": "unit_head"})
        call(client, county.leader.user, "post", f"/api/supervision/items/{pk}/confirm", {"role": "leader"})
        status, item = call(client, county.supervisor.user, "post", f"/api/supervision/items/{pk}/close-out")
        assert (status, item["state"], item["look_back_due"]) == (200, "closed", "2026-04-08")
    with at("2026-04-08"):
        assert run_tick()["supervision.look_back"] == 1
        status, todos = call(client, county.supervisor.user, "get", "/api/me/todos")
        assert "回头看：落实郑书记关于校园安全的批示" in [todo["title"] for todo in todos]
        status, item = call(
            client,
            county.supervisor.user,
            "post",
            f"/api/supervision/items/{pk}/look-back",
            {"outcome": "confirmed", "note": "整改成果巩固"},
        )
        assert (item["state"], item["look_back_due"]) == ("closed", None)


def test_errors_come_back_as_code_and_message(county, client):
    item = county.open()
    status, body = call(
        client,
        county.supervisor.user,
        "post",
        f"/api/supervision/items/{item.pk}/assign",
        {"lead_unit": 999999, "deadline_workdays": 5},
    )
    assert (status, body) == (
        400,
        {"code": "unknown_unit", "message": "牵头单位不存在：999999", "field": "lead_unit"},
    )
    status, body = call(client, county.supervisor.user, "post", f"/api/supervision/items/{item.pk}/close-out")
    assert (status, body) == (409, {"code": "item_invalid_transition", "message": "事项待交办，不能销号"})
    status, body = call(client, county.liaison.user, "get", f"/api/supervision/items/{item.pk}")
    assert (status, body) == (404, {"code": "not_found", "message": "记录不存在或无权访问"})
    assert SupervisionItem.objects.get().state == "draft"


def test_the_routes_are_in_the_openapi_schema(county, client):
    sign_in(client, county.supervisor.user)
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/supervision/items",
        "/api/supervision/items/{item_id}",
        "/api/supervision/ledger",
        "/api/supervision/items/{item_id}/reports",
        "/api/supervision/items/{item_id}/close-out",
    ):
        assert path in paths, path
