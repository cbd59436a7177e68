"""The personnel part's routes asked by every kind of viewer: who is cleared at what level is itself sensitive,
so the ledger, the posts, the export and everyone's file are the 保密办's and the office director's; a person
sees his own file and departure (his own clearance on them); the security administrator sees only his queue
(names, units, posts and levels); the other administrators and everyone else nothing. Every API route refuses
the administrators in JSON."""

from __future__ import annotations

import io
from datetime import date

from django.test import Client
from openpyxl import load_workbook

from tests.secrecy.conftest import County
from tests.secrecy.personnel_helpers import cleared_post, leave
from zhongshu.audit.models import AuditEvent
from zhongshu.base.levels import Clearance
from zhongshu.secrecy import personnel
from zhongshu.testing.access import (
    ask_every_api_route,
    not_refused_in_json,
    route_clients,
    sign_in,
    wrong_get_answers,
    wrong_post_answers,
)

KEEPERS = ("baomi", "baomi2", "jiyao", "zhuren")
OTHERS = ("wenshu", "leader1", "czj_kz", "cgz_ws")
EVERYONE = (*KEEPERS, *OTHERS, "secadmin")


def _statuses(ok: dict[str, int], rest: int, *, anon: int, admin: int = 403) -> dict[str, int]:
    return {"anon": anon, "admin": admin, **{name: ok.get(name, rest) for name in EVERYONE}}


def _clients(county: County) -> dict[str, Client]:
    clients = route_clients([*KEEPERS, *OTHERS], admin_username="sysadmin_personnel_access")
    clients["secadmin"] = sign_in(Client(), county.security_admin)
    return clients


def _setup(county: County) -> tuple[int, int]:
    """周文书 (wenshu) held a 一般 post and left it; 李机要 holds a 核心 post."""
    cleared_post(county, "机要密码员", Clearance.CORE, holders=(county.confidential_clerk,))
    ordinary = cleared_post(county, "收发员", Clearance.ORDINARY, holders=(county.office_clerk,))
    departure = leave(county, county.office_clerk, ordinary, date.today())
    return county.office_clerk.pk, departure.pk


def test_every_personnel_route_answers_each_viewer(county: County) -> None:
    clerk, departure = _setup(county)
    clients = _clients(county)
    keepers = dict.fromkeys(KEEPERS, 200)
    own = {**keepers, "wenshu": 200}
    redirected_to_own = {**keepers, **dict.fromkeys(OTHERS, 302)}
    gets = {
        "/secrecy/personnel/": _statuses(redirected_to_own, 403, anon=302),
        "/secrecy/personnel/posts/": _statuses(keepers, 403, anon=302),
        "/secrecy/personnel/export.xlsx": _statuses(keepers, 403, anon=302),
        f"/secrecy/personnel/people/{clerk}/": _statuses(own, 404, anon=302) | {"secadmin": 403},
        f"/secrecy/personnel/departures/{departure}/": _statuses(own, 404, anon=302) | {"secadmin": 403},
        "/secrecy/personnel/clearance-queue/": _statuses({"secadmin": 200}, 403, anon=302),
        "/api/secrecy/personnel/people": _statuses(keepers, 403, anon=401),
        f"/api/secrecy/personnel/people/{clerk}": _statuses(own, 404, anon=401) | {"secadmin": 403},
        "/api/secrecy/personnel/posts": _statuses(keepers, 403, anon=401),
        f"/api/secrecy/personnel/departures/{departure}": _statuses(own, 404, anon=401) | {"secadmin": 403},
        "/api/secrecy/personnel/clearance-queue": _statuses({"secadmin": 200}, 403, anon=401),
    }
    assert wrong_get_answers(clients, gets) == []
    # Past the access check only the keepers get (a 400 for the empty input); the person himself may read his
    # file but not write it (403); anyone else finds no such person (404).
    writer = {**dict.fromkeys(KEEPERS, 400), "wenshu": 403}
    posts = {
        f"/secrecy/personnel/people/{clerk}/trainings/": _statuses(writer, 404, anon=302) | {"secadmin": 403},
        f"/api/secrecy/personnel/people/{clerk}/trainings": _statuses(writer, 404, anon=401)
        | {"secadmin": 403},
        f"/api/secrecy/personnel/people/{clerk}/departures": _statuses(writer, 404, anon=401)
        | {"secadmin": 403},
        f"/api/secrecy/personnel/departures/{departure}/talk": _statuses(writer, 404, anon=401)
        | {"secadmin": 403},
        # 周文书 left his post: the security administrator's apply takes it away and lowers his clearance.
        f"/api/secrecy/personnel/clearance-queue/{clerk}/apply": _statuses({"secadmin": 200}, 403, anon=401),
    }
    assert wrong_post_answers(clients, posts) == []


def test_the_clearance_shows_to_the_keepers_and_the_person_alone(county: County) -> None:
    clerk, _ = _setup(county)
    clients = _clients(county)
    page = f"/secrecy/personnel/people/{clerk}/"
    assert 'data-field="clearance"' in clients["wenshu"].get(page).content.decode()
    assert 'data-field="clearance"' in clients["baomi"].get(page).content.decode()
    ledger = clients["zhuren"].get("/secrecy/personnel/").content.decode()
    assert "李机要" in ledger and "核心" in ledger
    # Someone else's file: the same answer as a person who does not exist, and the attempt is not a leak.
    assert (
        clients["leader1"].get(f"/secrecy/personnel/people/{county.confidential_clerk.pk}/").status_code
        == 404
    )
    assert (
        clients["wenshu"].get(f"/secrecy/personnel/people/{county.confidential_clerk.pk}/").status_code == 404
    )
    # The ledger's export is the keepers' and audited.
    sheet = load_workbook(io.BytesIO(clients["baomi"].get("/secrecy/personnel/export.xlsx").content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "李机要" in names and "周文书" in names
    assert AuditEvent.objects.filter(action="secrecy.personnel.export").count() == 1


def test_the_security_admin_sees_names_units_posts_and_levels_only(county: County) -> None:
    head = county.secrecy_head.user
    core = cleared_post(county, "机要密码员", Clearance.CORE)
    personnel.vetting_record(
        by=head,
        person=county.secrecy_officer,
        post=core,
        kind="onboard",
        result="passed",
        vetted_on=date.today(),
        vetted_by=county.secrecy_head,
        note="政审合格，家庭成员无境外关系",
    )
    admin = sign_in(Client(), county.security_admin)
    page = admin.get("/secrecy/personnel/clearance-queue/").content.decode()
    assert "孙保密" in page and "机要密码员" in page and "核心" in page
    assert "政审合格" not in page  # the vetting's opinion is the 保密办's, not the queue's
    body = admin.get("/api/secrecy/personnel/clearance-queue").json()
    assert [(row["name"], row["target"]) for row in body] == [("孙保密", Clearance.CORE)]
    answers = ask_every_api_route(admin, "/api/secrecy/personnel")
    refused = [answer for answer in answers if "clearance-queue" not in answer.path]
    assert len(refused) >= 11
    assert not_refused_in_json(refused, statuses=(403,)) == []


def test_administrators_are_refused_in_json_on_every_route(county: County) -> None:
    _setup(county)
    clients = _clients(county)
    answers = ask_every_api_route(clients["admin"], "/api/secrecy/personnel")
    assert len(answers) >= 13
    assert not_refused_in_json(answers, statuses=(403,)) == []
    for url in ("/secrecy/personnel/", "/secrecy/personnel/posts/", "/secrecy/personnel/clearance-queue/"):
        assert clients["admin"].get(url).status_code == 403, url
