"""The 额度 page and POST /api/quotas: every registered kind (发文 by default), the same contract on both edges
refusing the same bad input with the same code, and documents' old addresses still working."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.quotas.conftest import TEST_KIND
from zhongshu.audit.models import AuditEvent
from zhongshu.quotas.models import Quota
from zhongshu.testing.access import sign_in

pytestmark = pytest.mark.django_db


def api_post(person, path: str, payload: dict) -> tuple[int, dict]:
    client = sign_in(Client(), person.user)
    response = client.post(path, json.dumps(payload), content_type="application/json")
    return response.status_code, response.json()


def row(page: str, unit) -> str:
    found = page[page.index(f'id="quota-{unit.pk}"') :]
    return found[: found.index("</tr>")]


def test_the_page_offers_every_kind_and_shows_the_chosen_ones_counts_and_share(county, held):
    held[(county.office.pk, 2026)] = 4
    held[(county.office.pk, 2025)] = 6
    client = sign_in(Client(), county.director.user)
    page = client.get("/quotas/?year=2026").content.decode()
    assert "发文额度（2026年度）" in page  # 发文 by default
    assert '<option value="documents" selected>发文</option>' in page
    assert f'<option value="{TEST_KIND}">试点会</option>' in page

    Quota.objects.create(kind=TEST_KIND, unit=county.office, year=2026, limit=5)
    page = client.get(f"/quotas/?kind={TEST_KIND}&year=2026").content.decode()
    assert "试点会额度（2026年度）" in page
    assert "本年试点会（次）" in page and "超过上年的书面说明" not in page
    office = row(page, county.office)
    assert '<td class="num" data-testid="used">4</td>' in office
    assert '<td class="num" data-testid="last-year">6</td>' in office
    assert '<td class="num" data-testid="share">80%</td>' in office
    assert '<td data-testid="quota-status"><span class="badge">已用80%</span></td>' in office
    assert 'value="5"' in office
    assert '<span class="muted">未设额度</span>' in row(page, county.bureau)
    # The chart's table view holds the same figures, in 次.
    assert "各单位试点会数与额度（2026年度，有试点会或已设额度的单位）" in page
    assert "本年试点会" in page and "试点会额度" in page


def test_saving_a_kind_keeps_the_kind_and_the_year_and_writes_only_that_kind(county, held):
    Quota.objects.create(kind="documents", unit=county.office, year=2026, limit=100)
    client = sign_in(Client(), county.director.user)
    saved = client.post(
        f"/quotas/?kind={TEST_KIND}&year=2026",
        {"year": "2026", f"limit-{county.office.pk}": "3", f"limit-{county.bureau.pk}": ""},
    )
    assert saved.status_code == 302
    assert saved["Location"] == f"/quotas/?kind={TEST_KIND}&year=2026"
    page = client.get(saved["Location"]).content.decode()
    assert "已保存2026年度试点会额度，1个单位有变动" in page
    assert sorted(Quota.objects.values_list("kind", "limit")) == [("documents", 100), (TEST_KIND, 3)]


def test_the_page_and_the_api_refuse_the_same_bad_input_with_the_same_code(county, held):
    client = sign_in(Client(), county.director.user)
    bad = client.post(
        f"/quotas/?kind={TEST_KIND}&year=2026",
        {"year": "2026", f"limit-{county.office.pk}": "3", f"limit-{county.bureau.pk}": "-2"},
    )
    assert bad.status_code == 400
    assert "县教育局的试点会额度须为非负整数，本次未保存任何额度" in bad.content.decode()
    assert 'value="-2"' in row(bad.content.decode(), county.bureau)

    status, body = api_post(
        county.director, "/api/quotas", {"kind": TEST_KIND, "unit": county.bureau.pk, "limit": -2}
    )
    assert (status, body["code"], body["message"]) == (400, "invalid_limit", "试点会额度须为非负整数")
    status, body = api_post(
        county.director, "/api/quotas", {"kind": TEST_KIND, "unit": county.bureau.pk, "limit": "三"}
    )
    assert (status, body["code"]) == (400, "invalid_limit")
    status, body = api_post(
        county.director, "/api/quotas", {"kind": "tests.nothing", "unit": county.office.pk}
    )
    assert (status, body["code"]) == (400, "unknown_kind")
    status, body = api_post(county.director, "/api/quotas", {"kind": TEST_KIND, "limit": 3})
    assert (status, body["code"]) == (400, "unit_required")
    status, body = api_post(county.director, "/api/quotas", {"kind": TEST_KIND, "unit": 999999, "limit": 3})
    assert (status, body["code"]) == (400, "unknown_unit")
    status, body = api_post(
        county.clerk, "/api/quotas", {"kind": TEST_KIND, "unit": county.office.pk, "limit": 3}
    )
    assert (status, body["code"]) == (403, "role_required")
    assert not Quota.objects.exists()
    assert not AuditEvent.objects.filter(action="quotas.set").exists()

    status, body = api_post(
        county.director,
        "/api/quotas",
        {"kind": TEST_KIND, "unit": county.office.pk, "year": 2026, "limit": 3},
    )
    assert (status, body) == (200, {"kind": TEST_KIND, "unit": county.office.pk, "year": 2026, "limit": 3})
    assert Quota.objects.get().kind == TEST_KIND


def test_an_unknown_kind_is_not_found_and_others_are_refused_with_the_reason(county, held):
    director = sign_in(Client(), county.director.user)
    assert director.get("/quotas/?kind=tests.nothing").status_code == 404
    refused = sign_in(Client(), county.clerk.user).get(f"/quotas/?kind={TEST_KIND}")
    assert refused.status_code == 403
    assert "原因：只有办公室主任才能设定试点会额度" in refused.content.decode()


def test_documents_old_addresses_are_the_same_page_and_contract_for_fa_wen(county, held):
    client = sign_in(Client(), county.director.user)
    # The old page stays on 发文, whatever kind a query names, and redirects back to itself.
    page = client.get(f"/documents/quotas/?kind={TEST_KIND}&year=2026").content.decode()
    assert "发文额度（2026年度）" in page
    saved = client.post("/documents/quotas/?year=2026", {"year": "2026", f"limit-{county.office.pk}": "9"})
    assert saved["Location"] == "/documents/quotas/?year=2026"
    status, body = api_post(
        county.director,
        "/api/documents/quotas",
        {"kind": TEST_KIND, "unit": county.bureau.pk, "year": 2026, "limit": "x"},
    )
    assert (status, body["code"], body["message"]) == (400, "invalid_limit", "发文额度须为非负整数")
    status, body = api_post(
        county.director, "/api/documents/quotas", {"unit": county.bureau.pk, "year": 2026, "limit": 7}
    )
    assert (status, body) == (200, {"unit": county.bureau.pk, "year": 2026, "limit": 7})
    assert dict(Quota.objects.filter(kind="documents").values_list("unit__name", "limit")) == {
        "县委办公室": 9,
        "县教育局": 7,
    }
    assert Quota.objects.count() == 2
