"""精文减会, for every kind of quota (发文, each type of meeting): where a unit stands, the office director's
limits, and the leaders' recorded consents beyond them.

A module registers its kind (`registry.register_quota_kind`) and asks `quota_status` before it lets a record
count; when the quota is used up, its own rule (its ActionRules) decides who may consent, and its service
records the consent here with `quota_override_record`, in its own transaction.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Model

from zhongshu.accounts.actors import Actor
from zhongshu.audit.services import audit_record
from zhongshu.base.roles import Role
from zhongshu.core.errors import Conflict, Forbidden, ServiceError
from zhongshu.org.models import Person, Unit
from zhongshu.quotas.models import Quota, QuotaOverride
from zhongshu.quotas.registry import QuotaKind, quota_kind
from zhongshu.quotas.registry import quota_kinds as _registered_kinds
from zhongshu.quotas.status import QuotaStatus

__all__ = [
    "QuotaKind",
    "QuotaStatus",
    "quota_kinds",
    "quota_overridden",
    "quota_override_record",
    "quota_set",
    "quota_status",
    "quotas_set",
]

REASON_LENGTH = 500


def quota_kinds() -> list[QuotaKind]:
    """Every registered kind, in the order the 额度 page offers them (发文 first)."""
    return _registered_kinds()


def quota_status(*, kind: str, unit_id: int | None, year: int) -> QuotaStatus:
    """The unit's count of `kind` this year against its quota, and last year's count when known (the unit had
    some last year, or a quota set for last year). Records of no unit have no quota."""
    spec = quota_kind(kind)
    limits: dict[int, int] = {}
    if unit_id is not None:
        limits = dict(
            Quota.objects.filter(kind=kind, unit_id=unit_id, year__in=[year, year - 1]).values_list(
                "year", "limit"
            )
        )
    last = spec.count(unit_id, year - 1)
    known = last > 0 or (year - 1) in limits
    return QuotaStatus(
        limit=limits.get(year),
        used=spec.count(unit_id, year),
        last_year=last if known else None,
        label=spec.label,
        noun=spec.noun,
        verb=spec.verb,
    )


def _require_director(by: Actor, spec: QuotaKind) -> None:
    if not by.has_role(Role.OFFICE_DIRECTOR):
        raise Forbidden(f"只有{Role.OFFICE_DIRECTOR.label}才能设定{spec.label}额度", code="role_required")


def _check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise ServiceError("年度无效", code="invalid_year", field="year")


def quota_set(*, by: Actor, kind: str, unit: Unit, year: int, limit: int | None) -> Quota | None:
    """The office director sets (or, with None, clears) a unit's yearly quota of one kind; audited."""
    spec = quota_kind(kind)
    _require_director(by, spec)
    if limit is not None and limit < 0:
        raise ServiceError(f"{spec.label}额度不能为负数", code="invalid_limit", field="limit")
    _check_year(year)
    with transaction.atomic():
        current = Quota.objects.select_for_update().filter(kind=kind, unit=unit, year=year).first()
        before = current.limit if current else None
        quota: Quota | None
        if limit is None:
            if current is not None:
                current.delete()
            quota = None
        elif current is None:
            try:
                with transaction.atomic():
                    quota = Quota.objects.create(kind=kind, unit=unit, year=year, limit=limit)
            except IntegrityError:  # someone set this unit's quota at the same moment
                raise Conflict("该单位的额度刚被他人设定，请刷新后重试", code="conflict") from None
        else:
            current.limit = limit
            current.save(update_fields=["limit"])
            quota = current
        audit_record(
            actor=by,
            action="quotas.set",
            target=unit,
            details={"quota_kind": kind, "year": year, "before": before, "after": limit},
        )
    return quota


def quotas_set(*, by: Actor, kind: str, year: int, limits: Mapping[Unit, int | None]) -> list[Unit]:
    """The 额度 page's one 保存: every unit's quota of `kind` for `year` in one transaction — all of them or, on
    any error, none. Only the units whose quota changes are written (and audited). Returns those units."""
    spec = quota_kind(kind)
    _require_director(by, spec)
    _check_year(year)
    with transaction.atomic():
        current = dict(
            Quota.objects.select_for_update()
            .filter(kind=kind, year=year, unit__in=list(limits))
            .order_by("unit_id")
            .values_list("unit_id", "limit")
        )
        changed = [unit for unit, limit in limits.items() if current.get(unit.pk) != limit]
        for unit in sorted(changed, key=lambda unit: unit.pk):
            quota_set(by=by, kind=kind, unit=unit, year=year, limit=limits[unit])
    return changed


def quota_override_record(
    *,
    by: Actor,
    kind: str,
    unit_id: int,
    year: int,
    record: Model,
    reason: str,
    leader: Person | None = None,
) -> QuotaOverride:
    """Record a leader's consent to `record` (a document, a meeting) beyond the unit's yearly quota of `kind`.
    The caller has checked who may consent (its ActionRules) and calls this inside its own transaction; the
    consent is audited. One consent per record and kind."""
    spec = quota_kind(kind)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(f"突破{spec.label}额度须有书面说明", code="reason_required", field="reason")
    if record.pk is None:
        raise ServiceError("记录尚未保存，不能记录突破额度", code="record_required", field="record")
    _check_year(year)
    record_type = ContentType.objects.get_for_model(record, for_concrete_model=True)
    with transaction.atomic():
        if QuotaOverride.objects.filter(kind=kind, record_type=record_type, record_id=record.pk).exists():
            raise ServiceError(f"本记录已获同意突破{spec.label}额度", code="already_overridden")
        try:
            with transaction.atomic():
                override = QuotaOverride.objects.create(
                    kind=kind,
                    unit_id=unit_id,
                    year=year,
                    record_type=record_type,
                    record_id=record.pk,
                    leader=leader,
                    reason=reason[:REASON_LENGTH],
                    by=by if getattr(by, "is_authenticated", False) else None,
                )
        except IntegrityError:
            raise ServiceError(f"本记录已获同意突破{spec.label}额度", code="already_overridden") from None
        audit_record(
            actor=by,
            action="quotas.override",
            target=record,
            details={"quota_kind": kind, "year": year, "quota_unit": unit_id},
        )
    return override


def quota_overridden(*, kind: str, record: Model) -> bool:
    """Has a leader's consent to `record` beyond the quota of `kind` been recorded?"""
    if record.pk is None:
        return False
    record_type = ContentType.objects.get_for_model(record, for_concrete_model=True)
    return QuotaOverride.objects.filter(kind=kind, record_type=record_type, record_id=record.pk).exists()
