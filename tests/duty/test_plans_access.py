"""The plans part's routes under access: the incident's plan and instructions (API) through the whole
clearance × scope matrix, every page and action of 预案演练 by role (the duty room keeps plans and drills,
leaders and supervisors read them, a town's liaison and the administrators do not), and the API's refusals
as JSON to an administrator."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from tests.duty.conftest import signed_in
from tests.duty.plans_helpers import make_incident, make_plan
from zhongshu.accounts.models import User
from zhongshu.base.roles import AdminRole, Role
from zhongshu.duty import drills, incident_joints, plans
from zhongshu.duty.models import Incident, IncidentInstruction, Severity
from zhongshu.org.models import Person
from zhongshu.testing.access import Population, Route, check_records, sign_in


def test_incident_plan_and_instructions_leak_nothing(db):
    population = Population()
    supervisors, _ = Group.objects.get_or_create(name=Role.SUPERVISOR.value)
    for viewer in population.viewers:
        if viewer.kind == "business" and viewer.user is not None:
            viewer.user.groups.add(supervisors)  # the plans part's pages are open to them; the policy decides
    leader = Person.objects.create(
        user=User.objects.create(username="mx_plans_leader"),
        name="矩阵领导",
        unit=population.owner_unit,
        is_leader=True,
    )
    learned = timezone.now() - timedelta(hours=3)

    def make(spec):  # type: ignore[no-untyped-def]
        incident = Incident.objects.create(
            title=spec.title,
            category="natural",
            subtype="水旱灾害",
            severity=Severity.IV,
            place="矩阵乡",
            occurred_at=learned,
            learned_at=learned,
            unit=spec.owner_unit,
            opened_by=spec.owner_person.user,
            **spec.fields(),
        )
        IncidentInstruction.objects.create(
            incident=incident,
            leader=leader,
            text=f"{spec.marker}批示",
            given_at=learned,
            recorded_by=spec.owner_person.user,
        )
        return spec.apply_need_to_know(incident)

    report = check_records(
        model=Incident,
        make=make,
        population=population,
        routes=[
            Route("incident plan api", "/api/duty/incidents/{pk}/plan"),
            Route("instructions api", "/api/duty/incidents/{pk}/instructions"),
        ],
    )
    assert report.requests > 0


def _admin_client() -> Client:
    user = User.objects.create(username="sysadmin_plans", admin_role=AdminRole.SYSTEM_ADMIN.value)
    return sign_in(Client(), user)


@pytest.fixture
def records(county):  # type: ignore[no-untyped-def]
    plan = make_plan(county)
    step = plan.steps.first()
    incident = make_incident(county)
    plans.incident_choose_plan(by=county.duty_officers[0].user, incident=incident, plan=plan)
    drill = drills.drill_plan(
        by=county.duty_officers[0].user,
        title="防汛演练",
        plan=plan,
        scenario="山洪",
        held_on=timezone.localdate() - timedelta(days=1),
        units=[county.water],
    )
    instruction = incident_joints.instruction_record(
        by=county.duty_officers[0].user,
        incident=incident,
        leader=county.leaders[0],
        text="迅速处置",
        given_at=incident.learned_at + timedelta(minutes=5),
    )
    return {
        "plan": plan.pk,
        "step": step.pk,
        "incident": incident.pk,
        "drill": drill.pk,
        "instr": instruction.pk,
    }


READ_PAGES = ["/duty/plans/", "/duty/plans/{plan}/", "/duty/drills/", "/duty/drills/{drill}/"]
READ_API = [
    "/api/duty/plans",
    "/api/duty/plans/{plan}",
    "/api/duty/drills",
    "/api/duty/drills/{drill}",
    "/api/duty/incidents/{incident}/plan",
    "/api/duty/incidents/{incident}/instructions",
]
# POSTs with a body the duty room's service refuses as bad input (400), so the matrix changes nothing;
# the others are refused before (403).
EDIT_PAGES = [
    "/duty/plans/",
    "/duty/plans/{plan}/",
    "/duty/plans/{plan}/steps/",
    "/duty/drills/",
    "/duty/drills/{drill}/record/",
    "/duty/incidents/{incident}/plan/",
    "/duty/incidents/{incident}/steps/",
]
EDIT_API = [
    ("post", "/api/duty/plans"),
    ("put", "/api/duty/plans/{plan}"),
    ("post", "/api/duty/plans/{plan}/steps"),
    ("post", "/api/duty/drills"),
    ("post", "/api/duty/drills/{drill}/record"),
    ("post", "/api/duty/incidents/{incident}/plan"),
    ("post", "/api/duty/incidents/{incident}/plan/steps"),
]


def test_every_route_by_role(county, records):
    readers = {
        "zhiban1": True,
        "zhuren": True,
        "leader1": True,
        "ducha": True,
        "town0": False,
        "slj_llr": False,
    }
    for username, may_read in readers.items():
        client = signed_in(username)
        for url in READ_PAGES + READ_API:
            status = client.get(url.format(**records)).status_code
            assert status == (200 if may_read else 403), (username, url, status)
    editors = {"zhiban1": True, "zhuren": True, "leader1": False, "ducha": False, "town0": False}
    for username, may_edit in editors.items():
        client = signed_in(username)
        for url in EDIT_PAGES:
            status = client.post(url.format(**records), {}).status_code
            assert status == (400 if may_edit else 403), (username, url, status)
        for method, url in EDIT_API:
            status = getattr(client, method)(
                url.format(**records), {}, content_type="application/json"
            ).status_code
            assert status == (400 if may_edit else 403), (username, url, status)
    # removing a step, and the supervisor's actions
    assert signed_in("leader1").post("/duty/plans/steps/{step}/remove/".format(**records)).status_code == 403
    assert signed_in("zhiban1").post("/duty/drills/{drill}/rectify/".format(**records)).status_code == 403
    supervise = "/duty/incidents/{incident}/instructions/{instr}/supervise/".format(**records)
    assert signed_in("zhiban1").post(supervise).status_code == 403
    assert signed_in("town0").post(supervise).status_code == 403
    # a leader records his own instruction; a town's liaison may not
    assert (
        signed_in("town0").post("/duty/incidents/{incident}/instructions/".format(**records), {}).status_code
        == 403
    )
    assert (
        signed_in("leader1")
        .post("/duty/incidents/{incident}/instructions/".format(**records), {})
        .status_code
        == 400
    )
    anonymous = Client()
    for url in READ_PAGES:
        assert anonymous.get(url.format(**records)).status_code == 302


def test_api_refuses_an_administrator_in_json(county, records):
    client = _admin_client()
    urls = (
        [("get", url) for url in READ_API]
        + EDIT_API
        + [
            ("post", "/api/duty/plans/steps/{step}/delete"),
            ("post", "/api/duty/drills/{drill}/rectify"),
            ("post", "/api/duty/incidents/{incident}/instructions"),
            ("post", "/api/duty/incidents/{incident}/instructions/{instr}/supervise"),
        ]
    )
    for method, url in urls:
        kwargs = {"content_type": "application/json", "data": {}} if method != "get" else {}
        response = getattr(client, method)(url.format(**records), **kwargs)
        assert response.status_code == 403, (url, response.status_code)
        assert response["Content-Type"].startswith("application/json"), url
        assert response.json()["code"] == "not_allowed", url
    for url in READ_PAGES:
        assert client.get(url.format(**records)).status_code == 403
