"""Who reaches the spot checks: every route of the part (pages and API) asked by the county office's duty room
(值班员, office director), by the people of the units it calls (a bureau's own 值班员 included: he must never
learn when the county will call him), by a county leader, the 督查员, the three administrators and an anonymous
visitor. Only the duty room gets through; a refused POST changes nothing; the API refuses in JSON."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.duty.conftest import County, signed_in
from zhongshu.base.roles import AdminRole
from zhongshu.duty.models import CheckResult, SpotCheck, SpotCheckRound
from zhongshu.duty.spotchecks import draw_round
from zhongshu.testing.access import ask_every_api_route, not_refused_in_json, sign_in
from zhongshu.testing.factories import make_admin

ALLOWED = ("zhiban1", "zhuren")
REFUSED = ("yjj_zb", "leader1", "leader2", "town0", "slj_llr", "yjj_jz", "ducha", "siji")
ADMINS = (AdminRole.SYSTEM_ADMIN, AdminRole.SECURITY_ADMIN, AdminRole.AUDITOR)


@pytest.fixture(autouse=True)
def _at_nine(morning: None) -> None:
    """The windows drawn here lie hours ahead of now (see the `morning` fixture)."""


def _routes(round_: SpotCheckRound, check: SpotCheck) -> list[tuple[str, str, dict[str, Any] | None]]:
    start = (timezone.localtime() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    end = (timezone.localtime() + timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M")
    draw = {"window_starts_at": start, "window_ends_at": end, "count": 1}
    return [
        ("get", "/duty/spot-checks/", None),
        ("post", "/duty/spot-checks/", draw),
        ("get", "/duty/spot-checks/results/", None),
        ("get", "/duty/spot-checks/bulletin.docx", None),
        ("get", f"/duty/spot-checks/{round_.pk}/", None),
        ("post", f"/duty/spot-checks/checks/{check.pk}/record/", {"result": "no_answer"}),
        ("get", "/api/duty/spot-checks", None),
        ("post", "/api/duty/spot-checks", draw),
        ("get", f"/api/duty/spot-checks/rounds/{round_.pk}", None),
        ("post", f"/api/duty/spot-checks/checks/{check.pk}/record", {"result": "no_answer"}),
        ("get", "/api/duty/spot-checks/results?period=2026-11", None),
        ("get", "/api/duty/spot-checks/bulletin?period=2026-11", None),
    ]


def _ask(client: Client, method: str, url: str, data: dict[str, Any] | None) -> Any:
    if method == "get":
        return client.get(url)
    if url.startswith("/api/"):
        return client.post(url, json.dumps(data), content_type="application/json")
    return client.post(url, data)


@pytest.fixture
def round_(county: County) -> SpotCheckRound:
    return draw_round(
        by=county.duty_officers[0].user,
        window_starts_at=timezone.now() + timedelta(minutes=5),
        window_ends_at=timezone.now() + timedelta(hours=3),
        scope="bureaus",
        seed=5,
    )


def test_every_spot_check_route_lets_only_the_county_duty_room_in(
    county: County, round_: SpotCheckRound
) -> None:
    check = round_.checks.get(unit=county.emergency)
    routes = _routes(round_, check)
    failures: list[str] = []
    viewers: list[tuple[str, Client]] = [(name, signed_in(name)) for name in (*REFUSED,)]
    viewers += [(str(role), sign_in(Client(), make_admin(role, f"admin_{role}"))) for role in ADMINS]
    for name, client in viewers:
        for method, url, data in routes:
            response = _ask(client, method, url, data)
            body = response.content.decode(errors="replace")
            if response.status_code not in (403, 404):
                failures.append(f"{name} {method} {url}: {response.status_code}")
            if url.startswith("/api/") and not response["Content-Type"].startswith("application/json"):
                failures.append(f"{name} {method} {url}: not JSON")
            if "县应急管理局" in body or check.phone in body:
                failures.append(f"{name} {method} {url}: shows the round")
    anonymous = Client()
    for method, url, data in routes:
        status = _ask(anonymous, method, url, data).status_code
        if status not in (302, 401, 403):
            failures.append(f"anonymous {method} {url}: {status}")
    assert failures == []
    # Nothing the refused asked for happened.
    assert SpotCheckRound.objects.count() == 1
    assert not SpotCheck.objects.exclude(result="").exists()

    for name in ALLOWED:
        client = signed_in(name)
        for method, url, data in routes:
            if method == "post":
                continue
            response = _ask(client, method, url, data)
            assert response.status_code == 200, f"{name} {method} {url}: {response.status_code}"
    client = signed_in("zhiban1")
    for method, url, data in routes:
        if method == "post":
            response = _ask(client, method, url, data)
            if url.startswith("/api/") and "/record" in url:
                # The page recorded this check a moment ago: the API answers that it is recorded already.
                assert response.status_code == 409 and response.json()["code"] == "already_recorded"
                continue
            assert response.status_code in (200, 302), f"{method} {url}: {response.status_code}"
    check.refresh_from_db()
    assert check.result == CheckResult.NO_ANSWER
    assert SpotCheckRound.objects.count() == 3


def test_the_tab_shows_to_the_county_duty_room_only(county: County, round_: SpotCheckRound) -> None:
    page = signed_in("zhiban1").get(f"/duty/spot-checks/{round_.pk}/").content.decode()
    assert 'href="/duty/spot-checks/"' in page
    # A bureau's own 值班员 sees no 值班抽查 tab on the module's pages.
    from zhongshu.accounts.models import User
    from zhongshu.duty.tabs import tabs_for

    assert "spotchecks" in [tab.name for tab in tabs_for(User.objects.get(username="zhuren"))]
    assert "spotchecks" not in [tab.name for tab in tabs_for(User.objects.get(username="yjj_zb"))]
    assert "spotchecks" not in [tab.name for tab in tabs_for(User.objects.get(username="leader1"))]


def test_every_spot_check_api_route_refuses_an_administrator_in_json(db: Any) -> None:
    admin = sign_in(Client(), make_admin(AdminRole.SYSTEM_ADMIN, "sysadmin_spotchecks"))
    answers = ask_every_api_route(admin, "/api/duty/spot-checks")
    assert len(answers) == 6
    assert not_refused_in_json(answers, code="not_duty_room") == []


def test_the_api_draws_records_and_refuses_bad_input_in_json(county: County) -> None:
    client = signed_in("zhiban1")
    start = timezone.localtime() + timedelta(hours=1)
    body = {
        "window_starts_at": start.isoformat(),
        "window_ends_at": (start - timedelta(minutes=30)).isoformat(),
        "scope": "towns",
    }
    refused = client.post("/api/duty/spot-checks", json.dumps(body), content_type="application/json")
    assert refused.status_code == 400 and refused.json()["code"] == "window_reversed"
    body["window_ends_at"] = (start + timedelta(hours=2)).isoformat()
    body["count"] = 3
    refused = client.post("/api/duty/spot-checks", json.dumps(body), content_type="application/json")
    assert refused.status_code == 400 and refused.json()["code"] == "too_many_units"
    assert not SpotCheckRound.objects.exists()
    body["count"] = 2
    body["seed"] = 42
    drawn = client.post("/api/duty/spot-checks", json.dumps(body), content_type="application/json").json()
    assert drawn["seed"] == 42 and len(drawn["checks"]) == 2
    assert {check["unit"]["name"] for check in drawn["checks"]} == {"城关镇", "河口乡"}
    assert all(check["actions"] == ["record"] and check["phone"] for check in drawn["checks"])
    first = drawn["checks"][0]
    url = f"/api/duty/spot-checks/checks/{first['id']}/record"
    refused = client.post(url, json.dumps({}), content_type="application/json")
    assert refused.status_code == 400 and refused.json()["code"] == "result_required"
    refused = client.post(url, json.dumps({"result": "maybe"}), content_type="application/json")
    assert refused.status_code == 400 and refused.json()["code"] == "unknown_result"
    future = (timezone.localtime() + timedelta(hours=1)).isoformat()
    refused = client.post(
        url, json.dumps({"result": "no_answer", "called_at": future}), content_type="application/json"
    )
    assert refused.status_code == 400 and refused.json()["code"] == "called_in_future"
    done = client.post(
        url, json.dumps({"result": "someone_else", "answered_by": "门卫"}), content_type="application/json"
    )
    assert done.status_code == 200
    row = next(check for check in done.json()["checks"] if check["id"] == first["id"])
    assert row["result"] == "someone_else" and row["answered_by"] == "门卫" and row["actions"] == []
    again = client.post(url, json.dumps({"result": "no_answer"}), content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "already_recorded"
    period = timezone.localtime(SpotCheck.objects.get(pk=first["id"]).planned_at).strftime("%Y-%m")
    results = client.get(f"/api/duty/spot-checks/results?period={period}").json()
    assert results["total"]["someone_else"] == 1 and results["absent"][0]["answered_by"] == "门卫"
    bad = client.get("/api/duty/spot-checks/results?period=2026-13")
    assert bad.status_code == 400 and bad.json()["code"] == "bad_period"
    docx = client.get(f"/api/duty/spot-checks/bulletin?period={period}")
    assert docx.status_code == 200 and docx["Content-Type"].startswith("application/vnd.openxmlformats")
