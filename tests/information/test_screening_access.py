"""The access matrix of the screening part: every page and API route of 信息编辑, asked by the anonymous, an
administrator, the two editors of the county office's 信息科, the office director (an editor), the writer whose
town submitted the item, the other town's writer, the bureau's writer, a county leader and the supervisor.
Only editors open the queue and act; the item's own town follows it on its page; the other units get nothing.
Then every /api/information/screening route refuses an administrator in JSON, and a town's writer too."""

from __future__ import annotations

from django.test import Client

from tests.information.conftest import County, signed_in
from tests.information.screening_helpers import FLOOD_A, FLOOD_B, submitted
from zhongshu.base.roles import AdminRole
from zhongshu.information.models import DuplicateFlag, InfoReport, ItemState
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

BUSINESS = ["bianji1", "bianji2", "zhuren", "town0", "town1", "nyj_xxy", "leader1", "ducha"]
EDITORS = ["bianji1", "bianji2", "zhuren"]
# The county office holds the submitted item in its need-to-know: its leaders and supervisor see the page
# (with no sections and no actions); the submitting town sees its own item.
SEE_ITEM = [*EDITORS, "town0", "leader1", "ducha"]


def _expect(ok: int, allowed: list[str], denied: int, *, anon: int = 302, admin: int = 403) -> dict[str, int]:
    return route_statuses(ok, allowed, denied, everyone=BUSINESS, anon=anon, admin=admin)


def test_every_route_of_the_part_answers_each_viewer_as_it_should(county: County) -> None:
    other = submitted(
        county.town_writers[1], "河口乡做好青龙河防汛", FLOOD_B, office_unit_id=county.office.pk, hours_ago=3
    )
    item = submitted(
        county.town_writers[0], "城关镇全力应对青龙河汛情", FLOOD_A, office_unit_id=county.office.pk
    )
    flag = DuplicateFlag.objects.get(item=item)
    get_routes = {
        "/information/screening/": _expect(200, EDITORS, 403),
        f"/information/screening/items/{item.pk}/": _expect(200, SEE_ITEM, 404),
        "/api/information/screening/queue": _expect(200, EDITORS, 403, anon=401),
        f"/api/information/screening/items/{item.pk}": _expect(200, EDITORS, 403, anon=401),
    }
    clients = route_clients(BUSINESS, admin_username="sysadmin_screening")
    wrong = wrong_get_answers(clients, get_routes)
    # The actions: only editors get past the access check (a 400 is the input's: an empty reason).
    not_seen = {"town1": 404, "nyj_xxy": 404}
    seen_not_editor = {"town0": 403, "leader1": 403, "ducha": 403}
    posts: dict[str, dict[str, int]] = {}
    for action in ("return", "merge", "edit", "adopt", "mark_false"):
        page_statuses = {"anon": 302, "admin": 403, **not_seen, **seen_not_editor}
        api_statuses = {"admin": 403, "town0": 403, "town1": 403, "leader1": 403}
        if action in ("return", "edit", "merge"):
            page_statuses["bianji1"] = api_statuses["bianji2"] = 400
        posts[f"/information/screening/items/{item.pk}/{action}/"] = page_statuses
        posts[f"/api/information/screening/items/{item.pk}/{action}"] = api_statuses
    posts[f"/information/screening/flags/{flag.pk}/dismiss/"] = {
        "anon": 302,
        "admin": 403,
        **not_seen,
        **seen_not_editor,
    }
    posts[f"/api/information/screening/flags/{flag.pk}/dismiss"] = {"admin": 403, "town0": 403, "town1": 403}
    wrong += wrong_post_answers(clients, posts)
    assert wrong == []
    item.refresh_from_db()
    other.refresh_from_db()
    assert item.state == other.state == ItemState.SUBMITTED
    assert InfoReport.objects.get(pk=item.pk).versions.count() == 1
    flag.refresh_from_db()
    assert flag.dismissed_at is None


def test_every_screening_api_route_refuses_an_administrator_and_a_writer_in_json(county: County) -> None:
    admin = sign_in(Client(), make_admin(AdminRole.SYSTEM_ADMIN, "sysadmin_screening_api"))
    answers = ask_every_api_route(admin, "/api/information/screening")
    assert len(answers) == 8
    assert not_refused_in_json(answers, code="not_editor") == []
    writer = ask_every_api_route(signed_in("town0"), "/api/information/screening")
    assert not_refused_in_json(writer, code="not_editor") == []
