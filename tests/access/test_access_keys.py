"""Access keys are a superset form of the rule: whoever may see a record shares a key with it."""

import pytest
from django.contrib.contenttypes.models import ContentType

from zhongshu.access import policy
from zhongshu.access.models import NeedToKnowGrant
from zhongshu.base.levels import Classification
from zhongshu.documents.models import OfficialDocument
from zhongshu.documents.states import DocState
from zhongshu.testing.access import _CLASSIFICATION_VALUE, CLASSIFICATIONS, Population

pytestmark = pytest.mark.django_db


def _keys_of(document: OfficialDocument) -> set[str]:
    return set(
        policy.record_access_keys(
            classification=document.classification,
            owner_person_id=document.owner_person_id,
            owner_unit_id=document.owner_unit_id,
            people=document.need_to_know_people.values_list("pk", flat=True),
            units=document.need_to_know_units.values_list("pk", flat=True),
            grant_subject=(ContentType.objects.get_for_model(OfficialDocument).pk, document.pk),
            remit=policy.work_secret_remit(OfficialDocument),
        )
    )


def test_every_record_a_viewer_may_see_shares_a_key_with_them_across_the_matrix():
    population = Population()
    ntk_people = [viewer.person for viewer in population.business("ntk_person")]
    documents = []
    for owner in population.business("owner_person"):
        for label in CLASSIFICATIONS:
            document = OfficialDocument.objects.create(
                title=f"钥匙{label}",
                state=DocState.REGISTERED,
                classification=_CLASSIFICATION_VALUE[label],
                owner_unit=population.owner_unit,
                owner_person=owner.person,
            )
            document.need_to_know_people.set(ntk_people)
            document.need_to_know_units.set([population.ntk_unit])
            documents.append(document)
    content_type = ContentType.objects.get_for_model(OfficialDocument)
    for viewer in population.business("granted"):
        for document in documents[::2]:  # every other one: a grant key must not stand for the rest
            NeedToKnowGrant.objects.create(
                person=viewer.person,
                content_type=content_type,
                object_id=document.pk,
                reason="测试",
                granted_by=population.security_admin,
            )
    keys = {document.pk: _keys_of(document) for document in documents}
    checked = 0
    for viewer in population.viewers:
        seen = set(policy.visible(OfficialDocument.objects.all(), viewer.user).values_list("pk", flat=True))
        held = policy.viewer_access_keys(viewer.user)
        if not seen:
            continue
        assert held is not None, viewer
        for pk in seen:
            assert keys[pk] & set(held), (viewer, pk, keys[pk], held)
            checked += 1
    assert checked > 50  # the matrix really had visible records to check


def test_keys_narrow_classified_records_to_their_owners_named_and_granted():
    assert policy.record_access_keys(
        classification=Classification.PUBLIC, owner_person_id=4, owner_unit_id=5
    ) == [policy.OPEN_KEY]
    # 工作秘密: a 内部 record's keys are its owners', its 知悉范围's and its model's office-wide roles'.
    assert policy.record_access_keys(
        classification=Classification.INTERNAL,
        owner_person_id=4,
        owner_unit_id=5,
        units=[7],
        remit=frozenset({"office_director"}),
    ) == ["p4", "u5", "u7", "rofficedirector"]
    assert policy.record_access_keys(
        classification=Classification.INTERNAL, owner_person_id=4, owner_unit_id=5, remit=policy.EVERYONE
    ) == [policy.OPEN_KEY]
    keys = policy.record_access_keys(
        classification=Classification.CONFIDENTIAL,
        owner_person_id=4,
        owner_unit_id=5,
        people=[6, 4],
        units=[7],
        grant_subject=(12, 99),
    )
    assert keys == ["p4", "u5", "p6", "u7", "g12t99"]


def test_a_viewer_with_more_grants_than_keys_allow_is_not_filtered_by_keys(person, security_admin):
    content_type = ContentType.objects.get_for_model(OfficialDocument)
    assert policy.viewer_access_keys(person.user)[:2] == [policy.OPEN_KEY, f"p{person.pk}"]
    NeedToKnowGrant.objects.bulk_create(
        NeedToKnowGrant(
            person=person, content_type=content_type, object_id=n, reason="测试", granted_by=security_admin
        )
        for n in range(1, policy.MAX_VIEWER_KEYS + 1)
    )
    assert policy.viewer_access_keys(person.user) is None


def test_administrators_and_the_anonymous_hold_no_key(system_admin):
    from django.contrib.auth.models import AnonymousUser

    assert policy.viewer_access_keys(system_admin) == []
    assert policy.viewer_access_keys(AnonymousUser()) == []
