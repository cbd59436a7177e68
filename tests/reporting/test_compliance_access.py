"""Who sees which unit's compliance (应报尽报): every page and API route of the part, asked by the anonymous, an
administrator, the county office's 文书, 督查员 and director (every unit), a county leader (the office's own
unit), a bureau's liaison and 文书 and a town's head (their own unit only), and a person with no reporting role
(nothing). Then every /api/reporting/compliance route refuses an administrator in JSON."""

from __future__ import annotations

from typing import Any

from django.test import Client

from tests.reporting.compliance_helpers import make_october
from tests.reporting.conftest import signed_in
from zhongshu.audit.models import AuditEvent
from zhongshu.base.roles import AdminRole
from zhongshu.testing.access import ask_every_api_route, not_refused_in_json, sign_in
from zhongshu.testing.factories import make_admin, make_person

OFFICE = ["wenshu", "ducha", "zhuren"]
UNIT_PEOPLE = ["leader1", "czj_llr", "jyj_ws", "cgz_jz"]
VIEWERS = ["anon", "admin", *OFFICE, *UNIT_PEOPLE, "nobody"]
P = "?period=2026-10"


def _expect(allowed: dict[str, int], rest: int, *, anon: int = 302, admin: int = 403) -> dict[str, int]:
    table = {"anon": anon, "admin": admin, "nobody": 403}
    for name in [*OFFICE, *UNIT_PEOPLE]:
        table[name] = allowed.get(name, rest)
    return table


def test_every_route_answers_each_viewer_as_it_should(county: Any) -> None:
    make_october(county)
    czj, jyj, cgz = county.units
    make_person("无角色人员", unit=czj, username="nobody")
    office = {name: 200 for name in OFFICE}
    routes = {
        f"/reporting/compliance/{P}": _expect(office, 302),
        f"/reporting/compliance/units/{czj.pk}/{P}": _expect({**office, "czj_llr": 200}, 404),
        f"/reporting/compliance/units/{cgz.pk}/{P}": _expect({**office, "cgz_jz": 200}, 404),
        f"/reporting/compliance/units/{county.office.pk}/{P}": _expect({**office, "leader1": 200}, 404),
        f"/reporting/compliance/export.xlsx{P}": _expect(office, 403),
        f"/api/reporting/compliance{P}": _expect(office, 403, anon=401),
        f"/api/reporting/compliance/units/{jyj.pk}{P}": _expect({**office, "jyj_ws": 200}, 404, anon=401),
    }
    clients = {
        "anon": Client(),
        "admin": sign_in(Client(), make_admin(AdminRole.SYSTEM_ADMIN, "sysadmin_compliance")),
    }
    clients.update({name: signed_in(name) for name in VIEWERS[2:]})
    wrong = []
    for url, expected in routes.items():
        for name, status in expected.items():
            got = clients[name].get(url).status_code
            if got != status:
                wrong.append(f"GET {url} as {name}: {got}, expected {status}")
    assert wrong == []


def test_the_office_sees_all_units_and_a_unit_only_its_own(county: Any) -> None:
    make_october(county)
    czj, jyj, cgz = county.units
    keeper = signed_in("wenshu")
    page = keeper.get(f"/reporting/compliance/{P}").content.decode()
    assert all(name in page for name in ("县财政局", "县教育局", "城关镇"))
    api = keeper.get(f"/api/reporting/compliance{P}").json()
    assert [row["unit"]["name"] for row in api["units"]] == ["城关镇", "县财政局", "县教育局"]

    liaison = signed_in("czj_llr")
    answer = liaison.get(f"/reporting/compliance/{P}")
    assert answer.status_code == 302 and answer["Location"].startswith(
        f"/reporting/compliance/units/{czj.pk}/"
    )
    own = liaison.get(answer["Location"]).content.decode()
    assert "财政收支月报" in own and "城关镇" not in own and "安全生产月报" not in own
    detail = liaison.get(f"/api/reporting/compliance/units/{czj.pk}{P}").json()
    assert detail["unit"]["name"] == "县财政局" and len(detail["lines"]) == 3
    # Asking for another unit is refused like a unit that does not exist, and audited.
    before = AuditEvent.objects.filter(action="access.denied.view").count()
    assert liaison.get(f"/api/reporting/compliance/units/{cgz.pk}{P}").json()["code"] == "not_found"
    assert AuditEvent.objects.filter(action="access.denied.view").count() == before + 1


def test_every_compliance_api_route_refuses_an_administrator_in_json(county: Any) -> None:
    admin = sign_in(Client(), make_admin(AdminRole.AUDITOR, "auditor_compliance"))
    answers = ask_every_api_route(admin, "/api/reporting/compliance")
    assert len(answers) == 2
    assert not_refused_in_json(answers, code="compliance_forbidden") == []
