"""保密工作's routes × every kind of viewer: the anonymous, an administrator (三员), the 保密办 (its 保密员, the
机要员 and the office director), the office's 文书 and a county leader, and each unit's people — its part-time
secrecy administrator, a person who took the test, colleagues who did not. None of these records is classified;
their scopes decide: the administrators are everyone's to read (his own unit's), a meeting its attendees', the
banks (with their keys) the 保密办's alone, a test its takers' and their unit administrator's, an attempt its
taker's, his unit administrator's and the 保密办's."""

from __future__ import annotations

from django.test import Client
from django.utils import timezone

from tests.secrecy.conftest import County
from tests.secrecy.duties_helpers import open_test
from zhongshu.base.roles import AdminRole
from zhongshu.secrecy import duties
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

OFFICE = ["baomi", "baomi2", "jiyao", "zhuren"]  # keep the ledgers: the 保密办, the 机要员, the director
OTHERS = ["wenshu", "leader1"]  # the office's 文书 and a county leader: not takers of the units' test
FINANCE = ["czj_ws", "czj_llr", "czj_kz"]  # czj_kz is its part-time administrator; czj_ws took the test
TOWN = ["cgz_ws", "cgz_llr", "cgz_zr"]
EVERYONE = [*OFFICE, *OTHERS, *FINANCE, *TOWN]


def _made(county: County) -> dict[str, int]:
    head = county.secrecy_head.user
    test = open_test(county)
    duties.administrator_appoint(
        by=head,
        unit=county.units[0],
        department=None,
        person=county.unit_heads[0],
        appointed_on=timezone.localdate(),
    )
    meeting = duties.meeting_record(
        by=head,
        held_on=timezone.localdate(),
        title="保密教育",
        kind="education",
        attendees=[county.clerks[0]],
    )
    attempt = duties.attempt_start(by=county.clerks[0].user, test=test)
    duties.attempt_submit(by=county.clerks[0].user, attempt=attempt, answers={})
    assert test.bank is not None
    return {
        "test": test.pk,
        "bank": test.bank.pk,
        "question": duties.sheet(test)[0].pk,
        "meeting": meeting.pk,
        "attempt": attempt.pk,
    }


