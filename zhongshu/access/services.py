"""The security administrator's writes: clearance levels, need-to-know grants and the classification
policy. Each needs its own power (Power.SET_CLEARANCE, GRANT_NEED_TO_KNOW, SET_CLASSIFICATION_POLICY) and
is audited with what changed. Grants name records by type and id only: the security administrator sees
no business record, and the audit log never carries a title.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from zhongshu.access.models import ClassificationPolicy, Classified, NeedToKnowGrant
from zhongshu.audit.services import audit_record
from zhongshu.base.levels import DEFAULT_SECRECY_TERM_YEARS, Classification, Clearance
from zhongshu.base.roles import Power
from zhongshu.core.errors import Conflict, Forbidden, ServiceError


def _require(by: Any, power: Power, message: str) -> None:
    if by is None or not getattr(by, "is_authenticated", False) or not by.has_power(power):
        raise Forbidden(message)


def clearance_set(*, by: Any, person: Any, clearance: int, reason: str = "") -> Any:
    """Set a person's clearance level (涉密等级); audited as clearance.change with before and after.

    `person` is an `org.Person` (the directory sits above access, so its model is taken from the record)."""
    _require(by, Power.SET_CLEARANCE, "只有安全保密管理员可以设定涉密等级")
    if clearance not in Clearance.values:
        raise ServiceError("涉密等级无效", code="invalid_clearance", field="clearance")
    with transaction.atomic():
        person = type(person)._default_manager.select_for_update().get(pk=person.pk)
        before = person.clearance
        if before == clearance:
            return person
        person.clearance = clearance
        person.save(update_fields=["clearance"])
        audit_record(
            actor=by,
            action="clearance.change",
            target=person,
            details={
                "before": Clearance(before).label,
                "after": Clearance(clearance).label,
                "reason": reason.strip()[:200],
            },
        )
    return person


def classified_models() -> list[type[models.Model]]:
    from django.apps import apps

    return [model for model in apps.get_models() if issubclass(model, Classified)]


def need_to_know_grant(
    *,
    by: Any,
    person: Any,
    content_type: ContentType,
    object_id: int,
    reason: str,
    expires_at: datetime | None = None,
) -> NeedToKnowGrant:
    """Let one person know one classified record outside its need-to-know (知悉范围)."""
    _require(by, Power.GRANT_NEED_TO_KNOW, "只有安全保密管理员可以授予知悉范围")
    model = content_type.model_class()
    if model is None or not issubclass(model, Classified):
        raise ServiceError("该类记录不涉及知悉范围", code="not_classified", field="content_type")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("请填写授权理由", code="required", field="reason")
    if expires_at is not None and expires_at <= timezone.now():
        raise ServiceError("有效期须晚于当前时间", code="expired", field="expires_at")
    with transaction.atomic():
        if not model._default_manager.filter(pk=object_id).exists():
            raise ServiceError("记录不存在", code="no_such_record", field="object_id")
        live = NeedToKnowGrant.objects.filter(
            person_id=person.pk, content_type=content_type, object_id=object_id, revoked_at__isnull=True
        ).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
        if live.exists():
            raise Conflict("该人员已有此记录的有效授权", code="already_granted")
        grant = NeedToKnowGrant.objects.create(
            person_id=person.pk,
            content_type=content_type,
            object_id=object_id,
            reason=reason[:200],
            granted_by=by,
            expires_at=expires_at,
        )
        audit_record(
            actor=by,
            action="need_to_know.grant",
            object_type=content_type.app_label + "." + content_type.model,
            object_id=object_id,
            details={
                "grant": grant.pk,
                "person": person.pk,
                "reason": grant.reason,
                "expires_at": expires_at.isoformat() if expires_at else None,
            },
        )
    return grant


def need_to_know_revoke(*, by: Any, grant: NeedToKnowGrant) -> NeedToKnowGrant:
    _require(by, Power.GRANT_NEED_TO_KNOW, "只有安全保密管理员可以撤销知悉范围授权")
    with transaction.atomic():
        grant = NeedToKnowGrant.objects.select_for_update().select_related("content_type").get(pk=grant.pk)
        if grant.revoked_at is not None:
            raise Conflict("该授权已撤销", code="already_revoked")
        grant.revoked_at = timezone.now()
        grant.save(update_fields=["revoked_at"])
        audit_record(
            actor=by,
            action="need_to_know.revoke",
            object_type=grant.content_type.app_label + "." + grant.content_type.model,
            object_id=grant.object_id,
            details={"grant": grant.pk, "person": grant.person_id},
        )
    return grant


POLICY_FIELDS = {
    "confidential_term_years": Classification.CONFIDENTIAL,
    "secret_term_years": Classification.SECRET,
    "top_secret_term_years": Classification.TOP_SECRET,
}


def classification_policy_update(
    *, by: Any, confidential_term_years: int, secret_term_years: int, top_secret_term_years: int
) -> ClassificationPolicy:
    """Set the default secrecy terms; each within 1 year and the statutory maximum of its level."""
    _require(by, Power.SET_CLASSIFICATION_POLICY, "只有安全保密管理员可以设定定密策略")
    wanted = {
        "confidential_term_years": confidential_term_years,
        "secret_term_years": secret_term_years,
        "top_secret_term_years": top_secret_term_years,
    }
    for field, level in POLICY_FIELDS.items():
        years = wanted[field]
        maximum = DEFAULT_SECRECY_TERM_YEARS[level]
        if not 1 <= years <= maximum:
            raise ServiceError(
                f"{level.label}级默认保密期限须在1至{maximum}年之间", code="term_out_of_range", field=field
            )
    with transaction.atomic():
        policy = ClassificationPolicy.objects.select_for_update().filter(
            pk=1
        ).first() or ClassificationPolicy(pk=1)
        changes = {
            field: {"before": getattr(policy, field), "after": years}
            for field, years in wanted.items()
            if getattr(policy, field) != years
        }
        if not changes and not policy._state.adding:
            return policy
        for field, years in wanted.items():
            setattr(policy, field, years)
        policy.save()
        audit_record(
            actor=by, action="classification_policy.change", target=policy, details={"changes": changes}
        )
    return policy


def apply_classification(
    *,
    by: Any,
    record: Classified,
    classification: int,
    secrecy_term_years: int | None,
    need_to_know_people: Iterable[Any] | None = None,
    need_to_know_units: Iterable[Any] | None = None,
    reason: str,
) -> None:
    """Write a classification decision into a record's access fields (密级, 保密期限, 知悉范围).

    The caller has decided who may do this (secrecy's classification officer approving a decision, or the
    expiry tick with `by=None`, the system) and calls it inside its own transaction. The record is saved
    through its model's `save()` and its need-to-know through the many-to-many managers, so the search index
    (its signals) and every list follow at once. `need_to_know_*` None leaves that side as it is; a list
    replaces it. A state secret's term is at most the statutory maximum of its level; a record that is not
    a state secret carries no term. Audited as `classification.apply` with the levels and terms before and
    after — never the title."""
    if classification not in Classification.values:
        raise ServiceError("密级无效", code="invalid_classification", field="classification")
    level = Classification(classification)
    if level.is_state_secret:
        maximum = DEFAULT_SECRECY_TERM_YEARS[level]
        if secrecy_term_years is None or not 1 <= secrecy_term_years <= maximum:
            raise ServiceError(
                f"{level.label}级事项的保密期限须在1至{maximum}年之间",
                code="term_out_of_range",
                field="secrecy_term_years",
            )
    else:
        secrecy_term_years = None
    with transaction.atomic():
        locked = type(record)._default_manager.select_for_update().get(pk=record.pk)
        before = (locked.classification, locked.secrecy_term_years)
        locked.classification = level
        locked.secrecy_term_years = secrecy_term_years
        locked.save()
        if need_to_know_people is not None:
            locked.need_to_know_people.set([person.pk for person in need_to_know_people])
        if need_to_know_units is not None:
            locked.need_to_know_units.set([unit.pk for unit in need_to_know_units])
        record.classification = locked.classification
        record.secrecy_term_years = locked.secrecy_term_years
        audit_record(
            actor=by,
            action="classification.apply",
            target=locked,
            classification=max(before[0], level),
            details={
                "before": Classification(before[0]).label,
                "after": level.label,
                "term_before": before[1],
                "term_after": secrecy_term_years,
                "need_to_know_set": need_to_know_people is not None or need_to_know_units is not None,
                "reason": reason.strip()[:200],
            },
        )
