"""The incidents part's routes in the access matrix (every clearance × scope × classification): the list, the
incident page, its printable timeline, and the API's list, incident and timeline. The routes the matrix
cannot read for a marker (the DOCX, the report forms) and the clocks, which are no records, are asked here
one by one; every API route refuses an administrator in JSON."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from tests.duty.conftest import County, signed_in
from zhongshu.base.roles import AdminRole
from zhongshu.duty.clocks import ensure_default_clocks
from zhongshu.duty.incident_reports import file_report
from zhongshu.duty.models import Channel, Incident, ReportKind
from zhongshu.org.models import Person
from zhongshu.testing.access import (
    RecordSpec,
    Route,
    ask_every_api_route,
    check_records,
    not_refused_in_json,
    sign_in,
)
from zhongshu.testing.factories import make_admin

LEARNED = timezone.make_aware(datetime(2026, 7, 14, 23, 5))


def make_incident(spec: RecordSpec) -> Incident:
    incident = Incident.objects.create(
        title=spec.title,
        category="natural",
        subtype="水旱灾害",
        severity="III",
        place=f"{spec.marker}所在地",
        occurred_at=LEARNED - timedelta(minutes=20),
        learned_at=LEARNED,
        unit=spec.owner_unit,
        opened_by=spec.owner_person.user,
        **spec.fields(),
    )
    return spec.apply_need_to_know(incident)


def test_the_incident_routes_leak_nothing(db: Any) -> None:
    ensure_default_clocks()
    report = check_records(
        model=Incident,
        make=make_incident,
        routes=[
            Route("incident list", "/duty/incidents/"),
            Route("incident page", "/duty/incidents/{pk}/"),
            Route("printable timeline", "/duty/incidents/{pk}/timeline/"),
            Route("api list", "/api/duty/incidents"),
            Route("api incident", "/api/duty/incidents/{pk}"),
            Route("api timeline", "/api/duty/incidents/{pk}/timeline"),
        ],
    )
    assert report.requests > 0


def _incident(county: County, **fields: Any) -> Incident:
    return Incident.objects.create(
        title="县城内涝",
        category="natural",
        severity="IV",
        place="县城",
        occurred_at=LEARNED,
        learned_at=LEARNED,
        unit=county.office,
        owner_unit=county.office,
        opened_by=county.duty_officers[0].user,
        **fields,
    )


def test_docx_and_report_forms_answer_as_the_incident_does(county: County) -> None:
    ensure_default_clocks()
    incident = _incident(county)
    sent = file_report(
        incident=incident,
        by=county.duty_officers[0].user,
        kind=ReportKind.FIRST,
        channel=Channel.PHONE,
        sent_at=LEARNED + timedelta(minutes=10),
        sent_by=county.duty_officers[0],
        sent_to="市委总值班室",
        body="电话报告",
        now=LEARNED + timedelta(minutes=11),
    )
    urls = [
        f"/duty/incidents/{incident.pk}/reports/{sent.pk}/docx/",
        f"/duty/incidents/{incident.pk}/timeline.docx",
        f"/duty/incidents/{incident.pk}/reports/follow-up/",
    ]
    officer, leader = signed_in("zhiban1"), signed_in("leader4")
    liaison = signed_in("town0")  # a town's liaison: the county office's 内部 incident is not theirs
    for url in urls:
        assert officer.get(url).status_code == 200, url
        assert liaison.get(url).status_code == 404, url
    assert leader.get(urls[0]).status_code == 200
    # A leader reads the incident but files nothing: the form is refused, and not offered on the page.
    assert leader.get(urls[2]).status_code == 403
    page = leader.get(f"/duty/incidents/{incident.pk}/").content.decode()
    assert 'data-action="file_' not in page
    assert 'data-action="file_follow-up"' in officer.get(f"/duty/incidents/{incident.pk}/").content.decode()
    assert officer.get(f"/duty/incidents/{incident.pk}/reports/nonsense/").status_code == 404
    assert officer.get(f"/duty/incidents/{incident.pk}/reports/{sent.pk + 99}/docx/").status_code == 404
    assert liaison.get("/duty/incidents/new/").status_code == 403
    assert officer.get("/duty/incidents/new/").status_code == 200
    assert Client().get("/duty/incidents/").status_code == 302


def test_the_clock_pages_open_to_the_duty_room_and_leaders_and_only_the_director_changes_them(
    county: County,
) -> None:
    ensure_default_clocks()
    assert signed_in("zhiban1").get("/duty/clocks/").status_code == 200
    assert signed_in("leader1").get("/duty/clocks/").status_code == 200
    assert signed_in("town0").get("/duty/clocks/").status_code == 403
    form = {"category": "", "severity": "IV", "phone_minutes": "45", "written_minutes": "90"}
    assert signed_in("zhiban1").post("/duty/clocks/", form).status_code == 403
    assert signed_in("zhuren").post("/duty/clocks/", form).status_code == 302
    admin = sign_in(Client(), make_admin(AdminRole.SYSTEM_ADMIN, "sysadmin_clocks"))
    assert admin.get("/duty/clocks/").status_code == 403
    assert admin.get("/duty/incidents/").status_code == 403
    api = signed_in("zhiban1").post("/api/duty/clocks", json.dumps(form), content_type="application/json")
    assert api.status_code == 403 and api.json()["code"] == "not_allowed"


def test_every_incidents_api_route_refuses_an_administrator_in_json(county: County) -> None:
    admin = sign_in(Client(), make_admin(AdminRole.SYSTEM_ADMIN, "sysadmin_incidents"))
    answers = ask_every_api_route(admin, "/api/duty/incidents", "/api/duty/clocks")
    assert len(answers) >= 8
    assert not_refused_in_json(answers, statuses=(403, 404)) == []
    assert Person.objects.exists()
