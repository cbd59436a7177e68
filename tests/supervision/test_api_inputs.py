"""One contract per action: the page and the API refuse the same bad input with the same code and message,
and the API takes what the page takes (milestones, files as multipart)."""

import json
from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from zhongshu.attachments.services import attachments_of
from zhongshu.supervision import services
from zhongshu.supervision.models import Milestone, ProgressReport, SupervisionItem
from zhongshu.testing.access import sign_in

FROZEN = "2026-03-02 09:00:00+08:00"

# Each case: who acts, the page's action slug, the API's path segment, the bad input, the expected code.
CASES = [
    ("supervisor", "assign", "assign", {"lead_unit": "999999", "deadline_workdays": "5"}, "unknown_unit"),
    ("supervisor", "assign", "assign", {"lead_unit": "{bureau}", "co_units": ["abc"]}, "unknown_unit"),
    ("supervisor", "assign", "assign", {"lead_unit": "{bureau}", "deadline": "2026-02-30"}, "bad_date"),
    ("supervisor", "assign", "assign", {"lead_unit": "{bureau}", "deadline_workdays": "五"}, "bad_int"),
    ("supervisor", "assign", "assign", {"lead_unit": "{bureau}", "leader": "424242"}, "unknown_person"),
    (
        "supervisor",
        "assign",
        "assign",
        {"lead_unit": "{bureau}", "deadline_workdays": "5", "milestone_title": "完成方案"},
        "milestone_due_required",
    ),
    (
        "supervisor",
        "assign",
        "assign",
        {"lead_unit": "{bureau}", "deadline_workdays": "5", "version": "x"},
        "bad_int",
    ),
    ("liaison", "receive", "receive", {"version": "0"}, "out_of_range"),
    ("liaison", "report", "reports", {"text": "进展", "milestone": "{other_milestone}"}, "unknown_milestone"),
    ("liaison", "report", "reports", {"text": "   "}, "text_required"),
    (
        "liaison",
        "request_completion",
        "request-completion",
        {"evidence": "完成", "version": "1.5"},
        "bad_int",
    ),
    ("supervisor", "confirm", "confirm", {"role": "leader", "confirmer": "-3"}, "unknown_person"),
    ("supervisor", "close_out", "close-out", {"version": "99999999999"}, "bad_int"),
    ("supervisor", "return", "return", {"reason": "x" * 20, "version": "abc"}, "bad_int"),
    ("supervisor", "press", "press", {"note": "要" * 501}, "too_long"),
    (
        "supervisor",
        "look_back",
        "look-back",
        {"outcome": "reopened", "note": "n", "deadline": "03/01"},
        "bad_date",
    ),
]


def _fill(value, names):
    if isinstance(value, list):
        return [_fill(v, names) for v in value]
    return value.format(**names) if isinstance(value, str) and "{" in value else value


@pytest.fixture
def scene(county):
    with time_machine.travel(FROZEN, tick=False):
        item = county.assigned()
        # Received, so that a report's own input is what is judged (the rules refuse a report before 签收).
        services.supervision_item_receive(item=item, by=county.liaison.user)
        other = county.open("另一事项")
        services.supervision_item_assign(
            item=other,
            by=county.supervisor.user,
            lead_unit=county.bureau,
            deadline_workdays=15,  # a milestone falls within the deadline
            milestones=[services.PlannedMilestone("另一节点", date(2026, 3, 20))],
        )
    names = {
        "bureau": str(county.bureau.pk),
        "other_milestone": str(Milestone.objects.get(item=other).pk),
    }
    return item, names


@pytest.mark.parametrize(("who", "slug", "path", "raw", "code"), CASES)
@time_machine.travel(FROZEN, tick=False)
def test_the_page_and_the_api_refuse_alike(county, client, scene, who, slug, path, raw, code):
    item, names = scene
    data = {key: _fill(value, names) for key, value in raw.items()}
    user = getattr(county, who).user
    sign_in(client, user)
    before = SupervisionItem.objects.values_list("state", "version").get(pk=item.pk)

    page = client.post(f"/supervision/items/{item.pk}/{slug}/", data)
    api = client.post(
        f"/api/supervision/items/{item.pk}/{path}", json.dumps(data), content_type="application/json"
    )

    body = api.json()
    assert body["code"] == code, body
    assert page.status_code == api.status_code
    assert (page.context["error_code"], page.context["error"]) == (body["code"], body["message"])
    assert body["message"] in page.content.decode()
    assert SupervisionItem.objects.values_list("state", "version").get(pk=item.pk) == before


