"""精文减会 moves to the quotas app: each DocumentQuota becomes a Quota of kind `documents`, and each leader's
consent to a document beyond it (documents.QuotaOverride) a quotas.QuotaOverride naming the document; then
both documents models go. Reversible: going back copies them the other way (a consent recorded without a
leader cannot go back, as the old model required one, and is left out)."""

from django.db import migrations
from django.utils import timezone

KIND = "documents"


def _document_type(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="documents", model="officialdocument")[0]


def to_quotas(apps, schema_editor):
    DocumentQuota = apps.get_model("documents", "DocumentQuota")
    OldOverride = apps.get_model("documents", "QuotaOverride")
    Quota = apps.get_model("quotas", "Quota")
    QuotaOverride = apps.get_model("quotas", "QuotaOverride")
    Quota.objects.bulk_create(
        [
            Quota(kind=KIND, unit_id=quota.unit_id, year=quota.year, limit=quota.limit)
            for quota in DocumentQuota.objects.order_by("pk")
            if not Quota.objects.filter(kind=KIND, unit_id=quota.unit_id, year=quota.year).exists()
        ]
    )
    record_type = _document_type(apps)
    for old in OldOverride.objects.select_related("document").order_by("pk"):
        document = old.document
        if document.owner_unit_id is None:
            continue  # no unit, no quota: nothing was beyond it
        QuotaOverride.objects.get_or_create(
            kind=KIND,
            record_type=record_type,
            record_id=document.pk,
            defaults={
                "unit_id": document.owner_unit_id,
                "year": timezone.localtime(old.at).year,
                "leader_id": old.leader_id,
                "reason": old.reason,
                "at": old.at,
            },
        )


def to_documents(apps, schema_editor):
    DocumentQuota = apps.get_model("documents", "DocumentQuota")
    OldOverride = apps.get_model("documents", "QuotaOverride")
    Quota = apps.get_model("quotas", "Quota")
    QuotaOverride = apps.get_model("quotas", "QuotaOverride")
    for quota in Quota.objects.filter(kind=KIND).order_by("pk"):
        DocumentQuota.objects.get_or_create(
            unit_id=quota.unit_id, year=quota.year, defaults={"limit": quota.limit}
        )
    record_type = _document_type(apps)
    for override in QuotaOverride.objects.filter(kind=KIND, record_type=record_type, leader__isnull=False):
        OldOverride.objects.get_or_create(
            document_id=override.record_id,
            defaults={"leader_id": override.leader_id, "reason": override.reason, "at": override.at},
        )
    # The copies are the quotas app's rows again: unapplying quotas' own migration may then drop its tables.
    QuotaOverride.objects.filter(kind=KIND).delete()
    Quota.objects.filter(kind=KIND).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("documents", "0005_minutes_lists"),
        ("quotas", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(to_quotas, to_documents),
        migrations.DeleteModel(name="DocumentQuota"),
        migrations.DeleteModel(name="QuotaOverride"),
    ]
