"""The carriers part's routes asked by every kind of viewer: anonymous, an administrator (三员), the secrecy office
at each clearance, the custodian, a person in the need-to-know and people outside it, at every state-secret level —
pages, the Excel export and the API, reads and movements. The secrecy office sees the whole ledger within its
clearance; anyone else only what they keep, hold or held; no list, count, export or link shows a title to anyone
else."""

from __future__ import annotations

import io
import json
from typing import Any

from django.test import Client
from openpyxl import load_workbook

from tests.secrecy.carriers_helpers import carrier, secret_document
from tests.secrecy.conftest import County, signed_in
from zhongshu.access.links import made_from
from zhongshu.access.policy import can, visible
from zhongshu.audit.models import AuditEvent
from zhongshu.base.levels import Classification, clearance_covers
from zhongshu.base.roles import AdminRole
from zhongshu.secrecy.models_carriers import Carrier
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

# baomi (保密办 head, 核心), baomi2 (保密员, 重要), jiyao (机要员 and 保密员, 核心, the custodian), zhuren (office
# director, 核心: keeps the ledger too), leader1 (核心, outside), wenshu (一般), czj_kz (重要, another unit),
# cgz_ws (非涉密).
EVERYONE = ("baomi", "baomi2", "jiyao", "zhuren", "leader1", "wenshu", "czj_kz", "cgz_ws")
KEEPERS = ("baomi", "baomi2", "jiyao", "zhuren")


def _made(county: County) -> dict[str, Carrier]:
    return {
        "secret": carrier(county, title="机密载体甲号", people=(county.unit_heads[0],)),
        "top": carrier(county, title="绝密载体乙号", classification=Classification.TOP_SECRET),
        "confidential": carrier(county, title="秘密载体丙号", classification=Classification.CONFIDENTIAL),
    }


def test_every_viewer_sees_exactly_the_carriers_the_rule_gives_them(county: County) -> None:
    """clearance × level × relation (secrecy office, custodian, need-to-know, outside), through the policy and
    the carrier's page and API, generated from the rule as the issue states it."""
    made = _made(county)
    people = {person.user.username: person for person in Person_all(county)}
    wrong = []
    for username, person in people.items():
        client = signed_in(username)
        for record in made.values():
            related = (
                username in KEEPERS
                or record.owner_person_id == person.pk
                or record.need_to_know_people.filter(pk=person.pk).exists()
            )
            expected = related and clearance_covers(person.clearance, record.classification)
            if can(person.user, record) != expected:
                wrong.append(f"can {username} {record.title}")
            page = client.get(f"/secrecy/carriers/{record.pk}/")
            api = client.get(f"/api/secrecy/carriers/{record.pk}")
            want = 200 if expected else 404
            if (page.status_code, api.status_code) != (want, want):
                wrong.append(f"{username} {record.title}: page {page.status_code} api {api.status_code}")
            if expected and record.title not in page.content.decode():
                wrong.append(f"{username} {record.title}: title missing")
            listed = record.title in client.get("/secrecy/carriers/").content.decode()
            rows = client.get("/api/secrecy/carriers").json()["carriers"]
            in_api = record.title in [row["title"] for row in rows]
            if listed != expected or in_api != expected:
                wrong.append(f"{username} {record.title}: list {listed} api list {in_api}")
    assert wrong == []


def Person_all(county: County) -> list[Any]:  # noqa: N802 - reads as a phrase in the test above
    return [
        county.secrecy_head,
        county.secrecy_officer,
        county.confidential_clerk,
        county.director,
        county.leader,
        county.office_clerk,
        county.unit_heads[0],
        county.clerks[1],
    ]


