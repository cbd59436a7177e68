"""The quota services for any registered kind: where a unit stands, the director's limits (one or all, all or
none, audited where changed), the leader's recorded consent (audited, once per record) — with a second kind
registered beside 发文, as meetings registers each meeting type."""

from __future__ import annotations

import pytest

from tests.quotas.conftest import TEST_KIND
from zhongshu.audit.models import AuditEvent
from zhongshu.core.errors import ServiceError
from zhongshu.core.models import AppendOnlyError
from zhongshu.quotas.models import Quota, QuotaOverride
from zhongshu.quotas.services import (
    quota_kinds,
    quota_overridden,
    quota_override_record,
    quota_set,
    quota_status,
    quotas_set,
)

pytestmark = pytest.mark.django_db


def test_kinds_are_registered_by_their_apps_and_listed_with_documents_first(held):
    kinds = quota_kinds()
    assert kinds[0].code == "documents" and (kinds[0].label, kinds[0].noun) == ("发文", "件")
    assert TEST_KIND in [kind.code for kind in kinds]


def test_status_counts_the_kinds_own_records_against_its_own_quota(county, held):
    unit = county.office.pk
    held[(unit, 2026)] = 4
    quota_set(by=county.director.user, kind=TEST_KIND, unit=county.office, year=2026, limit=5)
    # A 发文 quota of the same unit and year is another kind's: it does not limit 试点会.
    quota_set(by=county.director.user, kind="documents", unit=county.office, year=2026, limit=1)
    status = quota_status(kind=TEST_KIND, unit_id=unit, year=2026)
    assert (status.limit, status.used, status.last_year, status.warning) == (5, 4, None, True)
    assert status.message == "本单位本年度试点会已用额度的80%（4/5）"

    held[(unit, 2026)] = 5
    status = quota_status(kind=TEST_KIND, unit_id=unit, year=2026)
    assert status.exhausted
    assert status.message == "本单位本年度试点会已达额度（5/5），须经领导同意方可继续召开试点会"
    # Another unit has no quota; records of no unit have none either.
    assert quota_status(kind=TEST_KIND, unit_id=county.bureau.pk, year=2026).limit is None
    assert quota_status(kind=TEST_KIND, unit_id=None, year=2026).limit is None


def test_last_year_is_known_from_a_count_or_a_quota_set_for_it(county, held):
    unit = county.office.pk
    assert quota_status(kind=TEST_KIND, unit_id=unit, year=2026).last_year is None
    quota_set(by=county.director.user, kind=TEST_KIND, unit=county.office, year=2025, limit=9)
    status = quota_status(kind=TEST_KIND, unit_id=unit, year=2026)
    assert (status.last_year, status.next_exceeds_last_year) == (0, True)
    held[(county.bureau.pk, 2025)] = 3
    held[(county.bureau.pk, 2026)] = 2
    status = quota_status(kind=TEST_KIND, unit_id=county.bureau.pk, year=2026)
    assert (status.last_year, status.next_exceeds_last_year) == (3, False)
    assert status.explanation_message == ""


def test_only_the_office_director_sets_quotas_and_bad_ones_change_nothing(county, held):
    with pytest.raises(ServiceError) as caught:
        quota_set(by=county.clerk.user, kind=TEST_KIND, unit=county.office, year=2026, limit=3)
    assert (caught.value.code, caught.value.message) == ("role_required", "只有办公室主任才能设定试点会额度")
    with pytest.raises(ServiceError) as caught:
        quota_set(by=county.director.user, kind=TEST_KIND, unit=county.office, year=2026, limit=-1)
    assert (caught.value.code, caught.value.message) == ("invalid_limit", "试点会额度不能为负数")
    with pytest.raises(ServiceError) as caught:
        quota_set(by=county.director.user, kind=TEST_KIND, unit=county.office, year=1999, limit=3)
    assert caught.value.code == "invalid_year"
    with pytest.raises(ServiceError) as caught:
        quota_set(by=county.director.user, kind="tests.nothing", unit=county.office, year=2026, limit=3)
    assert (caught.value.code, caught.value.message) == ("unknown_kind", "未知的额度类别")
    assert not Quota.objects.exists()
    assert not AuditEvent.objects.filter(action="quotas.set").exists()


