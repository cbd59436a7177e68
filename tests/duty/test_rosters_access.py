"""The rosters part's access matrix: every route (pages, DOCX, API) asked by every kind of viewer — the duty
room, a county leader, an office clerk, a bureau's duty officer, two units' liaisons, the three administrators
and the anonymous — over a draft and a published roster of the county office and a draft of the 应急管理局.

Who reads what: the duty room and the county leaders read every roster; anyone else reads their own unit's
rosters and the published rosters of every unit; a roster one may not read answers 404 as one that does not
exist. Who changes: a unit's liaison or duty officer manages their own unit's, the duty room every unit's; a
leader or a clerk manages none (403). The administrators use no duty page (403) and get JSON refusals from the
API; the anonymous are sent to sign in."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.duty.conftest import signed_in
from zhongshu.base.roles import AdminRole
from zhongshu.duty import rosters
from zhongshu.duty.models import DutyRoster, RosterState
from zhongshu.testing.access import sign_in
from zhongshu.testing.factories import make_admin

BUSINESS = ["zhuren", "zhiban1", "leader1", "siji", "yjj_zb", "town0", "slj_llr"]
MANAGERS_OF = {"XWB": {"zhuren", "zhiban1"}, "YJJ": {"zhuren", "zhiban1", "yjj_zb"}}
MANAGES_SOMETHING = {"zhuren", "zhiban1", "yjj_zb", "town0", "slj_llr"}


@pytest.fixture
def three(county):
    by = county.director.user
    draft = rosters.roster_generate(
        by, county.office, date(2026, 3, 2), date(2026, 3, 8), title="办公室草稿MARKA"
    )
    published = rosters.roster_generate(
        by, county.office, date(2026, 3, 9), date(2026, 3, 15), title="办公室已发布MARKB"
    )
    rosters.roster_publish(by, published.pk)
    bureau = rosters.roster_generate(
        by, county.emergency, date(2026, 3, 2), date(2026, 3, 8), title="应急局草稿MARKC"
    )
    return {"A": draft, "B": published, "C": bureau}


def may_read(username: str, key: str) -> bool:
    if username in {"zhuren", "zhiban1", "leader1"} or key == "B":
        return True
    return (key == "A" and username == "siji") or (key == "C" and username == "yjj_zb")


READ_ROUTES = [
    "/duty/rosters/{pk}/",
    "/duty/rosters/{pk}/docx/",
    "/duty/rosters/{pk}/docx/?scope=week&day=2026-03-04",
    "/api/duty/rosters/{pk}",
    "/api/duty/rosters/{pk}/docx",
]


def clients():
    from django.contrib.auth.models import AnonymousUser  # noqa: F401
    from django.test import Client

    out = {name: signed_in(name) for name in BUSINESS}
    for role in AdminRole:
        out[role.value] = sign_in(Client(), make_admin(role))
    out["anonymous"] = Client()
    return out


def test_every_roster_route_answers_each_viewer_as_specified(county, three):
    failures = []
    for name, client in clients().items():
        kind = "business" if name in BUSINESS else ("anonymous" if name == "anonymous" else "admin")
        for key, roster in three.items():
            marker = roster.title[-5:]
            for route in READ_ROUTES:
                url = route.format(pk=roster.pk)
                response = client.get(url)
                api = url.startswith("/api/")
                if kind == "anonymous":
                    ok = response.status_code in ({401, 403} if api else {302})
                elif kind == "admin":
                    ok = response.status_code == 403
                    if api:
                        ok = ok and response.json()["code"] == "not_allowed"
                elif may_read(name, key):
                    ok = response.status_code == 200
                    if "docx" not in url:
                        ok = ok and marker in response.content.decode()
                else:
                    ok = response.status_code == 404 and marker not in response.content.decode()
                if not ok:
                    failures.append((name, key, url, response.status_code))
            # Changes: publish, delete and a hand edit of the draft, by everyone not managing it, refused.
            if kind == "business" and name not in MANAGERS_OF.get(roster.unit.code, set()):
                for action in ("publish", "delete", "edit"):
                    for url in (
                        f"/duty/rosters/{roster.pk}/{action}/",
                        f"/api/duty/rosters/{roster.pk}/{action if action != 'edit' else 'shifts'}",
                    ):
                        response = client.post(url, {"version": roster.version})
                        if response.status_code not in {403, 404}:
                            failures.append((name, key, "POST " + url, response.status_code))
        # Lists: 200 for business viewers, with exactly the markers they may read.
        for url in ("/duty/rosters/", "/api/duty/rosters"):
            response = client.get(url)
            if kind == "business":
                body = response.content.decode()
                shown = {key for key, roster in three.items() if roster.title[-5:] in body}
                expected_keys = {key for key in three if may_read(name, key)}
                if response.status_code != 200 or shown != expected_keys:
                    failures.append((name, "list", url, response.status_code, shown))
            elif (
                kind == "admin"
                and response.status_code != 403
                or kind == "anonymous"
                and response.status_code not in ({302} if not url.startswith("/api/") else {401, 403})
            ):
                failures.append((name, "list", url, response.status_code))
        # The generate form and the configuration: for managers only.
        for url in ("/duty/rosters/new/", "/duty/rosters/settings/", "/api/duty/rosters/config"):
            response = client.get(url)
            if kind == "business":
                expected_status = 200 if name in MANAGES_SOMETHING else 403
            elif kind == "admin":
                expected_status = 403
            else:
                expected_status = 401 if url.startswith("/api/") else 302
            if response.status_code != expected_status and not (
                kind == "anonymous" and response.status_code in {401, 403}
            ):
                failures.append((name, "form", url, response.status_code))
        for url in ("/duty/rosters/settings/sensitive_period/", "/api/duty/rosters/config/sensitive_period"):
            response = client.post(url, {"name": "x", "starts_on": "2026-03-01", "ends_on": "2026-03-02"})
            if name in {"zhuren", "zhiban1"}:
                continue
            if response.status_code not in ({302, 401, 403} if kind == "anonymous" else {403}):
                failures.append((name, "config", url, response.status_code))
    assert not failures, failures
    # Nothing changed under the refusals.
    for key, roster in three.items():
        fresh = DutyRoster.objects.get(pk=roster.pk)
        assert fresh.state == (RosterState.PUBLISHED if key == "B" else RosterState.DRAFT)
        assert fresh.shifts.count() == (14 if key == "C" else 21)  # the office rosters a driver too
        assert fresh.version == (2 if key == "B" else 1)


def test_the_api_refuses_an_administrator_with_json_on_every_route(county, three):
    from django.test import Client

    client = sign_in(Client(), make_admin(AdminRole.SYSTEM_ADMIN))
    pk = three["A"].pk
    calls = [
        ("get", "/api/duty/rosters"),
        ("post", "/api/duty/rosters"),
        ("get", "/api/duty/rosters/config"),
        ("post", "/api/duty/rosters/config/role"),
        ("get", f"/api/duty/rosters/{pk}"),
        ("post", f"/api/duty/rosters/{pk}/shifts"),
        ("post", f"/api/duty/rosters/{pk}/publish"),
        ("post", f"/api/duty/rosters/{pk}/delete"),
        ("get", f"/api/duty/rosters/{pk}/docx"),
    ]
    for method, url in calls:
        response = (
            getattr(client, method)(url, data=json.dumps({}), content_type="application/json")
            if method == "post"
            else client.get(url)
        )
        assert response.status_code == 403, url
        assert response["Content-Type"].startswith("application/json"), url
        assert response.json()["code"] == "not_allowed", url
