"""精文减会: the office director's quota page, and the 2024 rule that a yearly count over last year's needs a
written explanation at registration (beside the 80 % warning, the 100 % block and the leader's override)."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from tests.documents.test_outgoing_flow import signed
from zhongshu.audit.models import AuditEvent
from zhongshu.base.roles import Role
from zhongshu.core.errors import ServiceError
from zhongshu.documents.models import DocumentEvent, DocumentQuota
from zhongshu.documents.quotas import quota_status
from zhongshu.documents.services import document_quota_set, document_recheck, document_register
from zhongshu.testing.access import sign_in
from zhongshu.testing.factories import make_person

pytestmark = pytest.mark.django_db

NEED = "本单位本年度发文将达{n}件，超过上年的{last}件，须填写书面说明（整治形式主义为基层减负若干规定）"


def in_year(year: int):
    return time_machine.travel(f"{year}-06-15 10:00 +0800", tick=False)


@pytest.fixture
def director(county):
    return make_person("刘主任", unit=county.office, roles=[Role.OFFICE_DIRECTOR])


def rechecked(county):
    return document_recheck(document=signed(county), by=county.clerk.user)


def test_only_the_office_director_sets_a_quota_and_each_change_is_audited(county, director):
    with pytest.raises(ServiceError) as caught:
        document_quota_set(unit=county.education, year=2026, limit=30, by=county.clerk.user)
    assert caught.value.message == "只有办公室主任才能设定发文额度"
    with pytest.raises(ServiceError) as caught:
        document_quota_set(unit=county.education, year=2026, limit=-1, by=director.user)
    assert caught.value.message == "发文额度不能为负数"
    assert not DocumentQuota.objects.exists()

    document_quota_set(unit=county.education, year=2026, limit=30, by=director.user)
    document_quota_set(unit=county.education, year=2026, limit=25, by=director.user)
    assert DocumentQuota.objects.get(unit=county.education, year=2026).limit == 25
    document_quota_set(unit=county.education, year=2026, limit=None, by=director.user)
    assert not DocumentQuota.objects.exists()
    changes = AuditEvent.objects.filter(action="documents.quota.set").order_by("id")
    assert [e.details for e in changes] == [
        {"year": 2026, "before": None, "after": 30},
        {"year": 2026, "before": 30, "after": 25},
        {"year": 2026, "before": 25, "after": None},
    ]


def test_a_count_over_last_years_needs_a_written_explanation(county):
    with in_year(2025):
        document_register(document=rechecked(county), by=county.clerk.user, copies=1)
    with in_year(2026):
        assert quota_status(county.office.pk, 2026).last_year == 1
        # Equal to last year's: no explanation asked.
        first = document_register(document=rechecked(county), by=county.clerk.user, copies=1)
        assert first.count_explanation == ""
        second = rechecked(county)
        with pytest.raises(ServiceError) as caught:
            document_register(document=second, by=county.clerk.user, copies=1, explanation="  ")
        assert (caught.value.code, caught.value.message) == ("explanation_required", NEED.format(n=2, last=1))
        second.refresh_from_db()
        assert (second.state, second.doc_serial, second.doc_number) == ("rechecked", None, "")

        second = document_register(
            document=second, by=county.clerk.user, copies=1, explanation="贯彻上级新部署，须专门发文。"
        )
    assert (second.doc_number, second.count_explanation) == (
        "县委办发〔2026〕2号",
        "贯彻上级新部署，须专门发文。",
    )
    event = DocumentEvent.objects.filter(document=second, action="register").get()
    assert event.note == "发文数量超过上年的说明：贯彻上级新部署，须专门发文。"


def test_a_quota_set_for_last_year_makes_last_years_count_known(county):
    with in_year(2026):
        # No record of last year (a fresh installation): no explanation asked.
        assert quota_status(county.office.pk, 2026).last_year is None
        DocumentQuota.objects.create(unit=county.office, year=2025, limit=10)
        with pytest.raises(ServiceError) as caught:
            document_register(document=rechecked(county), by=county.clerk.user, copies=1)
    assert caught.value.message == NEED.format(n=1, last=0)


def test_the_quota_and_explanation_rules_work_together(county):
    with in_year(2025):
        document_register(document=rechecked(county), by=county.clerk.user, copies=1)
    with in_year(2026):
        DocumentQuota.objects.create(unit=county.office, year=2026, limit=1)
        second, third = rechecked(county), rechecked(county)
        document_register(document=second, by=county.clerk.user, copies=1)
        with pytest.raises(ServiceError) as caught:
            document_register(document=third, by=county.clerk.user, copies=1, explanation="说明")
    # The quota block comes first: an explanation does not replace the leader's consent.
    assert caught.value.code == "quota_exhausted"


def test_the_quota_page_lists_units_with_counts_and_edits_in_place(county, director):
    with in_year(2025):
        document_register(document=rechecked(county), by=county.clerk.user, copies=1)
    with in_year(2026):
        document_register(document=rechecked(county), by=county.clerk.user, copies=1)
        document_register(
            document=rechecked(county), by=county.clerk.user, copies=1, explanation="防汛专项部署"
        )
        assert sign_in(Client(), county.clerk.user).get("/documents/quotas/").status_code == 403
        client = sign_in(Client(), director.user)
        page = client.get("/documents/quotas/").content.decode()
        assert "发文额度（2026年度）" in page
        office_row = page[page.index(f'id="quota-{county.office.pk}"') :]
        office_row = office_row[: office_row.index("</tr>")]
        assert '<td data-testid="used">2</td>' in office_row
        assert '<td data-testid="last-year">1</td>' in office_row
        assert "超过上年" in office_row
        assert "县委办发〔2026〕2号</a>：防汛专项部署" in office_row

        # Inline edit through htmx: the row comes back with the quota saved.
        row = client.post(
            "/documents/quotas/",
            {"unit": county.office.pk, "year": 2026, "limit": "2"},
            HTTP_HX_REQUEST="true",
        ).content.decode()
        assert row.startswith(f'<tr id="quota-{county.office.pk}"')
        assert 'value="2"' in row and "已用满" in row and "已保存" in row
        bad = client.post(
            "/documents/quotas/",
            {"unit": county.education.pk, "year": 2026, "limit": "abc"},
            HTTP_HX_REQUEST="true",
        )
        assert bad.status_code == 400 and "发文额度须为非负整数" in bad.content.decode()
        # Without JavaScript the form posts and comes back to the page.
        plain = client.post("/documents/quotas/", {"unit": county.education.pk, "year": 2026, "limit": "40"})
        assert plain.status_code == 302 and plain["Location"] == "/documents/quotas/?year=2026"
    assert dict(DocumentQuota.objects.values_list("unit__name", "limit")) == {"县委办公室": 2, "县教育局": 40}


def test_the_detail_page_asks_for_the_explanation_before_registering(county):
    with in_year(2025):
        document_register(document=rechecked(county), by=county.clerk.user, copies=1)
        document_register(document=rechecked(county), by=county.clerk.user, copies=1)
    with in_year(2026):
        client = sign_in(Client(), county.clerk.user)
        first = rechecked(county)
        assert (
            'data-testid="explanation-needed"' not in client.get(f"/documents/{first.pk}/").content.decode()
        )
        document_register(document=first, by=county.clerk.user, copies=1)
        document_register(document=rechecked(county), by=county.clerk.user, copies=1)
        third = rechecked(county)
        page = client.get(f"/documents/{third.pk}/").content.decode()
        assert NEED.format(n=3, last=2) in page
        refused = client.post(f"/documents/{third.pk}/act/register/", {"copies": 5}, follow=True)
        assert NEED.format(n=3, last=2) in refused.content.decode()
        client.post(f"/documents/{third.pk}/act/register/", {"copies": 5, "explanation": "新增专项工作"})
        third.refresh_from_db()
    assert (third.doc_number, third.count_explanation) == ("县委办发〔2026〕3号", "新增专项工作")
