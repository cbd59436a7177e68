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
from zhongshu.documents.models import DocumentEvent
from zhongshu.documents.quotas import document_quota_status
from zhongshu.documents.services import document_recheck, document_register
from zhongshu.quotas.models import Quota
from zhongshu.quotas.services import quota_set
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
        quota_set(by=county.clerk.user, kind="documents", unit=county.education, year=2026, limit=30)
    assert caught.value.message == "只有办公室主任才能设定发文额度"
    with pytest.raises(ServiceError) as caught:
        quota_set(by=director.user, kind="documents", unit=county.education, year=2026, limit=-1)
    assert caught.value.message == "发文额度不能为负数"
    assert not Quota.objects.exists()

    quota_set(by=director.user, kind="documents", unit=county.education, year=2026, limit=30)
    quota_set(by=director.user, kind="documents", unit=county.education, year=2026, limit=25)
    assert Quota.objects.get(kind="documents", unit=county.education, year=2026).limit == 25
    quota_set(by=director.user, kind="documents", unit=county.education, year=2026, limit=None)
    assert not Quota.objects.exists()
    changes = AuditEvent.objects.filter(action="quotas.set").order_by("id")
    assert [e.details for e in changes] == [
        {"quota_kind": "documents", "year": 2026, "before": None, "after": 30},
        {"quota_kind": "documents", "year": 2026, "before": 30, "after": 25},
        {"quota_kind": "documents", "year": 2026, "before": 25, "after": None},
    ]


def test_a_count_over_last_years_needs_a_written_explanation(county):
    with in_year(2025):
        document_register(document=rechecked(county), by=county.clerk.user, copies=1)
    with in_year(2026):
        assert document_quota_status(county.office.pk, 2026).last_year == 1
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
        assert document_quota_status(county.office.pk, 2026).last_year is None
        Quota.objects.create(kind="documents", unit=county.office, year=2025, limit=10)
        with pytest.raises(ServiceError) as caught:
            document_register(document=rechecked(county), by=county.clerk.user, copies=1)
    assert caught.value.message == NEED.format(n=1, last=0)


def test_the_quota_and_explanation_rules_work_together(county):
    with in_year(2025):
        document_register(document=rechecked(county), by=county.clerk.user, copies=1)
    with in_year(2026):
        Quota.objects.create(kind="documents", unit=county.office, year=2026, limit=1)
        second, third = rechecked(county), rechecked(county)
        document_register(document=second, by=county.clerk.user, copies=1)
        with pytest.raises(ServiceError) as caught:
            document_register(document=third, by=county.clerk.user, copies=1, explanation="说明")
    # The quota block comes first: an explanation does not replace the leader's consent.
    assert caught.value.code == "quota_exhausted"


def _row(page: str, unit) -> str:
    row = page[page.index(f'id="quota-{unit.pk}"') :]
    return row[: row.index("</tr>")]


def test_the_quota_page_lists_units_with_counts_and_saves_every_quota_in_one_form(county, director):
    with in_year(2025):
        document_register(document=rechecked(county), by=county.clerk.user, copies=1)
    with in_year(2026):
        document_register(document=rechecked(county), by=county.clerk.user, copies=1)
        document_register(
            document=rechecked(county), by=county.clerk.user, copies=1, explanation="防汛专项部署"
        )
        client = sign_in(Client(), director.user)
        page = client.get("/documents/quotas/").content.decode()
        assert "发文额度（2026年度）" in page
        # One form, one 保存 (no button per row).
        assert page.count('<button type="submit" class="primary">保存</button>') == 1
        office_row = _row(page, county.office)
        assert '<td class="num" data-testid="used">2</td>' in office_row
        assert '<td class="num" data-testid="last-year">1</td>' in office_row
        assert "县委办发〔2026〕2号</a>：防汛专项部署" in office_row
        # One status: the rise over last year, and no 正常 beside it.
        assert '<td data-testid="quota-status"><span class="badge danger">超过上年</span></td>' in office_row
        assert "正常" not in office_row

        # Every row in one POST: the office gets 2 (used up), the bureau 40, the health bureau none.
        saved = client.post(
            "/documents/quotas/?year=2026",
            {
                "year": "2026",
                f"limit-{county.office.pk}": "2",
                f"limit-{county.education.pk}": "40",
                f"limit-{county.health.pk}": "",
            },
        )
        assert saved.status_code == 302 and saved["Location"] == "/documents/quotas/?year=2026"
        page = client.get(saved["Location"]).content.decode()
        assert "已保存2026年度发文额度，2个单位有变动" in page
        assert '<span class="badge danger">已用满，超过上年</span>' in _row(page, county.office)
        assert '<td data-testid="quota-status">正常</td>' in _row(page, county.education)
        assert '<span class="muted">未设额度</span>' in _row(page, county.health)
    assert dict(Quota.objects.values_list("unit__name", "limit")) == {"县委办公室": 2, "县教育局": 40}
    assert AuditEvent.objects.filter(action="quotas.set").count() == 2


def test_one_invalid_row_saves_nothing_and_says_which_unit(county, director):
    quota_set(by=director.user, kind="documents", unit=county.office, year=2026, limit=10)
    client = sign_in(Client(), director.user)
    bad = client.post(
        "/documents/quotas/?year=2026",
        {"year": "2026", f"limit-{county.office.pk}": "30", f"limit-{county.education.pk}": "-3"},
    )
    page = bad.content.decode()
    assert bad.status_code == 400
    assert "县教育局的发文额度须为非负整数，本次未保存任何额度" in page
    # The row in error says so beside its field, and keeps what was typed; the other row too.
    education = _row(page, county.education)
    assert 'value="-3"' in education and 'aria-invalid="true"' in education
    assert '<p class="error" id="limit-' in education
    assert 'value="30"' in _row(page, county.office)
    assert dict(Quota.objects.values_list("unit__name", "limit")) == {"县委办公室": 10}


def test_the_quota_page_refuses_others_with_the_styled_403_and_its_reason(county):
    refused = sign_in(Client(), county.clerk.user).get("/documents/quotas/")
    page = refused.content.decode()
    assert refused.status_code == 403
    assert 'data-testid="error-403"' in page
    assert "原因：只有办公室主任才能设定发文额度" in page


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


def test_saving_the_quotas_reads_the_units_alone_not_the_whole_overview(county, director, monkeypatch):
    """The POST needs only the active units to parse the form: the counts and explanations of every unit
    (quota_overview) are read once, for drawing the page, and not at all when it redirects."""
    from zhongshu.quotas import views

    calls: list[int] = []
    overview = views.quota_overview

    def counted(user, *, kind, year):
        calls.append(year)
        return overview(user, kind=kind, year=year)

    monkeypatch.setattr(views, "quota_overview", counted)
    client = sign_in(Client(), director.user)
    saved = client.post("/documents/quotas/", {"year": "2026", f"limit-{county.education.pk}": "40"})
    assert saved.status_code == 302 and calls == []
    bad = client.post("/documents/quotas/", {"year": "2026", f"limit-{county.education.pk}": "x"})
    assert bad.status_code == 400 and calls == [2026]
    assert "县教育局的发文额度须为非负整数" in bad.content.decode()
    assert dict(Quota.objects.values_list("unit__name", "limit")) == {"县教育局": 40}
