"""定密's routes asked by every kind of viewer — the anonymous, an administrator (三员), the secrecy office, the
classification officer, people of each clearance inside and outside the record's unit — the export included; and
a separate check that no list, count, search answer or export shows a title the viewer may not see."""

from __future__ import annotations

import io
import json
from typing import Any

from django.test import Client
from openpyxl import load_workbook

from tests.secrecy.classification_helpers import classified, document, propose
from tests.secrecy.conftest import County, signed_in
from zhongshu.base.roles import AdminRole
from zhongshu.testing.access import (
    ask_every_api_route,
    not_refused_in_json,
    route_clients,
    route_statuses,
    sign_in,
    wrong_get_answers,
)
from zhongshu.testing.factories import make_admin

BUSINESS = (
    "baomi",
    "baomi2",
    "jiyao",
    "wenshu",
    "zhuren",
    "leader1",
    "czj_ws",
    "cgz_ws",
    "czj_llr",
    "cgz_llr",
    "czj_kz",
    "cgz_zr",
)
# The secrecy office (保密员 of the county office) and the director (the default classification officer).
REGISTER_READERS = ("baomi", "baomi2", "jiyao", "zhuren")


def _expect(ok: int, allowed: Any, denied: int, **extra: int) -> dict[str, int]:
    return route_statuses(ok, allowed, denied, everyone=BUSINESS, **extra)


def test_every_route_answers_each_viewer_as_it_should(county: County) -> None:
    _, approved = classified(county.unit_heads[1], county.director, title="城关镇布防图")
    pending = propose(county.confidential_clerk, document(county.confidential_clerk, title="机要科待定密"))
    decision_readers = (*REGISTER_READERS, "cgz_zr")
    get_routes = {
        "/secrecy/classification/": _expect(200, BUSINESS, 0),
        "/secrecy/classification/register/": _expect(200, BUSINESS, 0),
        "/secrecy/classification/register.xlsx": _expect(200, BUSINESS, 0),
        "/secrecy/classification/review/": _expect(200, REGISTER_READERS, 403),
        "/secrecy/classification/new/": _expect(200, BUSINESS, 0),
        "/secrecy/classification/officers/": _expect(200, BUSINESS, 0),
        f"/secrecy/classification/{approved.pk}/": _expect(200, decision_readers, 404),
        f"/secrecy/classification/{pending.pk}/": _expect(200, (*REGISTER_READERS,), 404),
        "/api/secrecy/classification/decisions": _expect(200, BUSINESS, 0, anon=401),
        f"/api/secrecy/classification/decisions/{approved.pk}": _expect(200, decision_readers, 404, anon=401),
        "/api/secrecy/classification/pending": _expect(200, BUSINESS, 0, anon=401),
        "/api/secrecy/classification/review-queue": _expect(200, REGISTER_READERS, 403, anon=401),
        "/api/secrecy/classification/records?q=布防": _expect(200, BUSINESS, 0, anon=401),
        "/api/secrecy/classification/officers": _expect(200, BUSINESS, 0, anon=401),
    }
    clients = route_clients(BUSINESS, admin_username="sysadmin_classification")
    wrong = wrong_get_answers(clients, get_routes)
    # Deciding: only the officer gets past "who" (then his empty body is refused as input); one who sees the
    # decision but may not decide is refused (403); one who may not see it finds nothing (404).
    for name, page, api in (
        ("zhuren", 302, 400),
        ("baomi", 403, 403),
        ("czj_ws", 404, 404),
        ("anon", 302, 401),
        ("admin", 403, 403),
    ):
        got_page = clients[name].post(f"/secrecy/classification/{pending.pk}/decide/", {}).status_code
        got_api = (
            clients[name]
            .post(
                f"/api/secrecy/classification/decisions/{pending.pk}/decide",
                "{}",
                content_type="application/json",
            )
            .status_code
        )
        if (got_page, got_api) != (page, api):
            wrong.append(f"decide as {name}: page {got_page}, api {got_api}; expected {page}, {api}")
    for name, api in (("zhuren", 400), ("cgz_zr", 403), ("wenshu", 404)):
        got = (
            clients[name]
            .post(
                f"/api/secrecy/classification/decisions/{approved.pk}/review",
                "{}",
                content_type="application/json",
            )
            .status_code
        )
        if got != api:
            wrong.append(f"review as {name}: {got}, expected {api}")
    for name, api in (("baomi", 400), ("wenshu", 403), ("admin", 403)):
        got = clients[name].post(
            "/api/secrecy/classification/officers", "{}", content_type="application/json"
        )
        if got.status_code != api:
            wrong.append(f"name officer as {name}: {got.status_code}, expected {api}")
    assert wrong == []


def test_no_list_count_search_or_export_reveals_a_title_the_viewer_may_not_see(county: County) -> None:
    town_record, _ = classified(county.unit_heads[1], county.director, title="标记甲城关镇布防图")
    office_record, _ = classified(county.confidential_clerk, county.director, title="标记乙机要科清单")
    marks = {"标记甲": town_record, "标记乙": office_record}
    viewers = {
        "baomi": {"标记乙"},
        "zhuren": {"标记乙"},
        "cgz_zr": {"标记甲"},
        "jiyao": {"标记乙"},
        "wenshu": set(),
        "cgz_ws": set(),
        "czj_kz": set(),
    }
    urls = [
        "/secrecy/classification/",
        "/secrecy/classification/register/",
        "/secrecy/classification/review/",
        "/api/secrecy/classification/decisions",
        "/api/secrecy/classification/pending",
        "/api/secrecy/classification/review-queue",
        "/api/secrecy/classification/records?q=标记",
        "/secrecy/classification/new/?q=标记",
        "/search/results/?q=标记",
    ]
    leaks = []
    for username, allowed in viewers.items():
        client = signed_in(username)
        for url in urls:
            body = client.get(url).content.decode()
            leaks += [
                f"{username} {url} {mark}"
                for mark, record in marks.items()
                if mark not in allowed and (mark in body or f"/documents/{record.pk}/" in body)
            ]
        book = load_workbook(io.BytesIO(client.get("/secrecy/classification/register.xlsx").content))
        cells = json.dumps(
            [list(row) for row in book.active.iter_rows(values_only=True)], default=str, ensure_ascii=False
        )
        leaks += [f"{username} export {mark}" for mark in marks if mark not in allowed and mark in cells]
    assert leaks == []


def test_administrators_are_refused_in_json_on_every_api_route(county: County) -> None:
    admin = sign_in(Client(), make_admin(AdminRole.SECURITY_ADMIN, "secadmin_classification"))
    answers = ask_every_api_route(admin, "/api/secrecy/classification")
    assert len(answers) >= 8
    assert not_refused_in_json(answers, statuses=(403, 404)) == []
