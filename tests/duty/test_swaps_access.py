"""The access matrix of the swaps part: every page and API route of 当前值班, 换班 and 报备, asked by the
anonymous, an administrator, the person on the shift, the county duty room, the office director, a county
leader, a bureau's own 值班员, a bureau's liaison and a town's liaison. A swap of the county office's shift and
a call to the water bureau and one town are what could leak. Then every /api/duty route of the part refuses
an administrator in JSON."""

from __future__ import annotations

from datetime import date

from django.test import Client

from zhongshu.base.roles import AdminRole
from zhongshu.duty import roster_calls, swaps
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

DAY = date(2027, 10, 3)
VIEWERS = ["anon", "admin", "zhiban1", "zhiban2", "zhuren", "leader1", "yjj_zb", "slj_llr", "town0"]
BUSINESS = VIEWERS[2:]


def _expect(ok: int, allowed: list[str], denied: int, *, anon: int = 302, admin: int = 403) -> dict[str, int]:
    return route_statuses(ok, allowed, denied, everyone=BUSINESS, anon=anon, admin=admin)


def test_every_route_of_the_part_answers_each_viewer_as_it_should(county):
    shift = county.put_shift(county.duty_officers[0], DAY)
    other = county.put_shift(county.duty_officers[0], DAY.replace(day=4))
    swap = swaps.swap_request(
        shift=shift, to_person=county.duty_officers[1], reason="家中有事", by=county.duty_officers[0].user
    )
    call = roster_calls.call_issue(
        title="国庆值班表报备",
        starts_on=date(2027, 10, 1),
        ends_on=date(2027, 10, 7),
        due_on=date(2027, 9, 25),
        units=[county.water, county.towns[0]],
        by=county.director.user,
    )
    office_people = ["zhiban1", "zhiban2", "zhuren", "leader1"]  # the county office (leaders sit in it)
    duty_room = ["zhiban1", "zhiban2", "zhuren"]
    called = ["zhiban1", "zhiban2", "zhuren", "slj_llr", "town0"]
    get_routes = {
        "/duty/on-duty/": _expect(200, BUSINESS, 0),
        "/duty/swaps/": _expect(200, BUSINESS, 0),
        f"/duty/swaps/new/?shift={other.pk}": _expect(200, ["zhiban1", *duty_room], 403),
        f"/duty/swaps/{swap.pk}/": _expect(200, office_people, 404),
        "/duty/roster-calls/": _expect(200, BUSINESS, 0),
        f"/duty/roster-calls/{call.pk}/": _expect(200, called, 404),
        "/api/duty/on-duty": _expect(200, BUSINESS, 0, anon=401),
        "/api/duty/swaps": _expect(200, BUSINESS, 0, anon=401),
        f"/api/duty/swaps/{swap.pk}": _expect(200, office_people, 404, anon=401),
        "/api/duty/roster-calls": _expect(200, BUSINESS, 0, anon=401),
        f"/api/duty/roster-calls/{call.pk}": _expect(200, called, 404, anon=401),
    }
    clients = route_clients(BUSINESS, admin_username="sysadmin_swaps")
    wrong = wrong_get_answers(clients, get_routes)
    # the actions: only who may act gets past the access check (a 400/409 is the input's or the state's)
    posts = {
        f"/duty/swaps/{swap.pk}/refuse/": {
            "anon": 302,
            "admin": 403,
            "yjj_zb": 404,
            "town0": 404,
            "zhiban1": 403,
        },
        "/duty/roster-calls/": {"anon": 302, "admin": 403, "town0": 403, "yjj_zb": 403, "zhuren": 400},
        f"/duty/roster-calls/{call.pk}/file/": {"anon": 302, "admin": 403, "yjj_zb": 404, "town0": 400},
        "/duty/swaps/new/": {"anon": 302, "admin": 403, "town0": 403},
        f"/api/duty/swaps/{swap.pk}/refuse": {"admin": 403, "yjj_zb": 404, "zhiban1": 403},
        f"/api/duty/swaps/{swap.pk}/withdraw": {"zhuren": 403, "town0": 404},
        "/api/duty/roster-calls": {"admin": 403, "slj_llr": 403, "zhuren": 400},
        f"/api/duty/roster-calls/{call.pk}/file": {"yjj_zb": 404, "slj_llr": 400},
        "/api/duty/swaps": {"admin": 403, "town0": 400},
    }
    wrong += wrong_post_answers(clients, posts, form={"shift": shift.pk})
    assert wrong == []
    swap.refresh_from_db()
    assert swap.state == "pending"


def test_every_swaps_api_route_refuses_an_administrator_in_json(county):
    admin = sign_in(Client(), make_admin(AdminRole.SYSTEM_ADMIN, "sysadmin_swaps_api"))
    answers = ask_every_api_route(admin, "/api/duty/swaps", "/api/duty/roster-calls", "/api/duty/on-duty")
    assert len(answers) == 11
    assert not_refused_in_json(answers, code="not_allowed") == []
