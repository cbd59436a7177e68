"""发文 as a kind of quota: documents count their registered outgoing documents, and a leader's consent to one
document beyond the office's quota is a quotas.QuotaOverride naming the document (and still the document's
own flag and history entry)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.documents.conftest import county  # noqa: F401 — the documents' county, for this module
from tests.documents.test_outgoing_flow import signed
from zhongshu.audit.models import AuditEvent
from zhongshu.base.roles import Role
from zhongshu.core.errors import ServiceError
from zhongshu.documents.models import DocumentEvent
from zhongshu.documents.services import document_quota_override, document_recheck, document_register
from zhongshu.quotas.models import QuotaOverride
from zhongshu.quotas.services import quota_overridden, quota_set, quota_status
from zhongshu.testing.factories import make_person

pytestmark = pytest.mark.django_db


def test_the_documents_kind_counts_registered_documents_and_records_the_consent(county):  # noqa: F811
    year = timezone.localdate().year
    director = make_person("刘主任", unit=county.office, roles=[Role.OFFICE_DIRECTOR])
    quota_set(by=director.user, kind="documents", unit=county.office, year=year, limit=1)
    first, second = (document_recheck(document=signed(county), by=county.clerk.user) for _ in range(2))
    document_register(document=first, by=county.clerk.user, copies=1)
    status = quota_status(kind="documents", unit_id=county.office.pk, year=year)
    assert (status.used, status.limit, status.exhausted) == (1, 1, True)
    with pytest.raises(ServiceError) as caught:
        document_register(document=second, by=county.clerk.user, copies=1, explanation="确需")
    assert caught.value.code == "quota_exhausted"

    override = document_quota_override(document=second, by=county.leader.user, reason="防汛紧急部署")
    second.refresh_from_db()
    assert second.quota_override
    assert (override.kind, override.unit, override.year, override.record_id) == (
        "documents",
        county.office,
        year,
        second.pk,
    )
    assert (override.leader, override.reason) == (county.leader, "防汛紧急部署")
    assert quota_overridden(kind="documents", record=second)
    assert AuditEvent.objects.filter(action="quotas.override", object_id=str(second.pk)).count() == 1
    assert DocumentEvent.objects.filter(document=second, action="quota.override").count() == 1
    # The consent is given once: the rule refuses a second, and nothing more is recorded.
    with pytest.raises(ServiceError) as caught:
        document_quota_override(document=second, by=county.leader.user, reason="再次")
    assert caught.value.code == "already_overridden"
    assert QuotaOverride.objects.count() == 1
    assert document_register(document=second, by=county.clerk.user, copies=1, explanation="确需").doc_serial
