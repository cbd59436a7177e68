"""The access matrix of the submissions part: every page and API route asked by the anonymous, an administrator,
the town's own writer and leader, another town's writer and leader, a bureau's writer, an editor of the office,
the office director and a county leader. A town's draft (only its own unit may see it), its submitted item (the
office too) and its 问题 item awaiting sign-off are what could leak. Then every /api/information/items route
refuses an administrator in JSON."""

from __future__ import annotations

from django.test import Client

from tests.information.conftest import County
from tests.information.submissions_helpers import draft
from zhongshu.base.roles import AdminRole
from zhongshu.information import submissions
from zhongshu.information.models import InfoType, ItemState
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
    "town0",
    "town0_sj",
    "town1",
    "town1_sj",
    "nyj_xxy",
    "bianji1",
    "zhuren",
    "leader1",
]
BUSINESS = VIEWERS[2:]


def _expect(ok: int, allowed: list[str], denied: int, *, anon: int = 302, admin: int = 403) -> dict[str, int]:
    return route_statuses(ok, allowed, denied, everyone=BUSINESS, anon=anon, admin=admin)


def test_every_route_of_the_part_answers_each_viewer_as_it_should(county: County) -> None:
    writer = county.town_writers[0]
    kept = draft(writer, title="草稿")
    sent = submissions.item_submit(item=draft(writer, title="已报送"), by=writer.user)
    waiting = submissions.item_submit(
        item=draft(writer, title="待签发", info_type=InfoType.PROBLEM), by=writer.user
    )
    own_unit = ["town0", "town0_sj"]
    with_office = [*own_unit, "bianji1", "zhuren", "leader1"]
    writers = [
        "town0",
        "town1",
        "nyj_xxy",
        "bianji1",
    ]  # the office's 信息员 are writers of the office's items
    leaders = ["town0_sj", "town1_sj", "leader1"]
    get_routes = {
        "/information/items/": _expect(200, BUSINESS, 0),
        "/information/items/new/": _expect(200, writers, 403),
        "/information/items/sign-off/": _expect(200, leaders, 403),
        f"/information/items/{kept.pk}/": _expect(200, own_unit, 404),
        f"/information/items/{sent.pk}/": _expect(200, with_office, 404),
        f"/information/items/{waiting.pk}/": _expect(200, own_unit, 404),
        f"/information/items/{kept.pk}/edit/": {**_expect(404, [], 404), "town0": 200, "town0_sj": 403},
        "/api/information/items": _expect(200, BUSINESS, 0, anon=401),
        "/api/information/items/to-sign": _expect(200, BUSINESS, 0, anon=401),
        f"/api/information/items/{kept.pk}": _expect(200, own_unit, 404, anon=401),
        f"/api/information/items/{sent.pk}": _expect(200, with_office, 404, anon=401),
    }
    clients = route_clients(BUSINESS, admin_username="sysadmin_items")
    wrong = wrong_get_answers(clients, get_routes)
    posts = {
        f"/information/items/{waiting.pk}/sign_off/": {
            "anon": 302,
            "admin": 403,
            "town1_sj": 404,
            "bianji1": 404,
            "town0": 403,
            "leader1": 404,
        },
        f"/information/items/{waiting.pk}/send_back/": {"town1_sj": 404, "town0": 403, "nyj_xxy": 404},
        f"/information/items/{sent.pk}/submit/": {"anon": 302, "town0": 409, "bianji1": 403, "town1": 404},
        f"/information/items/{kept.pk}/submit/": {"town1": 404, "bianji1": 404, "town0_sj": 403},
        f"/information/items/{kept.pk}/edit/": {"town1": 404, "zhuren": 404, "town0_sj": 403, "town0": 400},
        "/information/items/new/": {"anon": 302, "admin": 403, "leader1": 403, "zhuren": 403, "town1": 400},
        f"/api/information/items/{waiting.pk}/sign-off": {"admin": 403, "town1_sj": 404, "town0": 403},
        f"/api/information/items/{waiting.pk}/send-back": {"bianji1": 404, "town0": 403, "town0_sj": 400},
        f"/api/information/items/{kept.pk}/edit": {"town1": 404, "town0_sj": 403, "town0": 400},
        f"/api/information/items/{kept.pk}/submit": {"town1": 404, "bianji1": 404},
        "/api/information/items": {"admin": 403, "leader1": 403, "town1": 400},
    }
    wrong += wrong_post_answers(clients, posts)
    assert wrong == []
    for item, state in (
        (kept, ItemState.DRAFT),
        (sent, ItemState.SUBMITTED),
        (waiting, ItemState.AWAITING_SIGN_OFF),
    ):
        item.refresh_from_db()
        assert item.state == state


def test_every_items_api_route_refuses_an_administrator_in_json(county: County) -> None:
    admin = sign_in(Client(), make_admin(AdminRole.SYSTEM_ADMIN, "sysadmin_items_api"))
    answers = ask_every_api_route(admin, "/api/information/items")
    assert len(answers) == 8
    assert not_refused_in_json(answers, code="not_allowed") == []
