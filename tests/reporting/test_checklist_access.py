"""The access matrix of the checklist and filings parts: every page and API route, asked by the anonymous, an
administrator, the office's 文书 and 督查员 and director (who keep the lists), a county leader, the 财政局's
liaison, 文书 and head (whose list and filing it is), and the 教育局's and 城关镇's liaisons (who must see
neither). Then every /api/reporting route of the two parts refuses an administrator in JSON."""

from __future__ import annotations

import json
from datetime import date

from django.test import Client

from tests.reporting.checklist_helpers import add_line, report_file
from zhongshu.attachments.services import attachments_of
from zhongshu.base.roles import AdminRole
from zhongshu.reporting.filings import PURPOSE, file_lightly
from zhongshu.testing.access import (
    ask_every_api_route,
    not_refused_in_json,
    route_clients,
    route_statuses,
    sign_in,
    wrong_get_answers,
    wrong_post_answers,
)
from zhongshu.testing.factories import make_admin

VIEWERS = [
    "anon",
    "admin",
    "wenshu",
    "ducha",
    "zhuren",
    "leader1",
    "czj_llr",
    "czj_ws",
    "czj_jz",
    "jyj_llr",
    "cgz_llr",
]
BUSINESS = VIEWERS[2:]
KEEPERS = ["wenshu", "ducha", "zhuren"]
CZJ = ["czj_llr", "czj_ws", "czj_jz"]


def _expect(ok: int, allowed: list[str], denied: int, *, anon: int = 302, admin: int = 403) -> dict[str, int]:
    return route_statuses(ok, allowed, denied, everyone=BUSINESS, anon=anon, admin=admin)


def test_every_route_of_the_parts_answers_each_viewer_as_it_should(county):
    line = add_line(county)
    filing = file_lightly(
        line=line,
        period_start=date(2026, 10, 1),
        title="十月报告",
        uploads=[report_file()],
        by=county.liaisons[0].user,
    )
    attachment = attachments_of(filing, PURPOSE).get()
    get_routes = {
        "/reporting/checklist/": _expect(200, BUSINESS, 0),
        "/reporting/checklist/new/": _expect(200, KEEPERS, 403),
        f"/reporting/checklist/{line.pk}/": _expect(200, KEEPERS + CZJ, 404),
        "/reporting/checklist/export/": _expect(200, BUSINESS, 0),
        "/reporting/filings/": _expect(200, BUSINESS, 0),
        f"/reporting/filings/new/?line={line.pk}": _expect(200, BUSINESS, 0),
        f"/reporting/filings/{filing.pk}/": _expect(200, KEEPERS + CZJ, 404),
        f"/reporting/filings/{filing.pk}/files/{attachment.pk}/": _expect(200, KEEPERS + CZJ, 404),
        "/api/reporting/checklist": _expect(200, BUSINESS, 0, anon=401),
        f"/api/reporting/checklist/{line.pk}": _expect(200, KEEPERS + CZJ, 404, anon=401),
        "/api/reporting/filings": _expect(200, BUSINESS, 0, anon=401),
        f"/api/reporting/filings/{filing.pk}": _expect(200, KEEPERS + CZJ, 404, anon=401),
    }
    clients = route_clients(BUSINESS, admin_username="sysadmin_checklist")
    wrong = wrong_get_answers(clients, get_routes)
    # the actions: only who may act gets past the access check (a 400/409 is the input's or the state's)
    posts = {
        "/reporting/checklist/new/": {
            "anon": 302,
            "admin": 403,
            "czj_llr": 403,
            "leader1": 403,
            "wenshu": 400,
        },
        f"/reporting/checklist/{line.pk}/edit/": {"admin": 403, "czj_llr": 403, "jyj_llr": 404, "ducha": 400},
        f"/reporting/checklist/{line.pk}/retire/": {"czj_jz": 403, "cgz_llr": 404, "zhuren": 400},
        f"/reporting/checklist/{line.pk}/delete/": {"czj_ws": 403, "jyj_llr": 404, "wenshu": 409},
        "/reporting/filings/new/": {"anon": 302, "admin": 403, "czj_llr": 400, "jyj_llr": 400},
        "/api/reporting/checklist": {"admin": 403, "czj_llr": 403, "wenshu": 400},
        f"/api/reporting/checklist/{line.pk}/edit": {"czj_llr": 403, "jyj_llr": 404, "wenshu": 400},
        f"/api/reporting/checklist/{line.pk}/retire": {"czj_llr": 403, "cgz_llr": 404, "wenshu": 400},
        f"/api/reporting/checklist/{line.pk}/delete": {"czj_llr": 403, "jyj_llr": 404, "wenshu": 409},
        "/api/reporting/filings": {"admin": 403, "czj_llr": 400},
    }
    wrong += wrong_post_answers(clients, posts)
    # a unit's filer naming another unit's line is refused as if it did not exist
    response = clients["jyj_llr"].post(
        "/api/reporting/filings",
        data=json.dumps({"line": line.pk, "period_start": "2026-11-01", "title": "越权"}),
        content_type="application/json",
    )
    if response.status_code != 400 or response.json().get("code") != "unknown_line":
        wrong.append(
            f"POST /api/reporting/filings another unit's line: {response.status_code} {response.content!r}"
        )
    assert wrong == []
    line.refresh_from_db()
    assert line.version == 1 and line.filings.count() == 1


def test_every_checklist_and_filings_api_route_refuses_an_administrator_in_json(county):
    admin = sign_in(Client(), make_admin(AdminRole.SYSTEM_ADMIN, "sysadmin_checklist_api"))
    answers = ask_every_api_route(admin, "/api/reporting/checklist", "/api/reporting/filings")
    assert len(answers) == 9
    assert not_refused_in_json(answers, code="not_allowed") == []
