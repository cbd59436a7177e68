"""The security administrator's services: clearance, need-to-know grants, the classification policy."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from tests.access_testapp.models import MatrixRecord
from zhongshu.access import services
from zhongshu.access.models import ClassificationPolicy
from zhongshu.access.policy import can
from zhongshu.audit.models import AuditEvent
from zhongshu.base.levels import Classification, Clearance
from zhongshu.core.errors import Conflict, Forbidden, ServiceError
from zhongshu.testing.factories import make_person


def test_the_security_admin_sets_a_clearance_audited_with_before_and_after(person, security_admin):
    services.clearance_set(
        by=security_admin, person=person, clearance=Clearance.IMPORTANT, reason="上岗审查通过"
    )

    person.refresh_from_db()
    assert person.clearance == Clearance.IMPORTANT
    event = AuditEvent.objects.get(action="clearance.change")
    assert (event.actor_id, event.object_type, event.object_id) == (
        security_admin.pk,
        "org.person",
        str(person.pk),
    )
    assert event.details == {"before": "非涉密", "after": "重要", "reason": "上岗审查通过"}


def test_setting_the_same_clearance_changes_and_audits_nothing(person, security_admin):
    services.clearance_set(by=security_admin, person=person, clearance=Clearance.NONE)
    assert not AuditEvent.objects.filter(action="clearance.change").exists()


@pytest.mark.parametrize("admin", ["system_admin", "auditor"])
def test_other_administrators_cannot_set_clearances(request, person, admin):
    with pytest.raises(Forbidden) as caught:
        services.clearance_set(by=request.getfixturevalue(admin), person=person, clearance=Clearance.CORE)
    assert caught.value.message == "只有安全保密管理员可以设定涉密等级"


def test_a_business_person_cannot_raise_their_own_clearance(person):
    with pytest.raises(Forbidden):
        services.clearance_set(by=person.user, person=person, clearance=Clearance.CORE)


def test_an_invalid_clearance_is_refused(person, security_admin):
    with pytest.raises(ServiceError) as caught:
        services.clearance_set(by=security_admin, person=person, clearance=9)
    assert (caught.value.code, caught.value.message) == ("invalid_clearance", "涉密等级无效")


@pytest.fixture
def secret_record(unit):
    return MatrixRecord.objects.create(
        title="机密事项", classification=Classification.SECRET, owner_unit=unit
    )


def test_a_grant_lets_one_person_know_and_a_revocation_takes_it_back(secret_record, security_admin):
    reader = make_person("韩梅", clearance=Clearance.IMPORTANT)
    content_type = ContentType.objects.get_for_model(MatrixRecord)
    assert not can(reader.user, secret_record)

    grant = services.need_to_know_grant(
        by=security_admin,
        person=reader,
        content_type=content_type,
        object_id=secret_record.pk,
        reason="联合办理",
    )
    assert can(reader.user, secret_record)
    granted = AuditEvent.objects.get(action="need_to_know.grant")
    assert (granted.object_type, granted.object_id) == ("access_testapp.matrixrecord", str(secret_record.pk))
    assert granted.details["person"] == reader.pk and "机密事项" not in str(granted.details)

    with pytest.raises(Conflict) as twice:
        services.need_to_know_grant(
            by=security_admin,
            person=reader,
            content_type=content_type,
            object_id=secret_record.pk,
            reason="再次",
        )
    assert twice.value.message == "该人员已有此记录的有效授权"

    services.need_to_know_revoke(by=security_admin, grant=grant)
    assert not can(reader.user, secret_record)
    assert AuditEvent.objects.filter(action="need_to_know.revoke", object_id=str(secret_record.pk)).exists()
    with pytest.raises(Conflict):
        services.need_to_know_revoke(by=security_admin, grant=grant)


def test_a_grant_needs_a_reason_a_classified_record_and_a_future_expiry(
    secret_record, security_admin, person
):
    content_type = ContentType.objects.get_for_model(MatrixRecord)
    cases = [
        ({"object_id": secret_record.pk, "reason": " "}, "请填写授权理由"),
        ({"object_id": secret_record.pk + 99, "reason": "x"}, "记录不存在"),
        (
            {"object_id": secret_record.pk, "reason": "x", "expires_at": timezone.now() - timedelta(hours=1)},
            "有效期须晚于当前时间",
        ),
        (
            {
                "object_id": person.pk,
                "reason": "x",
                "content_type": ContentType.objects.get_for_model(type(person)),
            },
            "该类记录不涉及知悉范围",
        ),
    ]
    for kwargs, message in cases:
        kwargs.setdefault("content_type", content_type)
        with pytest.raises(ServiceError) as caught:
            services.need_to_know_grant(by=security_admin, person=person, **kwargs)
        assert caught.value.message == message


def test_the_system_admin_cannot_grant_need_to_know(secret_record, system_admin, person):
    with pytest.raises(Forbidden):
        services.need_to_know_grant(
            by=system_admin,
            person=person,
            content_type=ContentType.objects.get_for_model(MatrixRecord),
            object_id=secret_record.pk,
            reason="x",
        )


def test_the_classification_policy_defaults_to_the_statutory_terms_and_changes_audited(security_admin):
    assert ClassificationPolicy.current().term_for(Classification.SECRET) == 20

    services.classification_policy_update(
        by=security_admin, confidential_term_years=5, secret_term_years=20, top_secret_term_years=30
    )

    policy = ClassificationPolicy.current()
    assert (policy.term_for(Classification.CONFIDENTIAL), policy.term_for(Classification.INTERNAL)) == (
        5,
        None,
    )
    event = AuditEvent.objects.get(action="classification_policy.change")
    assert event.details == {"changes": {"confidential_term_years": {"before": 10, "after": 5}}}


def test_a_term_beyond_the_statutory_maximum_is_refused(security_admin):
    with pytest.raises(ServiceError) as caught:
        services.classification_policy_update(
            by=security_admin, confidential_term_years=10, secret_term_years=25, top_secret_term_years=30
        )
    assert (caught.value.field, caught.value.message) == (
        "secret_term_years",
        "机密级默认保密期限须在1至20年之间",
    )


def test_the_auditor_cannot_set_the_classification_policy(auditor):
    with pytest.raises(Forbidden):
        services.classification_policy_update(
            by=auditor, confidential_term_years=10, secret_term_years=20, top_secret_term_years=30
        )