@time_machine.travel(FROZEN, tick=False)
def test_opening_refuses_alike(county, client):
    sign_in(client, county.supervisor.user)
    data = {"title": "新事项", "source": "instruction", "priority": "9"}
    page = client.post("/supervision/items/new/", data)
    api = client.post("/api/supervision/items", json.dumps(data), content_type="application/json")
    assert api.json() == {"code": "unknown_priority", "message": "未知的紧急程度：9", "field": "priority"}
    assert page.status_code == api.status_code == 400
    assert "未知的紧急程度：9" in page.content.decode()
    assert not SupervisionItem.objects.exists()


@time_machine.travel(FROZEN, tick=False)
def test_the_api_assigns_with_milestones(county, client):
    item = county.open()
    sign_in(client, county.supervisor.user)
    response = client.post(
        f"/api/supervision/items/{item.pk}/assign",
        json.dumps(
            {
                "lead_unit": county.bureau.pk,
                "deadline_workdays": 10,
                "milestones": [
                    {"title": "完成方案", "due": "2026-03-05"},
                    {"title": "完成施工", "due": "2026-03-12"},
                ],
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    assert list(Milestone.objects.filter(item=item).values_list("title", "due")) == [
        ("完成方案", date(2026, 3, 5)),
        ("完成施工", date(2026, 3, 12)),
    ]


@time_machine.travel(FROZEN, tick=False)
def test_the_api_takes_files_as_multipart(county, client):
    item = county.assigned()
    services.supervision_item_receive(item=item, by=county.liaison.user)
    sign_in(client, county.liaison.user)
    response = client.post(
        f"/api/supervision/items/{item.pk}/reports",
        {"text": "方案已制定", "files": [SimpleUploadedFile("方案.txt", "改造方案".encode())]},
    )
    assert response.status_code == 201, response.json()
    report = ProgressReport.objects.get(pk=response.json()["id"])
    assert [a.file.original_name for a in attachments_of(report)] == ["方案.txt"]
    response = client.post(
        f"/api/supervision/items/{item.pk}/reports",
        json.dumps({"text": "再报", "files": ["方案.txt"]}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "files_need_multipart"


@time_machine.travel(FROZEN, tick=False)
def test_bad_json_is_refused_not_a_server_error(county, client):
    item = county.assigned()
    sign_in(client, county.supervisor.user)
    for body in ("{", "[1, 2]", '"text"'):
        response = client.post(
            f"/api/supervision/items/{item.pk}/press", body, content_type="application/json"
        )
        assert (response.status_code, response.json()["code"]) == (400, "bad_json")
    response = client.post(
        f"/api/supervision/items/{item.pk}/press",
        json.dumps({"note": ["a", "b"]}),
        content_type="application/json",
    )
    assert (response.status_code, response.json()["code"]) == (400, "bad_value")


def test_problem_lists_refuse_alike(county, client):
    sign_in(client, county.supervisor.user)
    page = client.post(
        "/supervision/problem-lists/new/", {"title": "清单", "problems": "问题｜措施｜县教育局｜明天"}
    )
    api = client.post(
        "/api/supervision/problem-lists",
        json.dumps({"title": "清单", "problems": "问题｜措施｜县教育局｜明天"}),
        content_type="application/json",
    )
    assert api.status_code == page.status_code == 400
    assert api.json()["code"] == "problem_list_invalid"
    assert api.json()["message"] in page.content.decode()
    api = client.post(
        "/api/supervision/problem-lists",
        json.dumps(
            {"title": "清单", "problems": [{"problem": "问题", "unit": 999999, "deadline_workdays": 5}]}
        ),
        content_type="application/json",
    )
    assert api.json()["message"] == "第1行：责任单位不存在：999999"
