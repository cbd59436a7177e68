"""The inventory part's routes asked by every kind of viewer: anonymous, an administrator (三员), the secrecy office
(the head 核心, a 保密员 重要, the 机要员 who keeps the cabinet, the director), a cleared leader who asked for
copies, and people outside (the office's 文书 一般, a bureau's head 重要). Counts are the secrecy office's; a copy
request is its requester's and the office's. A discrepancy or a request names its carrier (number and title) only
to a viewer who may see the carrier: the 重要 保密员 reads the count report, but a 绝密 carrier's line reads 无权查看
on the page, in the Excel download and in the API."""

from __future__ import annotations

import io
import json
from typing import Any

from django.utils import timezone
from openpyxl import load_workbook

from tests.secrecy.conftest import County, signed_in
from tests.secrecy.inventory_helpers import cabinet, carrier
from zhongshu.audit.models import AuditEvent
from zhongshu.base.levels import Classification
from zhongshu.secrecy import inventory
from zhongshu.secrecy.models_carriers import CopyRequest, CopyState, Inventory
from zhongshu.testing.access import (
    ask_every_api_route,
    not_refused_in_json,
    route_clients,
    route_statuses,
    wrong_get_answers,
    wrong_post_answers,
)

OFFICE = ("baomi", "baomi2", "jiyao", "zhuren")
EVERYONE = (*OFFICE, "leader1", "wenshu", "czj_kz")
SECRET_TITLE = "机密载体甲：县委常委会会议纪要"
TOP_TITLE = "绝密载体乙：边境防务预案"


def _made(county: County) -> dict[str, Any]:
    box = cabinet(county.office, county.confidential_clerk)
    secret = carrier("XWB-2026-7001", in_cabinet=box, title=SECRET_TITLE)
    top = carrier("XWB-2026-7002", in_cabinet=box, title=TOP_TITLE, classification=Classification.TOP_SECRET)
    secret.need_to_know_people.add(county.leader)
    count = inventory.inventory_record(
        by=county.confidential_clerk.user,
        unit=county.office,
        cabinet=box,
        counted_on=timezone.localdate(),
        found_numbers="",
    )
    request = inventory.copy_request(by=county.leader.user, carrier=secret, copies=1, reason="会议学习")
    lines = {line.carrier_id: line for line in count.discrepancies.all()}
    return {"count": count, "request": request, "secret_line": lines[secret.pk], "top_line": lines[top.pk]}


def test_every_route_answers_each_viewer_as_it_should(county: County) -> None:
    made = _made(county)
    count, request = made["count"].pk, made["request"].pk
    clients = route_clients(EVERYONE, admin_username="sysadmin_inventory")
    every = route_statuses(200, EVERYONE, 404, everyone=EVERYONE)
    office_only = route_statuses(200, OFFICE, 404, everyone=EVERYONE)
    counters = route_statuses(200, OFFICE, 403, everyone=EVERYONE)
    requesters = route_statuses(200, (*OFFICE, "leader1"), 404, everyone=EVERYONE)
    api = {"anon": 401}
    pages = {
        "/secrecy/inventory/": every,
        "/secrecy/inventory/new/": counters,
        f"/secrecy/inventory/{count}/": office_only,
        f"/secrecy/inventory/{count}/report.xlsx": office_only,
        "/secrecy/inventory/copies/": every,
        "/secrecy/inventory/copies/new/": every,
        f"/secrecy/inventory/copies/{request}/": requesters,
        "/api/secrecy/inventory/counts": {**every, **api},
        f"/api/secrecy/inventory/counts/{count}": {**office_only, **api},
        "/api/secrecy/inventory/copies": {**every, **api},
        f"/api/secrecy/inventory/copies/{request}": {**requesters, **api},
    }
    assert wrong_get_answers(clients, pages) == []
    # Posting: who may not act is refused before his input is read (403; 404 for what he may not see); who may
    # gets past to his input (a page redirects back with the message, the API answers 400).
    secret_line = made["secret_line"].pk
    posts = {
        f"/secrecy/inventory/discrepancies/{secret_line}/resolve/": {
            **route_statuses(302, OFFICE, 404, everyone=EVERYONE),
            "anon": 302,
        },
        f"/api/secrecy/inventory/discrepancies/{secret_line}/resolve": {
            **route_statuses(400, OFFICE, 404, everyone=EVERYONE),
            **api,
        },
        f"/secrecy/inventory/copies/{request}/decide/": {
            **route_statuses(302, OFFICE, 404, everyone=EVERYONE),
            "leader1": 403,
            "anon": 302,
        },
        f"/api/secrecy/inventory/copies/{request}/decide": {
            **route_statuses(400, OFFICE, 404, everyone=EVERYONE),
            "leader1": 403,
            **api,
        },
        "/api/secrecy/inventory/counts": {**route_statuses(400, OFFICE, 403, everyone=EVERYONE), **api},
        "/secrecy/inventory/new/": {**route_statuses(400, OFFICE, 403, everyone=EVERYONE), "anon": 302},
    }
    assert wrong_post_answers(clients, posts, form={"decision": "refuse", "note": ""}) == []
    assert CopyRequest.objects.get(pk=request).state == CopyState.PENDING
    assert Inventory.objects.count() == 1
    assert made["secret_line"].__class__.objects.filter(resolved_note="").count() == 2


