"""The access matrix of the scoring part: every page and API route asked by the anonymous, an administrator,
a town's writer and its leader, another town's writer, a bureau's writer, an editor, the office director, a
county leader and the office's 督查员 (who has no part in information scoring). What could leak: a unit's
breakdown to another unit's writer, the whole ranking or the 通报 to a writer, an item's adoptions to another
unit. Then every /api/information/scoring route refuses an administrator in JSON."""

from __future__ import annotations

from datetime import date

from django.test import Client

from tests.information import scoring_helpers as h
from tests.information.conftest import signed_in
from zhongshu.base.roles import AdminRole
from zhongshu.information.models import UpwardAdoption
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

VIEWERS = ["anon", "admin", "town0", "town0_sj", "town1", "nyj_xxy", "bianji1", "zhuren", "leader1", "ducha"]
BUSINESS = VIEWERS[2:]


def _expect(ok: int, allowed: list[str], denied: int, *, anon: int = 302, admin: int = 403) -> dict[str, int]:
    return route_statuses(ok, allowed, denied, everyone=BUSINESS, anon=anon, admin=admin)


def test_every_route_of_the_part_answers_each_viewer_as_it_should(county):
    table = h.table(county, "2026年计分办法", date(2026, 1, 1), mode="cumulative", adoption={"city": 20})
    it = h.item(county, county.town_writers[0], "城关镇动态", submitted=date(2026, 3, 1))
    adoption = h.upward(county, it, "city", "市委办公室《每日要情》", "2026年第9期", date(2026, 3, 5))
    cgz = county.towns[0].pk
    ranking_readers = ["town0", "town0_sj", "town1", "nyj_xxy", "bianji1", "zhuren", "leader1"]
    all_units = ["town0_sj", "bianji1", "zhuren", "leader1"]  # editors, the director, leaders
    sees_item = ["town0", "town0_sj", "bianji1", "zhuren", "leader1", "ducha"]  # its unit and the office
    q = "period=month&year=2026&number=3"
    get_routes = {
        "/information/scoring/": _expect(200, ranking_readers, 403),
        f"/information/scoring/?{q}": _expect(200, ranking_readers, 403),
        f"/information/scoring/units/{cgz}/?{q}": _expect(200, [*all_units, "town0"], 403),
        f"/information/scoring/bulletin.docx?{q}": _expect(200, all_units, 403),
        "/information/scoring/rules/": _expect(200, ranking_readers, 403),
        f"/information/scoring/rules/{table.pk}/": _expect(200, ranking_readers, 403),
        "/api/information/scoring/rule-tables": _expect(200, ranking_readers, 403, anon=401),
        f"/api/information/scoring/rule-tables/{table.pk}": _expect(200, ranking_readers, 403, anon=401),
        f"/api/information/scoring/ranking?{q}": _expect(200, ranking_readers, 403, anon=401),
        f"/api/information/scoring/units/{cgz}/breakdown?{q}": _expect(
            200, [*all_units, "town0"], 403, anon=401
        ),
        f"/api/information/scoring/items/{it.pk}/adoptions": _expect(200, sees_item, 404, anon=401),
    }
    clients = route_clients(BUSINESS, admin_username="sysadmin_scoring")
    wrong = wrong_get_answers(clients, get_routes)
    posts = {
        "/information/scoring/rules/": {
            "anon": 302,
            "admin": 403,
            "town0": 403,
            "leader1": 403,
            "bianji1": 400,
        },
        f"/information/scoring/rules/{table.pk}/": {"town0": 403, "leader1": 403, "bianji1": 409},
        f"/information/scoring/rules/{table.pk}/delete/": {"anon": 302, "admin": 403, "town0": 302},
        f"/information/scoring/items/{it.pk}/adoptions/": {
            "anon": 302,
            "admin": 403,
            "town0": 403,
            "town1": 404,
            "leader1": 403,
            "bianji1": 302,
        },
        f"/information/scoring/adoptions/{adoption.pk}/delete/": {"town1": 404, "town0": 403, "leader1": 403},
        "/api/information/scoring/rule-tables": {"admin": 403, "town0": 403, "leader1": 403, "bianji1": 400},
        f"/api/information/scoring/rule-tables/{table.pk}": {"town0": 403, "bianji1": 409},
        f"/api/information/scoring/rule-tables/{table.pk}/delete": {"town0": 403, "zhuren": 409},
        f"/api/information/scoring/items/{it.pk}/adoptions": {"town1": 404, "town0": 403, "bianji1": 400},
        f"/api/information/scoring/adoptions/{adoption.pk}/delete": {"town1": 404, "town0": 403},
    }
    wrong += wrong_post_answers(clients, posts)
    assert wrong == []
    assert UpwardAdoption.objects.filter(pk=adoption.pk).exists()


def test_a_writer_sees_only_his_own_units_line(county):
    h.table(county, "2026年计分办法", date(2026, 1, 1), mode="cumulative", adoption={"city": 20})
    it = h.item(county, county.town_writers[1], "河口乡动态", submitted=date(2026, 3, 1))
    h.upward(county, it, "city", "市委办公室《每日要情》", "2026年第9期", date(2026, 3, 5))
    page = signed_in("town0").get("/information/scoring/?period=month&year=2026&number=3").content.decode()
    assert "城关镇" in page and "河口乡" not in page
    body = signed_in("town0").get("/api/information/scoring/ranking?period=month&year=2026&number=3").json()
    assert [line["name"] for line in body["lines"]] == ["城关镇"]
    assert body["lines"][0]["rank"] == 2  # 河口乡 is first with 20; the three others share 2nd
    everything = (
        signed_in("zhuren").get("/api/information/scoring/ranking?period=month&year=2026&number=3").json()
    )
    assert len(everything["lines"]) == 4


def test_every_scoring_api_route_refuses_an_administrator_in_json(county):
    admin = sign_in(Client(), make_admin(AdminRole.SYSTEM_ADMIN, "sysadmin_scoring_api"))
    answers = ask_every_api_route(admin, "/api/information/scoring")
    assert len(answers) == 10
    assert not_refused_in_json(answers, code="not_allowed") == []