def test_every_duties_route_answers_each_viewer_as_it_should(county: County) -> None:
    ids = _made(county)
    clients = route_clients(EVERYONE, admin_username="sysadmin_duties")

    def page(ok: list[str], denied: int) -> dict[str, int]:
        return route_statuses(200, ok, denied, everyone=EVERYONE)

    def api(ok: list[str], denied: int) -> dict[str, int]:
        return route_statuses(200, ok, denied, everyone=EVERYONE, anon=401)

    takers = [*OFFICE, *FINANCE, *TOWN]
    attempt_readers = [*OFFICE, "czj_ws", "czj_kz"]
    meeting_readers = [*OFFICE, "czj_ws"]
    gets = {
        "/secrecy/": {"anon": 302, "admin": 403},
        "/secrecy/duties/administrators/": page(EVERYONE, 403),
        "/secrecy/duties/meetings/": page(EVERYONE, 403),
        "/secrecy/duties/meetings/new/": page(OFFICE, 403),
        f"/secrecy/duties/meetings/{ids['meeting']}/": page(meeting_readers, 404),
        "/secrecy/duties/banks/": page(OFFICE, 403),
        f"/secrecy/duties/banks/{ids['bank']}/": page(OFFICE, 403),
        f"/secrecy/duties/banks/{ids['bank']}/import/": page(OFFICE, 403),
        "/secrecy/duties/tests/": page(EVERYONE, 403),
        "/secrecy/duties/tests/new/": page(OFFICE, 403),
        f"/secrecy/duties/tests/{ids['test']}/": page(takers, 404),
        f"/secrecy/duties/attempts/{ids['attempt']}/": page(attempt_readers, 404),
        "/api/secrecy/duties/administrators": api(EVERYONE, 403),
        "/api/secrecy/duties/meetings": api(EVERYONE, 403),
        f"/api/secrecy/duties/meetings/{ids['meeting']}": api(meeting_readers, 404),
        "/api/secrecy/duties/banks": api(OFFICE, 403),
        f"/api/secrecy/duties/banks/{ids['bank']}": api(OFFICE, 403),
        "/api/secrecy/duties/tests": api(EVERYONE, 403),
        f"/api/secrecy/duties/tests/{ids['test']}": api(takers, 404),
        f"/api/secrecy/duties/attempts/{ids['attempt']}": api(attempt_readers, 404),
    }
    assert wrong_get_answers(clients, gets) == []

    # Posts with nothing in them: who may act gets past the access check to the input's refusal (400) or,
    # for a page, a redirect with the message; the rest are refused before.
    def post(ok: list[str], passed: int, denied: int, anon: int = 302) -> dict[str, int]:
        return route_statuses(passed, ok, denied, everyone=EVERYONE, anon=anon)

    posts = {
        "/secrecy/duties/administrators/appoint/": post(OFFICE, 400, 403),
        "/secrecy/duties/meetings/new/": post(OFFICE, 400, 403),
        "/secrecy/duties/banks/": post(OFFICE, 400, 403),
        f"/secrecy/duties/banks/{ids['bank']}/questions/": post(OFFICE, 400, 403),
        "/secrecy/duties/tests/new/": post(OFFICE, 400, 403),
        # Every taker may start; who started and handed in is sent back to the test with the refusal.
        f"/secrecy/duties/tests/{ids['test']}/start/": {
            **post([*FINANCE, *TOWN], 302, 404),
            **{name: 403 for name in OFFICE},
        },
        f"/secrecy/duties/attempts/{ids['attempt']}/submit/": {
            **post(["czj_ws"], 302, 404),
            **{name: 403 for name in [*OFFICE, "czj_kz"]},
        },
        "/api/secrecy/duties/administrators": post(OFFICE, 400, 403, anon=401),
        "/api/secrecy/duties/meetings": post(OFFICE, 400, 403, anon=401),
        "/api/secrecy/duties/banks": post(OFFICE, 400, 403, anon=401),
        f"/api/secrecy/duties/banks/{ids['bank']}/questions": post(OFFICE, 400, 403, anon=401),
        "/api/secrecy/duties/tests": post(OFFICE, 400, 403, anon=401),
        f"/api/secrecy/duties/attempts/{ids['attempt']}/submit": {
            **post(["czj_ws"], 400, 404, anon=401),
            **{name: 403 for name in [*OFFICE, "czj_kz"]},
        },
    }
    assert wrong_post_answers(clients, posts) == []


def test_the_office_alone_allows_a_retake_and_retires_a_question(county: County) -> None:
    ids = _made(county)
    clients = route_clients(EVERYONE, admin_username="sysadmin_duties2")
    posts = {
        f"/api/secrecy/duties/attempts/{ids['attempt']}/retake": {
            "anon": 401,
            "admin": 403,
            **{name: 403 for name in [*OTHERS, *FINANCE, *TOWN]},
            "baomi": 200,
        },
        f"/api/secrecy/duties/questions/{ids['question']}/retire": {
            "anon": 401,
            "admin": 403,
            **{name: 403 for name in [*OTHERS, *FINANCE, *TOWN]},
            "baomi": 200,
        },
    }
    assert wrong_post_answers(clients, posts) == []


def test_administrators_are_refused_every_api_route_in_json(county: County) -> None:
    _made(county)
    admin = sign_in(Client(), make_admin(AdminRole.SYSTEM_ADMIN, "sysadmin_duties3"))
    answers = ask_every_api_route(admin, "/api/secrecy/duties")
    assert len(answers) == 18
    assert not_refused_in_json(answers, statuses=(403,)) == []
    security = sign_in(Client(), county.security_admin)
    assert security.get("/secrecy/duties/administrators/").status_code == 403