def _sheet(response: Any) -> str:
    book = load_workbook(io.BytesIO(response.content))
    return "\n".join(
        " ".join(str(cell or "") for cell in row) for row in book.active.iter_rows(values_only=True)
    )


def test_a_carrier_above_the_viewers_clearance_is_never_named(county: County) -> None:
    made = _made(county)
    count = made["count"].pk
    head, officer = signed_in("baomi"), signed_in("baomi2")
    page = officer.get(f"/secrecy/inventory/{count}/").content.decode()
    assert SECRET_TITLE in page and "XWB-2026-7001" in page
    assert TOP_TITLE not in page and "XWB-2026-7002" not in page and "无权查看" in page
    sheet = _sheet(officer.get(f"/secrecy/inventory/{count}/report.xlsx"))
    assert SECRET_TITLE in sheet and TOP_TITLE not in sheet and "XWB-2026-7002" not in sheet
    answer = officer.get(f"/api/secrecy/inventory/counts/{count}").json()
    assert TOP_TITLE not in json.dumps(answer, ensure_ascii=False)
    assert sorted((line["number"], line["may_resolve"]) for line in answer["lines"]) == [
        ("", False),
        ("XWB-2026-7001", True),
    ]
    full = head.get(f"/secrecy/inventory/{count}/").content.decode()
    assert SECRET_TITLE in full and TOP_TITLE in full
    assert TOP_TITLE in _sheet(head.get(f"/secrecy/inventory/{count}/report.xlsx"))
    assert AuditEvent.objects.filter(action="secrecy.inventory.export").count() == 2
    # The 重要 保密员 may not resolve the 绝密 line he cannot see.
    refused = officer.post(
        f"/secrecy/inventory/discrepancies/{made['top_line'].pk}/resolve/", {"note": "已找到"}
    )
    assert refused.status_code == 403
    # Lists and the to-do never name a carrier the viewer may not see: the outsider's lists are empty.
    outsider = signed_in("wenshu")
    for url in ("/secrecy/inventory/", "/secrecy/inventory/copies/", "/api/secrecy/inventory/copies"):
        body = outsider.get(url).content.decode()
        assert SECRET_TITLE not in body and "XWB-2026-7001" not in body, url
    leader = signed_in("leader1").get("/secrecy/inventory/copies/").content.decode()
    assert SECRET_TITLE in leader and TOP_TITLE not in leader


def test_administrators_are_refused_in_json_on_every_api_route(county: County) -> None:
    _made(county)
    clients = route_clients((), admin_username="sysadmin_inventory_api")
    answers = ask_every_api_route(clients["admin"], "/api/secrecy/inventory")
    assert len(answers) == 8
    assert not_refused_in_json(answers, statuses=(403,)) == []
