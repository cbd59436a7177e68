"""The access matrix of the commissions and instructions parts: every page and API route of 约稿 and 领导批示,
asked by the anonymous, an administrator, the editors, the office director, the asked town's 信息员 and its
leader, a town not asked, the asked bureau's 信息员, a county leader and the supervisor; the item and issue
routes of 领导批示 through the whole classification matrix (testing.access.check_records); then every
/api/information/commissions and /instructions route refuses an administrator in JSON."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from tests.information.commissions_helpers import adopted_item, distributed_issue
from tests.information.conftest import County
from zhongshu.base.roles import AdminRole
from zhongshu.information import commissions, instructions
from zhongshu.information.models import InfoReport, IssueState, PublicationIssue
from zhongshu.testing.access import (
    Route,
    ask_every_api_route,
    check_records,
    not_refused_in_json,
    route_clients,
    route_statuses,
    sign_in,
    wrong_post_answers,
)
from zhongshu.testing.factories import make_admin

VIEWERS = ["anon", "admin", "bianji1", "zhuren", "town0", "town0_sj", "town1", "nyj_xxy", "leader1", "ducha"]
BUSINESS = VIEWERS[2:]
TOPIC = "秋粮收购进展约稿"


def _expect(ok: int, allowed: list[str], denied: int, *, anon: int = 302, admin: int = 403) -> dict[str, int]:
    return route_statuses(ok, allowed, denied, everyone=BUSINESS, anon=anon, admin=admin)


def test_every_route_of_the_parts_answers_each_viewer_as_it_should(county: County) -> None:
    commission = commissions.commission_issue(
        by=county.editors[0].user,
        topic=TOPIC,
        units=[county.towns[0], county.bureau],
        working_days=3,
    )
    item = adopted_item(county)  # 城关镇's, the editors and the director in its need-to-know
    issue = distributed_issue(county, item)
    instruction = instructions.instruction_record(
        by=county.leaders[0].user, issue=issue, text="请总结推广", given_on=timezone.localdate()
    )
    asked = ["bianji1", "zhuren", "town0", "town0_sj", "nyj_xxy"]
    item_readers = ["bianji1", "zhuren", "town0", "town0_sj"]  # owner unit, need-to-know
    # the 快报's readers: its leaders and units, and the office (its owner unit) where the supervisor sits
    issue_readers = BUSINESS
    get_routes = {
        "/information/commissions/": _expect(200, ["bianji1", "zhuren", "town0", "town1", "nyj_xxy"], 403),
        f"/information/commissions/{commission.pk}/": _expect(200, asked, 404),
        "/information/instructions/": _expect(200, ["bianji1", "zhuren", "leader1", "ducha"], 403),
        f"/information/instructions/item/{item.pk}/": _expect(200, item_readers, 404),
        f"/information/instructions/issue/{issue.pk}/": _expect(200, issue_readers, 404),
        "/api/information/commissions": _expect(200, BUSINESS, 0, anon=401),
        "/api/information/commissions/open": _expect(200, BUSINESS, 0, anon=401),
        f"/api/information/commissions/{commission.pk}": _expect(200, asked, 404, anon=401),
        "/api/information/instructions": _expect(200, BUSINESS, 0, anon=401),
        f"/api/information/instructions/{instruction.pk}": _expect(200, issue_readers, 404, anon=401),
    }
    clients = route_clients(BUSINESS, admin_username="sysadmin_commissions")
    wrong = []
    for url, expected in get_routes.items():
        for name, status in expected.items():
            response = clients[name].get(url)
            if response.status_code != status:
                wrong.append(f"GET {url} as {name}: {response.status_code}, expected {status}")
            elif (
                status == 200
                and "commissions" in url
                and name in ("town1", "leader1", "ducha")
                and TOPIC in response.content.decode()
            ):
                wrong.append(f"GET {url} as {name}: shows a 约稿 his unit was not asked")
    # the actions: only who may act gets past the access check (a 400/409 is the input's or the state's)
    posts = {
        "/information/commissions/": {
            "anon": 302,
            "admin": 403,
            "town0": 403,
            "leader1": 403,
            "bianji1": 400,
        },
        f"/information/commissions/{commission.pk}/cancel/": {
            "anon": 302,
            "admin": 403,
            "town1": 404,
            "town0": 403,
        },
        f"/information/instructions/issue/{issue.pk}/": {
            "anon": 302,
            "admin": 403,
            "town0": 403,
            "ducha": 403,
            "leader1": 400,
        },
        f"/information/instructions/item/{item.pk}/": {"town1": 404, "leader1": 404, "bianji1": 400},
        f"/information/instructions/{instruction.pk}/supervise/": {
            "anon": 302,
            "admin": 403,
            "bianji1": 403,
            "leader1": 403,
        },
        "/api/information/commissions": {"admin": 403, "town0": 403, "zhuren": 400},
        f"/api/information/commissions/{commission.pk}/cancel": {"town1": 404, "town0": 403},
        "/api/information/instructions": {"admin": 403, "town0": 403, "ducha": 403, "leader1": 400},
        f"/api/information/instructions/{instruction.pk}/supervise": {"bianji1": 403, "admin": 403},
    }
    wrong += wrong_post_answers(clients, posts)
    assert wrong == []
    commission.refresh_from_db()
    instruction.refresh_from_db()
    assert commission.cancelled_at is None and instruction.supervised_at is None


def _item(spec):  # type: ignore[no-untyped-def]
    item = InfoReport.objects.create(
        unit=spec.owner_unit,
        author=spec.owner_person,
        title=spec.title,
        body="矩阵测试正文",
        state="submitted",
        submitted_at=timezone.now() - timedelta(days=1),
        created_by=spec.owner_person.user,
        **spec.fields(),
    )
    return spec.apply_need_to_know(item)


def _issue(spec, publication):  # type: ignore[no-untyped-def]
    issue = PublicationIssue.objects.create(
        publication=publication,
        year=2026,
        title=spec.title,
        state=IssueState.DISTRIBUTED,
        distributed_at=timezone.now() - timedelta(days=1),
        created_by=spec.owner_person.user,
        **spec.fields(),
    )
    return spec.apply_need_to_know(issue)


def test_an_items_and_an_issues_instructions_leak_nothing(county: County) -> None:
    check_records(
        model=InfoReport, make=_item, routes=[Route("item", "/information/instructions/item/{pk}/")]
    )
    publication = county.publications["kuaibao"]
    check_records(
        model=PublicationIssue,
        make=lambda spec: _issue(spec, publication),
        routes=[Route("issue", "/information/instructions/issue/{pk}/")],
    )


def test_every_api_route_of_the_parts_refuses_an_administrator_in_json(county: County) -> None:
    admin = sign_in(Client(), make_admin(AdminRole.SYSTEM_ADMIN, "sysadmin_commissions_api"))
    answers = ask_every_api_route(admin, "/api/information/commissions", "/api/information/instructions")
    assert len(answers) == 9
    assert not_refused_in_json(answers, code="not_allowed") == []
