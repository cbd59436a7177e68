"""Search returns only what the policy lets the viewer see: rows and counts alike, inside the query."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from zhongshu.access import policy
from zhongshu.access.models import NeedToKnowGrant
from zhongshu.base.levels import Classification, Clearance
from zhongshu.base.roles import Role
from zhongshu.documents.models import OfficialDocument
from zhongshu.documents.states import DocState
from zhongshu.search.models import SearchEntry
from zhongshu.search.selectors import search
from zhongshu.testing import factories
from zhongshu.testing.access import Route, check_records

pytestmark = pytest.mark.django_db


def _document(spec):
    document = OfficialDocument.objects.create(
        title=spec.title, body=f"正文 {spec.marker}", state=DocState.REGISTERED, **spec.fields()
    )
    return spec.apply_need_to_know(document)


def test_search_page_and_api_leak_nothing_across_the_access_matrix():
    check_records(
        model=OfficialDocument,
        make=_document,
        routes=[
            Route("search results", "/search/results/?q={marker}"),
            Route("search api", "/api/search/?q={marker}"),
        ],
    )


@pytest.fixture
def people(office):
    other = factories.make_unit("财政局")
    return {
        "owner": factories.make_person("拥有者", unit=office, clearance=Clearance.ORDINARY),
        "colleague": factories.make_person("同单位", unit=office, clearance=Clearance.ORDINARY),
        "named": factories.make_person("知悉人", unit=other, clearance=Clearance.ORDINARY),
        "granted": factories.make_person("获授权", unit=other, clearance=Clearance.ORDINARY),
        "uncleared": factories.make_person("无涉密", unit=other, clearance=Clearance.NONE),
        "outsider": factories.make_person("外单位", unit=other, clearance=Clearance.IMPORTANT),
    }


def test_results_and_counts_equal_what_the_policy_allows(make_document, people, office, security_admin):
    secret = make_document(
        title="防汛秘密文件", classification=Classification.CONFIDENTIAL, owner_person=people["owner"]
    )
    secret.need_to_know_people.add(people["named"])
    make_document(title="防汛内部文件", classification=Classification.INTERNAL)
    NeedToKnowGrant.objects.create(
        person=people["granted"],
        content_type=ContentType.objects.get_for_model(OfficialDocument),
        object_id=secret.pk,
        reason="工作需要",
        granted_by=security_admin,
    )
    for name, person in people.items():
        page = search(person.user, "防汛")
        allowed = set(
            policy.visible(OfficialDocument.objects.all(), person.user).values_list("pk", flat=True)
        )
        found = {hit.entry.source_id for hit in page.hits}
        assert found == allowed, name
        assert page.count == len(allowed), name
    # 工作秘密 (issue 14): the 内部 file is the office's; another unit's people find neither file, however
    # cleared, and the owner's colleague finds both.
    assert search(people["uncleared"].user, "防汛").count == 0
    assert search(people["outsider"].user, "防汛").count == 0
    assert search(people["colleague"].user, "防汛").count == 2


def test_a_grant_on_the_document_reaches_its_entry_and_revoking_hides_it(
    make_document, people, security_admin
):
    secret = make_document(title="机要文件", classification=Classification.CONFIDENTIAL)
    viewer = people["granted"].user
    assert search(viewer, "机要").count == 0
    grant = NeedToKnowGrant.objects.create(
        person=people["granted"],
        content_type=ContentType.objects.get_for_model(OfficialDocument),
        object_id=secret.pk,
        reason="工作需要",
        granted_by=security_admin,
    )
    assert [hit.entry.source_id for hit in search(viewer, "机要").hits] == [secret.pk]
    grant.revoked_at = timezone.now()
    grant.save()
    assert search(viewer, "机要").count == 0


def test_a_grant_on_another_record_with_the_same_id_does_not_open_the_entry(
    make_document, people, security_admin
):
    secret = make_document(title="机要文件", classification=Classification.CONFIDENTIAL)
    NeedToKnowGrant.objects.create(
        person=people["granted"],
        content_type=ContentType.objects.get_for_model(SearchEntry),
        object_id=SearchEntry.objects.get(source_id=secret.pk).pk,
        reason="错误的对象",
        granted_by=security_admin,
    )
    assert search(people["granted"].user, "机要").count == 0


def test_need_to_know_changes_reach_the_index_at_once(make_document, people):
    secret = make_document(title="机要文件", classification=Classification.CONFIDENTIAL)
    viewer = people["named"].user
    assert search(viewer, "机要").count == 0
    secret.need_to_know_people.add(people["named"])
    assert search(viewer, "机要").count == 1
    secret.need_to_know_people.remove(people["named"])
    assert search(viewer, "机要").count == 0
    secret.need_to_know_units.add(people["named"].unit)
    assert search(viewer, "机要").count == 1
    people["named"].unit.__class__.objects.get(pk=people["named"].unit_id)  # the unit still exists
    secret.need_to_know_units.clear()
    assert search(viewer, "机要").count == 0


def test_declassifying_reaches_the_index(make_document, people):
    secret = make_document(title="机要文件", classification=Classification.SECRET)
    secret.need_to_know_units.add(people["uncleared"].unit)
    viewer = people["uncleared"].user
    assert search(viewer, "机要").count == 0
    secret.classification = Classification.INTERNAL  # 工作秘密: their unit is in its 知悉范围
    secret.save()
    assert search(viewer, "机要").count == 1
    secret.classification = Classification.PUBLIC  # and now anyone's
    secret.save()
    assert search(people["outsider"].user, "机要").count == 1


def test_administrators_get_nothing(make_document, system_admin, auditor):
    make_document(title="防汛内部文件")
    assert search(system_admin, "防汛").count == 0
    assert search(auditor, "防汛").count == 0


def test_a_liaison_finds_only_their_units_supervision_items(office):
    from zhongshu.supervision.models import ItemUnit, SupervisionItem

    creator = factories.make_person("督查员", unit=office, roles=[Role.SUPERVISOR])
    mine = factories.make_unit("教育局")
    liaison = factories.make_person("联络员", unit=mine, roles=[Role.LIAISON])
    ours = SupervisionItem.objects.create(title="校园防汛排查", source="directive", created_by=creator.user)
    ItemUnit.objects.create(item=ours, unit=mine, role="lead")
    SupervisionItem.objects.create(title="河道防汛排查", source="directive", created_by=creator.user)
    assert {hit.entry.title for hit in search(liaison.user, "防汛").hits} == {"校园防汛排查"}
    assert search(liaison.user, "防汛").count == 1
    assert search(creator.user, "防汛").count == 2


def test_a_viewer_with_many_grants_searches_without_keys_and_still_sees_exactly_the_allowed(
    make_document, people, security_admin
):
    secret = make_document(title="海量授权机要文件", classification=Classification.CONFIDENTIAL)
    make_document(title="海量授权另一机要文件", classification=Classification.CONFIDENTIAL)
    content_type = ContentType.objects.get_for_model(OfficialDocument)
    NeedToKnowGrant.objects.bulk_create(
        NeedToKnowGrant(
            person=people["granted"],
            content_type=content_type,
            object_id=object_id,
            reason="工作需要",
            granted_by=security_admin,
        )
        for object_id in [secret.pk, *range(10_000, 10_000 + policy.MAX_VIEWER_KEYS)]
    )
    assert policy.viewer_access_keys(people["granted"].user) is None
    page = search(people["granted"].user, "海量授权")
    assert [hit.entry.source_id for hit in page.hits] == [secret.pk]
    assert page.count == 1
