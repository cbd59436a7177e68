"""documents 0006 moves 精文减会 to the quotas app: the quotas and leaders' consents stored by documents before
become Quota(kind=documents) and QuotaOverride rows naming the document, and going back restores them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from zhongshu.documents.models import OfficialDocument
from zhongshu.quotas.models import Quota, QuotaOverride
from zhongshu.testing.factories import make_person, make_unit

BEFORE = [("documents", "0005_minutes_lists"), ("quotas", "0001_initial")]
AFTER = [("documents", "0006_quotas_move")]


def migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection)


@pytest.fixture
def latest(transactional_db) -> Iterator[None]:
    yield
    executor = MigrationExecutor(connection)
    migrate(executor.loader.graph.leaf_nodes())


def test_documents_quotas_and_consents_move_to_the_quotas_app_and_back(latest):
    office = make_unit("县委办公室", agency_code="县委办发")
    bureau = make_unit("县教育局", agency_code="县教发")
    leader = make_person("王书记", unit=office)
    drafter = make_person("张文书", unit=office)
    document = OfficialDocument.objects.create(
        title="关于防汛工作的通知", owner_unit=office, drafter=drafter, quota_override=True
    )

    old = migrate(BEFORE).loader.project_state(BEFORE).apps
    DocumentQuota = old.get_model("documents", "DocumentQuota")
    OldOverride = old.get_model("documents", "QuotaOverride")
    DocumentQuota.objects.create(unit_id=office.pk, year=2026, limit=120)
    DocumentQuota.objects.create(unit_id=bureau.pk, year=2025, limit=30)
    at = timezone.now()
    OldOverride.objects.create(document_id=document.pk, leader_id=leader.pk, reason="防汛紧急部署", at=at)

    migrate(AFTER)
    assert sorted(Quota.objects.values_list("kind", "unit_id", "year", "limit")) == sorted(
        [("documents", office.pk, 2026, 120), ("documents", bureau.pk, 2025, 30)]
    )
    override = QuotaOverride.objects.get()
    assert (override.kind, override.unit_id, override.record_id, override.leader_id) == (
        "documents",
        office.pk,
        document.pk,
        leader.pk,
    )
    assert (override.reason, override.at, override.year) == ("防汛紧急部署", at, timezone.localtime(at).year)
    assert override.record_type.model_class() is OfficialDocument

    # And back: documents' own rows again, none left under quotas.
    old = migrate(BEFORE).loader.project_state(BEFORE).apps
    DocumentQuota = old.get_model("documents", "DocumentQuota")
    OldOverride = old.get_model("documents", "QuotaOverride")
    assert sorted(DocumentQuota.objects.values_list("unit_id", "year", "limit")) == sorted(
        [(office.pk, 2026, 120), (bureau.pk, 2025, 30)]
    )
    assert list(OldOverride.objects.values_list("document_id", "leader_id", "reason")) == [
        (document.pk, leader.pk, "防汛紧急部署")
    ]
    assert not old.get_model("quotas", "Quota").objects.exists()
