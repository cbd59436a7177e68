"""Cross-module links (access.links): a supervision item made from a leader's 批示 shows its source document,
and the document lists the item, each only as far as the access policy lets the viewer see."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from tests.documents.test_instruction_follow_up import instructed
from zhongshu.access import links
from zhongshu.access.links import HIDDEN_SOURCE, made_from, register_derived, source_of
from zhongshu.access.policy import viewer_of
from zhongshu.base.levels import Classification, Clearance
from zhongshu.base.roles import Role
from zhongshu.documents.incoming import instruction_to_supervision
from zhongshu.documents.models import OfficialDocument
from zhongshu.supervision.models import SupervisionItem
from zhongshu.supervision.services import supervision_item_open
from zhongshu.testing.access import sign_in
from zhongshu.testing.factories import make_person

pytestmark = pytest.mark.django_db

ITEM_TITLE = "督办：全县安全检查落实情况"


@pytest.fixture
def story(county):
    """A 批示 on an incoming document of the office turned into a supervision item by the office's 督查员."""
    document = instructed(county)
    supervisor = make_person("督查员甲", unit=county.office, roles=[Role.SUPERVISOR])
    item = instruction_to_supervision(document=document, by=supervisor.user)
    # The item's own name, so a page that must not name the document cannot show it through the item.
    SupervisionItem.objects.filter(pk=item.pk).update(title=ITEM_TITLE)
    item.refresh_from_db()
    county.supervisor = supervisor
    return county, document, item


def test_the_item_links_to_its_document_and_the_document_lists_the_item(story, client):
    county, document, item = story
    sign_in(client, county.supervisor.user)

    page = client.get(f"/supervision/items/{item.pk}/").content.decode()
    assert f'来源：公文<a href="/documents/{document.pk}/">《{document.title}》</a>' in page

    page = client.get(f"/documents/{document.pk}/").content.decode()
    assert f'由此产生：督查事项<a href="/supervision/items/{item.pk}/">《{ITEM_TITLE}》</a>' in page

    api = client.get(f"/api/supervision/items/{item.pk}").json()
    assert api["source"] == "instruction"  # the 来源 kind, as before
    assert api["source_record"] == {
        "kind": "documents.officialdocument",
        "id": document.pk,
        "noun": "公文",
        "title": document.title,
        "url": f"/documents/{document.pk}/",
        "visible": True,
        "text": f"公文《{document.title}》",
    }
    assert api["made_from"] == []
    api = client.get(f"/api/documents/{document.pk}").json()
    assert api["source_record"] is None
    assert [(link["kind"], link["id"], link["url"]) for link in api["made_from"]] == [
        ("supervision.supervisionitem", item.pk, f"/supervision/items/{item.pk}/")
    ]


def test_a_source_the_viewer_may_not_see_is_named_without_its_title(story, client):
    county, document, item = story
    # The document becomes a state secret of the office; the item stays 内部.
    OfficialDocument.objects.filter(pk=document.pk).update(classification=Classification.CONFIDENTIAL)
    outsider = make_person(
        "卫健局督查员", unit=county.health, roles=[Role.SUPERVISOR], clearance=Clearance.ORDINARY
    )
    sign_in(client, outsider.user)
    assert client.get(f"/documents/{document.pk}/").status_code == 404

    response = client.get(f"/supervision/items/{item.pk}/")
    page = response.content.decode()
    assert response.status_code == 200 and ITEM_TITLE in page
    assert f'来源：<span class="muted">{HIDDEN_SOURCE}</span>' in page
    assert document.title not in page
    assert f"/documents/{document.pk}/" not in page

    source = client.get(f"/api/supervision/items/{item.pk}").json()["source_record"]
    assert source == {
        "kind": None,
        "id": None,
        "noun": "",
        "title": "",
        "url": None,
        "visible": False,
        "text": HIDDEN_SOURCE,
    }


def test_what_was_made_from_a_record_shows_only_what_the_viewer_may_see(story, client):
    county, document, item = story
    # The item becomes a state secret of the office; the document stays 内部, seen by the office's people
    # (工作秘密, issue 14), among them a colleague with no clearance.
    SupervisionItem.objects.filter(pk=item.pk).update(classification=Classification.CONFIDENTIAL)
    colleague = make_person("办公室科员", unit=county.office, roles=[Role.CLERK])
    sign_in(client, colleague.user)

    response = client.get(f"/documents/{document.pk}/")
    page = response.content.decode()
    assert response.status_code == 200 and document.title in page
    assert "由此产生" not in page
    assert ITEM_TITLE not in page and f"/supervision/items/{item.pk}/" not in page
    assert client.get(f"/api/documents/{document.pk}").json()["made_from"] == []

    # A 督查员 of the office cleared for 秘密 still sees it.
    cleared = make_person(
        "督查员乙", unit=county.office, roles=[Role.SUPERVISOR], clearance=Clearance.ORDINARY
    )
    assert [link.id for link in made_from(document, cleared.user)] == [item.pk]
    assert made_from(document, colleague.user) == []


def test_made_from_is_newest_first_and_costs_the_same_for_any_number_of_records(story):
    county, document, item = story
    viewer = viewer_of(county.supervisor.user)

    def more(count: int) -> None:
        for n in range(count):
            supervision_item_open(
                by=county.supervisor.user,
                title=f"分项督办{SupervisionItem.objects.count()}-{n}",
                source="instruction",
                source_record=document,
            )

    more(2)
    with CaptureQueriesContext(connection) as few:
        found = made_from(document, viewer)
    assert [link.id for link in found] == sorted(link.id for link in found)[::-1]
    assert len(found) == 3 and found[-1].id == item.pk

    more(12)
    with CaptureQueriesContext(connection) as many:
        found = made_from(document, viewer)
    assert len(found) == 15
    # The same queries whatever the number of records: one per registered derived model (supervision items, the
    # reporting module's filings), the filings' scope asking once besides which units are the county office.
    derived = [kind for kind in links._KINDS.values() if kind.source is not None]
    assert len(many.captured_queries) == len(few.captured_queries) <= 2 * len(derived), [
        q["sql"] for q in many.captured_queries
    ]


def test_records_without_a_source_and_unsaved_records_link_nothing(story):
    county, document, item = story
    plain = supervision_item_open(by=county.supervisor.user, title="无来源事项", source="instruction")
    assert source_of(plain, county.supervisor.user) is None
    assert source_of(document, county.supervisor.user) is None  # documents record no source (yet)
    assert made_from(OfficialDocument(title="未保存"), county.supervisor.user) == []
    with CaptureQueriesContext(connection) as queries:
        assert source_of(plain, county.supervisor.user) is None
    assert not queries.captured_queries


def test_a_source_pair_must_name_a_content_type(monkeypatch):
    monkeypatch.setattr(links, "_KINDS", dict(links._KINDS))
    with pytest.raises(TypeError):
        register_derived(
            SupervisionItem, type_field="lead_unit", id_field="source_id", noun="x", title=str, url=str
        )
    assert links._KINDS[SupervisionItem].source == ("source_type_id", "source_id")


def test_the_source_pair_is_indexed():
    table = SupervisionItem._meta.db_table
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    indexed = [c["columns"] for c in constraints.values() if c["index"]]
    assert ["source_type_id", "source_id"] in indexed
    assert isinstance(SupervisionItem._meta.get_field("source_type"), models.ForeignKey)
    assert SupervisionItem._meta.get_field("source_type").related_model is ContentType
