"""The input contracts of the 额度 page and API (one per action, over `core.inputs.Input`): one unit's quota
(the API, `POST /api/quotas` and documents' `POST /api/documents/quotas`), and every unit's in one form."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from zhongshu.accounts.actors import Actor
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input
from zhongshu.org import inputs as org_inputs
from zhongshu.org.models import Unit
from zhongshu.quotas import services
from zhongshu.quotas.models import Quota
from zhongshu.quotas.registry import QuotaKind, quota_kind

DEFAULT_KIND = "documents"
KIND_SCHEMA = {
    "type": "string",
    "description": "额度类别（documents 为发文，meetings.<类型> 为该类会议），缺省为发文",
}


def kind_of(data: Input, kind: str | None = None) -> QuotaKind:
    """The kind named by the caller (documents' own route) or by the input's `kind` (发文 when absent)."""
    code = kind or str(data.value("kind") or "").strip() or DEFAULT_KIND
    return quota_kind(code)


@dataclass(frozen=True)
class QuotaIn:
    """精文减会: a unit's yearly quota of one kind (no limit when `limit` is empty; this year when `year` is)."""

    kind: QuotaKind = field(metadata={"schema": KIND_SCHEMA})
    unit: Unit
    year: int | None
    limit: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any, *, kind: str | None = None) -> QuotaIn:
        spec = kind_of(data, kind)
        unit = org_inputs.unit(data, "unit", viewer)
        try:
            limit = data.integer("limit", label=f"{spec.label}额度", low=0)
        except ServiceError:
            raise ServiceError(f"{spec.label}额度须为非负整数", code="invalid_limit", field="limit") from None
        if unit is None:
            raise ServiceError("请选择单位", code="unit_required", field="unit")
        return cls(kind=spec, unit=unit, year=data.integer("year", label="年度"), limit=limit)

    def apply(self, *, by: Actor, year: int) -> Quota | None:
        return services.quota_set(by=by, kind=self.kind.code, unit=self.unit, year=year, limit=self.limit)


class QuotasInvalid(ServiceError):
    """Some rows of the quota page hold no valid quota: `problems` names each (unit id → message)."""

    def __init__(self, problems: dict[int, str]) -> None:
        first = next(iter(problems.values()))
        more = f"等{len(problems)}处" if len(problems) > 1 else ""
        super().__init__(f"{first}{more}，本次未保存任何额度", code="invalid_limit", field="limit")
        self.problems = problems


@dataclass(frozen=True)
class QuotasIn:
    """The 额度 page's one form: a field `limit-<unit id>` per unit listed (empty: no quota). A unit whose
    field is absent (added after the page was drawn) keeps its quota."""

    kind: QuotaKind
    year: int
    limits: dict[Unit, int | None]

    @classmethod
    def parse(cls, data: Input, *, kind: QuotaKind, units: list[Unit], year: int) -> QuotasIn:
        limits: dict[Unit, int | None] = {}
        problems: dict[int, str] = {}
        for unit in units:
            name = f"limit-{unit.pk}"
            if not data.has(name):
                continue
            try:
                limits[unit] = data.integer(name, label=f"{kind.label}额度", low=0)
            except ServiceError:
                problems[unit.pk] = f"{unit.name}的{kind.label}额度须为非负整数"
        if problems:
            raise QuotasInvalid(problems)
        return cls(kind=kind, year=year, limits=limits)

    def apply(self, *, by: Actor) -> list[Unit]:
        return services.quotas_set(by=by, kind=self.kind.code, year=self.year, limits=self.limits)
