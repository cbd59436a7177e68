"""The 三重一大 part's routes in the access matrix (every clearance × scope × classification): the register, a
filing's page, the API's list and filing, and search. The routes the matrix cannot read for a marker (the Excel
export, the edit form, the actions) are asked here one by one: a unit sees only its own, the office sees all, a
秘密 filing only those cleared, administrators none; viewing a classified filing is audited."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from typing import Any

from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from tests.reporting.conftest import County, signed_in
from tests.reporting.major_helpers import at, filing
from zhongshu.audit.models import AuditEvent
from zhongshu.base.levels import Classification
from zhongshu.base.roles import AdminRole
from zhongshu.reporting.models import MajorDecisionFiling
from zhongshu.testing.access import (
    RecordSpec,
    Route,
    ask_every_api_route,
    check_records,
    not_refused_in_json,
    sign_in,
)
from zhongshu.testing.factories import make_admin


def make_filing(spec: RecordSpec) -> MajorDecisionFiling:
    record = MajorDecisionFiling.objects.create(
        unit=spec.owner_unit,
        category="decision",
        title=spec.title,
        meeting_name="党组会议",
        meeting_on=date(2025, 11, 12),
        filed_at=at(date(2025, 11, 3)),
        filed_by=spec.owner_person.user,
        **spec.fields(),
    )
    return spec.apply_need_to_know(record)


def test_the_major_routes_leak_nothing(db: Any) -> None:
    report = check_records(
        model=MajorDecisionFiling,
        make=make_filing,
        routes=[
            Route("register", "/reporting/major/"),
            Route("filing page", "/reporting/major/{pk}/"),
            Route("api register", "/api/reporting/major"),
            Route("api filing", "/api/reporting/major/{pk}"),
            Route("search results", "/search/results/?q={marker}"),
        ],
    )
    assert report.requests > 0


def _made(county: County) -> tuple[MajorDecisionFiling, MajorDecisionFiling]:
    today = timezone.localdate()
    own = filing(county.liaisons[0], meeting_on=today + timedelta(days=20), title="财政局大额资金使用事项")
    other = filing(county.liaisons[1], meeting_on=today + timedelta(days=20), title="教育局大额资金使用事项")
    return own, other


def _sheet_titles(response: Any) -> list[str]:
    book = load_workbook(io.BytesIO(response.content))
    return [row[2] for row in book.active.iter_rows(min_row=2, values_only=True)]


def test_a_unit_sees_its_own_and_the_office_sees_all(county: County) -> None:
    own, other = _made(county)
    finance, keeper = signed_in("czj_llr"), signed_in("wenshu")
    assert finance.get(f"/reporting/major/{own.pk}/").status_code == 200
    assert finance.get(f"/reporting/major/{other.pk}/").status_code == 404
    assert keeper.get(f"/reporting/major/{other.pk}/").status_code == 200
    assert _sheet_titles(finance.get("/reporting/major/export.xlsx")) == [own.title]
    assert sorted(_sheet_titles(keeper.get("/reporting/major/export.xlsx"))) == sorted(
        [own.title, other.title]
    )
    assert AuditEvent.objects.filter(action="reporting.major.export").count() == 2
    # The edit form and the actions belong to the filing unit: the office reads, it does not act.
    assert finance.get(f"/reporting/major/{own.pk}/edit/").status_code == 200
    assert keeper.get(f"/reporting/major/{own.pk}/edit/").status_code == 403
    assert signed_in("jyj_llr").get(f"/reporting/major/{own.pk}/edit/").status_code == 404
    refused = keeper.post(f"/reporting/major/{own.pk}/withdraw/", {"version": "1"})
    assert refused.status_code == 403
    assert MajorDecisionFiling.objects.get(pk=own.pk).state == "filed"
    api = keeper.post(
        f"/api/reporting/major/{own.pk}/withdraw", json.dumps({"version": 1}), content_type="application/json"
    )
    assert api.status_code == 403 and api.json()["code"] == "not_allowed"
    assert signed_in("jyj_llr").post(f"/reporting/major/{own.pk}/withdraw/").status_code == 404
    assert Client().get("/reporting/major/").status_code == 302


def test_a_secret_filing_only_for_the_cleared_and_its_viewing_audited(county: County) -> None:
    county.unit_leaders[0].clearance = 2  # 重要: may file a 秘密 appointment
    county.unit_leaders[0].save(update_fields=["clearance"])
    secret = filing(
        county.unit_leaders[0],
        meeting_on=timezone.localdate() + timedelta(days=20),
        category="appointment",
        amount=None,
        title="拟任免科级干部人选",
        classification=Classification.CONFIDENTIAL,
    )
    # The office director (重要) is cleared; the office's keeper (非涉密) and the unit's liaison are not.
    assert signed_in("zhuren").get(f"/reporting/major/{secret.pk}/").status_code == 200
    assert AuditEvent.objects.filter(action="record.view", object_id=str(secret.pk)).exists()
    assert signed_in("wenshu").get(f"/reporting/major/{secret.pk}/").status_code == 404
    assert signed_in("czj_llr").get(f"/reporting/major/{secret.pk}/").status_code == 404
    assert "拟任免科级干部人选" not in signed_in("wenshu").get("/reporting/major/").content.decode()
    assert "拟任免科级干部人选" in signed_in("zhuren").get("/reporting/major/").content.decode()


def test_administrators_see_nothing_and_every_api_route_refuses_them_in_json(county: County) -> None:
    own, _ = _made(county)
    admin = sign_in(Client(), make_admin(AdminRole.SYSTEM_ADMIN, "sysadmin_major"))
    for url in ("/reporting/major/", f"/reporting/major/{own.pk}/", "/reporting/major/export.xlsx"):
        assert admin.get(url).status_code == 403, url
    answers = ask_every_api_route(admin, "/api/reporting/major")
    assert len(answers) >= 6
    assert not_refused_in_json(answers, statuses=(403, 404)) == []