def test_the_routes_answer_each_kind_of_viewer(county: County) -> None:
    made = _made(county)
    secret = made["secret"]
    clients = route_clients(EVERYONE, admin_username="sysadmin_carriers")
    everyone = route_statuses(200, EVERYONE, 403, everyone=EVERYONE)
    seeing = ("baomi", "baomi2", "jiyao", "zhuren", "czj_kz")  # the head of 财政局 is in its need-to-know
    gets = {
        "/secrecy/": route_statuses(302, EVERYONE, 403, everyone=EVERYONE),
        "/secrecy/carriers/": everyone,
        "/secrecy/carriers/mine/": everyone,
        "/secrecy/carriers/cabinets/": everyone,
        "/secrecy/carriers/export.xlsx": everyone,
        "/secrecy/carriers/new/": route_statuses(200, KEEPERS, 403, everyone=EVERYONE),
        f"/secrecy/carriers/{secret.pk}/": route_statuses(200, seeing, 404, everyone=EVERYONE),
        "/api/secrecy/carriers": route_statuses(200, EVERYONE, 403, everyone=EVERYONE, anon=401),
        "/api/secrecy/carriers/mine": route_statuses(200, EVERYONE, 403, everyone=EVERYONE, anon=401),
        "/api/secrecy/carriers/cabinets": route_statuses(200, EVERYONE, 403, everyone=EVERYONE, anon=401),
        f"/api/secrecy/carriers/{secret.pk}": route_statuses(200, seeing, 404, everyone=EVERYONE, anon=401),
    }
    assert wrong_get_answers(clients, gets) == []
    # Movements: the secrecy office gets past the access check (then its empty form is refused as input, 400 in
    # the API, a message on the page); the 财政局 head sees the carrier but may not lend it (403); the rest do
    # not see it (404).
    lend = {"baomi": 400, "baomi2": 400, "jiyao": 400, "zhuren": 400, "czj_kz": 403}
    posts = {
        f"/api/secrecy/carriers/{secret.pk}/borrow": {
            "anon": 401,
            "admin": 403,
            **{name: lend.get(name, 404) for name in EVERYONE},
        },
        f"/secrecy/carriers/{secret.pk}/borrow/": {
            "anon": 302,
            "admin": 403,
            **{name: {400: 302}.get(lend.get(name, 404), lend.get(name, 404)) for name in EVERYONE},
        },
        "/api/secrecy/carriers": {
            "anon": 401,
            "admin": 403,
            **{name: 400 if name in KEEPERS else 403 for name in EVERYONE},
        },
    }
    assert wrong_post_answers(clients, posts) == []
    assert Carrier.objects.get(pk=secret.pk).state == "in_cabinet"


def test_the_export_lists_only_what_the_viewer_may_see_and_is_audited(county: County) -> None:
    made = _made(county)

    def titles(username: str) -> list[str]:
        response = signed_in(username).get("/secrecy/carriers/export.xlsx")
        book = load_workbook(io.BytesIO(response.content))
        return sorted(row[2] for row in book.active.iter_rows(min_row=2, values_only=True))

    assert titles("baomi") == sorted(record.title for record in made.values())
    assert titles("baomi2") == sorted([made["secret"].title, made["confidential"].title])
    assert titles("czj_kz") == [made["secret"].title]
    assert titles("leader1") == []
    assert AuditEvent.objects.filter(action="secrecy.carrier.export").count() == 4


def test_counts_and_links_count_only_what_the_viewer_may_see(county: County) -> None:
    _made(county)
    document = secret_document(county)
    from zhongshu.documents.services import document_print_copy

    document_print_copy(document=document, by=county.confidential_clerk.user)
    head = signed_in("baomi").get("/api/secrecy/carriers").json()
    officer = signed_in("baomi2").get("/api/secrecy/carriers").json()
    outsider = signed_in("leader1").get("/api/secrecy/carriers").json()
    assert (head["counts"]["total"], officer["counts"]["total"], outsider["counts"]["total"]) == (4, 3, 0)
    assert made_from(document, county.leader.user) == []
    assert visible(Carrier.objects.all(), county.leader.user).count() == 0


def test_administrators_see_nothing_and_every_api_route_refuses_them_in_json(county: County) -> None:
    record = carrier(county)
    admin = sign_in(Client(), make_admin(AdminRole.SECURITY_ADMIN, "secadmin_carriers"))
    for url in ("/secrecy/carriers/", f"/secrecy/carriers/{record.pk}/", "/secrecy/carriers/export.xlsx"):
        assert admin.get(url).status_code == 403, url
    answers = ask_every_api_route(admin, "/api/secrecy/carriers", path_id=str(record.pk))
    assert len(answers) >= 12
    assert not_refused_in_json(answers, statuses=(403,)) == []
    response = admin.post(
        f"/api/secrecy/carriers/{record.pk}/destroy", data=json.dumps({}), content_type="application/json"
    )
    assert response.status_code == 403