def test_setting_changing_and_clearing_a_quota_is_audited_each_time(county, held):
    director = county.director.user
    quota_set(by=director, kind=TEST_KIND, unit=county.office, year=2026, limit=3)
    quota_set(by=director, kind=TEST_KIND, unit=county.office, year=2026, limit=2)
    assert Quota.objects.get(kind=TEST_KIND, unit=county.office, year=2026).limit == 2
    assert quota_set(by=director, kind=TEST_KIND, unit=county.office, year=2026, limit=None) is None
    assert not Quota.objects.exists()
    events = AuditEvent.objects.filter(action="quotas.set").order_by("id")
    assert [event.details for event in events] == [
        {"quota_kind": TEST_KIND, "year": 2026, "before": None, "after": 3},
        {"quota_kind": TEST_KIND, "year": 2026, "before": 3, "after": 2},
        {"quota_kind": TEST_KIND, "year": 2026, "before": 2, "after": None},
    ]
    assert {event.object_id for event in events} == {str(county.office.pk)}


def test_quotas_set_writes_all_or_none_and_audits_only_the_changes(county, held):
    director = county.director.user
    quota_set(by=director, kind=TEST_KIND, unit=county.office, year=2026, limit=4)
    changed = quotas_set(by=director, kind=TEST_KIND, year=2026, limits={county.office: 4, county.bureau: 6})
    assert changed == [county.bureau]
    assert AuditEvent.objects.filter(action="quotas.set").count() == 2
    with pytest.raises(ServiceError):
        quotas_set(by=director, kind=TEST_KIND, year=2026, limits={county.office: 1, county.bureau: -1})
    assert dict(Quota.objects.values_list("unit__name", "limit")) == {"县委办公室": 4, "县教育局": 6}
    with pytest.raises(ServiceError) as caught:
        quotas_set(by=county.leader.user, kind=TEST_KIND, year=2026, limits={county.office: 1})
    assert caught.value.code == "role_required"
    assert AuditEvent.objects.filter(action="quotas.set").count() == 2


def test_a_leaders_consent_is_recorded_once_per_record_audited_and_never_changed(county, held):
    record = county.bureau  # any record can go beyond a quota; a unit stands in for a meeting here
    assert not quota_overridden(kind=TEST_KIND, record=record)
    with pytest.raises(ServiceError) as caught:
        quota_override_record(
            by=county.leader.user, kind=TEST_KIND, unit_id=record.pk, year=2026, record=record, reason="  "
        )
    assert (caught.value.code, caught.value.message) == ("reason_required", "突破试点会额度须有书面说明")

    override = quota_override_record(
        by=county.leader.user,
        kind=TEST_KIND,
        unit_id=record.pk,
        year=2026,
        record=record,
        reason="汛期专题调度",
        leader=county.leader,
    )
    assert (override.leader, override.by, override.reason) == (
        county.leader,
        county.leader.user,
        "汛期专题调度",
    )
    assert quota_overridden(kind=TEST_KIND, record=record)
    assert not quota_overridden(kind="documents", record=record)  # a consent is for its own kind
    assert not quota_overridden(kind=TEST_KIND, record=county.office)
    event = AuditEvent.objects.get(action="quotas.override")
    assert (event.object_id, event.details) == (
        str(record.pk),
        {"quota_kind": TEST_KIND, "year": 2026, "quota_unit": record.pk},
    )

    with pytest.raises(ServiceError) as caught:
        quota_override_record(
            by=county.leader.user, kind=TEST_KIND, unit_id=record.pk, year=2026, record=record, reason="再次"
        )
    assert caught.value.code == "already_overridden"
    assert QuotaOverride.objects.count() == 1
    with pytest.raises(AppendOnlyError):
        override.reason = "改写"
        override.save()
    with pytest.raises(AppendOnlyError):
        override.delete()
