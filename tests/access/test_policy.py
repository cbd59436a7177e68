"""The policy functions on the test-only classified model: auditing, same answer for missing and forbidden."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from tests.access_testapp.models import MatrixRecord
from zhongshu.access.models import NeedToKnowGrant
from zhongshu.access.policy import Action, RecordNotFound, can, get_for, visible
from zhongshu.audit.models import AuditEvent
from zhongshu.base.levels import Classification, Clearance
from zhongshu.base.roles import AdminRole
from zhongshu.testing.factories import make_admin, make_person, make_unit


@pytest.fixture
def owner_unit(db):
    return make_unit("保密局")


@pytest.fixture
def secret_record(owner_unit):
    return MatrixRecord.objects.create(
        title="关于某某工程的机密报告", classification=Classification.SECRET, owner_unit=owner_unit
    )


def test_a_denied_get_for_is_audited_without_the_title(secret_record):
    outsider = make_person("王五", clearance=Clearance.CORE)

    with pytest.raises(RecordNotFound):
        get_for(outsider.user, MatrixRecord, secret_record.pk)

    event = AuditEvent.objects.get(action="access.denied.view")
    assert (event.actor_id, event.outcome, event.object_type, event.object_id, event.classification) == (
        outsider.user.pk,
        "denied",
        "access_testapp.matrixrecord",
        str(secret_record.pk),
        Classification.SECRET,
    )
    assert "机密报告" not in str(event.details) and "机密报告" not in event.action


def test_a_permitted_view_of_a_state_secret_is_audited(secret_record, owner_unit):
    member = make_person("赵六", unit=owner_unit, clearance=Clearance.IMPORTANT)

    assert get_for(member.user, MatrixRecord, secret_record.pk) == secret_record

    event = AuditEvent.objects.get(action="record.view")
    assert (event.actor_id, event.outcome, event.object_id) == (
        member.user.pk,
        "success",
        str(secret_record.pk),
    )


def test_a_permitted_view_of_an_internal_record_is_not_audited(owner_unit):
    record = MatrixRecord.objects.create(
        title="内部通知", classification=Classification.INTERNAL, owner_unit=owner_unit
    )
    reader = make_person("钱七", unit=owner_unit)

    assert get_for(reader.user, MatrixRecord, record.pk) == record
    assert not AuditEvent.objects.filter(action="record.view").exists()


def test_an_internal_record_is_kept_from_other_units_and_their_denial_is_audited(owner_unit):
    """Issue 14, finding 8: 内部 (工作秘密) no longer means every business person."""
    record = MatrixRecord.objects.create(
        title="内部通知", classification=Classification.INTERNAL, owner_unit=owner_unit
    )
    elsewhere = make_person("周九", clearance=Clearance.CORE)  # another unit, however cleared

    with pytest.raises(RecordNotFound):
        get_for(elsewhere.user, MatrixRecord, record.pk)
    assert AuditEvent.objects.filter(action="access.denied.view").count() == 1


def test_forbidden_and_missing_answer_the_same(secret_record):
    outsider = make_person("孙八", clearance=Clearance.CORE)

    with pytest.raises(RecordNotFound) as forbidden:
        get_for(outsider.user, MatrixRecord, secret_record.pk)
    with pytest.raises(RecordNotFound) as missing:
        get_for(outsider.user, MatrixRecord, secret_record.pk + 1000)
    with pytest.raises(RecordNotFound) as malformed:
        get_for(outsider.user, MatrixRecord, "abc")

    assert str(forbidden.value) == str(missing.value) == str(malformed.value) == "记录不存在或无权访问"
    # Only the existing record's refusal is audited: a missing one has nothing to name.
    assert AuditEvent.objects.filter(action="access.denied.view").count() == 1


def test_only_owners_may_change(secret_record, owner_unit):
    member = make_person("周九", unit=owner_unit, clearance=Clearance.IMPORTANT)
    reader = make_person("吴十", clearance=Clearance.IMPORTANT)
    secret_record.need_to_know_people.add(reader)

    assert can(member.user, secret_record, Action.CHANGE)
    assert can(reader.user, secret_record, Action.VIEW)
    assert not can(reader.user, secret_record, Action.CHANGE)


def test_expired_and_revoked_grants_give_nothing(secret_record):
    person = make_person("郑一", clearance=Clearance.IMPORTANT)
    security_admin = make_admin(AdminRole.SECURITY_ADMIN)
    content_type = ContentType.objects.get_for_model(MatrixRecord)
    grant = NeedToKnowGrant.objects.create(
        person=person,
        content_type=content_type,
        object_id=secret_record.pk,
        reason="专项工作",
        granted_by=security_admin,
        expires_at=timezone.now() - timedelta(minutes=1),
    )
    assert not can(person.user, secret_record)

    grant.expires_at = timezone.now() + timedelta(days=1)
    grant.save()
    assert can(person.user, secret_record)

    grant.revoked_at = timezone.now()
    grant.save()
    assert not can(person.user, secret_record)


def test_a_disabled_account_sees_nothing(owner_unit):
    record = MatrixRecord.objects.create(title="公开通知", classification=Classification.PUBLIC)
    person = make_person("冯二", unit=owner_unit)
    person.user.is_active = False
    person.user.save()

    assert list(visible(MatrixRecord.objects.all(), person.user)) == []
    assert not can(person.user, record)


def test_a_model_neither_classified_nor_registered_is_refused(db):
    from django.contrib.auth.models import Group

    person = make_person("陈三")
    with pytest.raises(TypeError, match="Group is neither Classified nor registered"):
        visible(Group.objects.all(), person.user)
