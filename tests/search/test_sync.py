"""The index follows the records: in the same transaction, through bulk rebuilds and the reconciling tick."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from zhongshu.access.models import NeedToKnowGrant
from zhongshu.base.levels import Classification, Clearance
from zhongshu.core.jobs import registered_ticks
from zhongshu.documents.models import OfficialDocument
from zhongshu.documents.states import DocState
from zhongshu.search.backends import FTS
from zhongshu.search.indexing import reconcile, reindex
from zhongshu.search.models import SearchEntry
from zhongshu.search.selectors import search

pytestmark = pytest.mark.django_db


def fts_rows():
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"SELECT count(*) FROM {FTS} WHERE {FTS} MATCH %s", ['"防汛"'])
        else:
            cursor.execute(f"SELECT count(*) FROM {FTS} WHERE tokens @@ %s::tsquery", ["'防汛'"])
        return cursor.fetchone()[0]


def test_saving_indexes_editing_rewrites_and_deleting_removes(make_document, clerk):
    document = make_document(title="防汛通知", body="正文甲")
    entry = SearchEntry.objects.get(source_id=document.pk)
    assert (entry.kind, entry.title, entry.reference, entry.url) == (
        "document",
        "防汛通知",
        document.doc_number,
        f"/documents/{document.pk}/",
    )
    document.title = "抗旱通知"
    document.save()
    assert search(clerk.user, "防汛").count == 0
    assert search(clerk.user, "抗旱").count == 1
    assert fts_rows() == 0
    document.delete()
    assert SearchEntry.objects.count() == 0
    assert search(clerk.user, "抗旱").count == 0


def test_a_rolled_back_change_leaves_no_entry(make_document, clerk):
    with pytest.raises(RuntimeError), transaction.atomic():
        make_document(title="防汛通知")
        assert SearchEntry.objects.count() == 1
        raise RuntimeError("the service failed after writing")
    assert SearchEntry.objects.count() == 0
    assert fts_rows() == 0
    assert search(clerk.user, "防汛").count == 0


def test_a_record_that_stops_being_searchable_leaves_the_index(make_document, clerk):
    document = make_document(title="防汛通知")
    document.state = DocState.DRAFT
    document.save()
    assert not SearchEntry.objects.exists()


def test_the_tick_repairs_what_bulk_updates_skipped(make_document, clerk, office):
    from zhongshu.testing.factories import make_person

    document = make_document(title="防汛通知")
    stranger = make_person("外人", unit=office)
    # QuerySet.update() sends no signal: the mirror now says 内部 while the record is 机密.
    OfficialDocument.objects.filter(pk=document.pk).update(classification=Classification.SECRET)
    SearchEntry.objects.all().delete()  # and an entry lost with it
    other = make_document(title="抗旱通知")
    OfficialDocument.objects.filter(pk=other.pk).update(classification=Classification.SECRET)
    assert reconcile() >= 2
    entry = SearchEntry.objects.get(source_id=other.pk)
    assert entry.classification == Classification.SECRET
    assert SearchEntry.objects.filter(source_id=document.pk).exists()
    assert reconcile() == 0  # idempotent
    assert search(stranger.user, "抗旱").count == 0
    assert "search.reconcile" in registered_ticks()


def test_the_tick_takes_away_need_to_know_removed_behind_the_signals(make_document, office):
    from zhongshu.testing.factories import make_person, make_unit

    named = make_person("知悉人", unit=make_unit("财政局"), clearance=Clearance.ORDINARY)
    secret = make_document(title="机要通知", classification=Classification.CONFIDENTIAL)
    secret.need_to_know_people.add(named)
    assert search(named.user, "机要").count == 1
    # A delete on the through table sends no m2m_changed: the entry's mirror and keys still name the person.
    OfficialDocument.need_to_know_people.through.objects.filter(officialdocument_id=secret.pk).delete()
    assert reconcile() == 1
    assert search(named.user, "机要").count == 0
    # No grant names the document, so it needs no grant key.
    assert SearchEntry.objects.get(source_id=secret.pk).access_keys.split() == [
        f"p{secret.owner_person_id}",
        f"u{office.pk}",
    ]
    assert reconcile() == 0


def test_a_grant_made_behind_the_signals_reaches_the_index_with_the_tick(make_document, security_admin):
    from zhongshu.testing.factories import make_person, make_unit

    grantee = make_person("获授权人", unit=make_unit("审计局"), clearance=Clearance.ORDINARY)
    secret = make_document(title="机要通知", classification=Classification.CONFIDENTIAL)
    type_id = ContentType.objects.get_for_model(OfficialDocument).pk
    # bulk_create sends no post_save: the entry still lacks the grant key, and the key filter hides it.
    NeedToKnowGrant.objects.bulk_create(
        [
            NeedToKnowGrant(
                person=grantee,
                content_type_id=type_id,
                object_id=secret.pk,
                reason="测试",
                granted_by=security_admin,
            )
        ]
    )
    assert search(grantee.user, "机要").count == 0
    assert reconcile() == 1
    assert f"g{type_id}t{secret.pk}" in SearchEntry.objects.get(source_id=secret.pk).access_keys.split()
    assert [hit.entry.source_id for hit in search(grantee.user, "机要").hits] == [secret.pk]
    assert reconcile() == 0


def test_reindex_rebuilds_every_entry_and_is_repeatable(make_document, clerk):
    for i in range(5):
        make_document(title=f"防汛通知{i}", body="正文")
    before = sorted(SearchEntry.objects.values_list("source_id", "title", "classification"))
    assert reindex()["document"] == 5
    assert reindex(kind="document") == {"document": 5}
    after = sorted(SearchEntry.objects.values_list("source_id", "title", "classification"))
    assert after == before
    assert search(clerk.user, "防汛").count == 5
    assert fts_rows() == 5


def test_reindex_of_every_kind_gives_records_of_one_day_distinct_keys(make_document, clerk):
    from zhongshu.materials.models import Material

    document = make_document(title="防汛通知", body="正文")
    Material.objects.create(
        date=SearchEntry.objects.get(source_id=document.pk).date,
        title="防汛讲话",
        material_type="speech",
        text="防汛讲话\n正文。",
        content_hash="reindex-day",
        created_by=clerk.user,
        classification=Classification.INTERNAL,
        owner_unit=clerk.unit,
        owner_person=clerk,
    )
    written = reindex()
    assert (written["document"], written["material"]) == (1, 1)
    assert SearchEntry.objects.values("rank").distinct().count() == 2
    assert search(clerk.user, "防汛").count == 2


def test_reindex_command(make_document, capsys):
    from django.core.management import call_command

    make_document(title="防汛通知")
    call_command("search", "reindex", "--kind", "document")
    assert "document: 1" in capsys.readouterr().out


def test_reindex_of_an_unknown_kind_is_a_clear_error():
    from zhongshu.core.errors import ServiceError

    with pytest.raises(ServiceError) as error:
        reindex(kind="nonsense")
    assert error.value.code == "unknown_kind"
