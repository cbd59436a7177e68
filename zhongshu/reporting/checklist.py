"""请示报告清单: each unit's list of the matters it must request (请示) or report (报告), kept by the county office
(roles.keeps_checklists) and seen by the unit's own people.

A line states its kind, 事前/事后, the rule behind it (依据), its cycle and when it falls due: a periodic line
(每月, 每季度, 每年) on the `due_working_days`-th working day after its period, a by-date line on `due_on`,
an ad-hoc line matter by matter. Editing checks the version read; a line with filings is never deleted, it is
retired (停止日期) and keeps its history. The office may add one line to several units at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from zhongshu.access.policy import Action, Viewer, register_scope, visible
from zhongshu.accounts.actors import Actor
from zhongshu.audit.services import audit_record
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.core.locking import lock_at_version
from zhongshu.org.models import Unit
from zhongshu.reporting.models import ChecklistFiling, ChecklistLine, Cycle, MatterKind, Timing
from zhongshu.reporting.roles import files_for_unit, keeps_checklists

PERIODIC = frozenset({Cycle.MONTHLY.value, Cycle.QUARTERLY.value, Cycle.YEARLY.value})
TEXT_MAX = 200
DUE_DAYS_MAX = 60
MAX_UNITS = 200
YEAR_LOW, YEAR_HIGH = 2000, 2100


def may_keep(viewer: Any) -> bool:
    """The county office keeps every unit's list."""
    return bool(getattr(viewer, "is_authenticated", True)) and keeps_checklists(viewer)


def own_unit_id(viewer: Any) -> int | None:
    person = getattr(viewer, "person_or_none", None)
    return person.unit_id if person is not None else None


def may_file_for(viewer: Any, unit_id: int) -> bool:
    """The unit's liaison, 文书 and leaders file its reports; the office files from a document it received."""
    if may_keep(viewer):
        return True
    return own_unit_id(viewer) == unit_id and files_for_unit(viewer)


def visible_lines(viewer: Any) -> QuerySet[ChecklistLine]:
    return visible(ChecklistLine.objects.all(), viewer).select_related("unit")


def units_with_lists(viewer: Any) -> list[Unit]:
    """The units whose list the viewer may see and that have one (the office's filter)."""
    ids = visible_lines(viewer).values("unit_id")
    return list(Unit.objects.filter(pk__in=ids).order_by("sort_order", "code"))


def is_live(line: ChecklistLine, on: date | None = None) -> bool:
    on = on or timezone.localdate()
    return line.ends_on is None or line.ends_on >= on


# --- the rules of a line ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineFields:
    kind: str
    timing: str
    matter: str
    basis: str
    cycle: str
    due_working_days: int | None
    due_on: date | None
    starts_on: date | None
    ends_on: date | None
    sort_order: int = 0

    def checked(self) -> LineFields:
        """The fields as they are kept, or the first thing wrong with them (nothing is saved)."""
        if self.kind not in MatterKind.values:
            raise ServiceError("请选择类别（请示或报告）", code="kind_required", field="kind")
        if self.timing not in Timing.values:
            raise ServiceError("请选择时机（事前或事后）", code="timing_required", field="timing")
        matter = (self.matter or "").strip()
        basis = (self.basis or "").strip()
        if not matter:
            raise ServiceError("请填写请示报告事项", code="matter_required", field="matter")
        if len(matter) > TEXT_MAX:
            raise ServiceError(f"事项不能超过{TEXT_MAX}字", code="too_long", field="matter")
        if not basis:
            raise ServiceError("请填写依据（要求报送的制度或文件）", code="basis_required", field="basis")
        if len(basis) > TEXT_MAX:
            raise ServiceError(f"依据不能超过{TEXT_MAX}字", code="too_long", field="basis")
        if not self.cycle:
            raise ServiceError(
                "请选择周期（随时、每月、每季度、每年或指定日期）", code="cycle_required", field="cycle"
            )
        if self.cycle not in Cycle.values:
            raise ServiceError("未知的周期", code="unknown_cycle", field="cycle")
        due_days = self.due_working_days
        due_on = self.due_on
        if self.cycle in PERIODIC:
            if due_days is None:
                raise ServiceError(
                    "定期报送的事项须填写期满后第几个工作日前报送",
                    code="due_working_days_required",
                    field="due_working_days",
                )
            if not 1 <= due_days <= DUE_DAYS_MAX:
                raise ServiceError(
                    f"报送时限应为1至{DUE_DAYS_MAX}个工作日",
                    code="due_working_days_range",
                    field="due_working_days",
                )
            due_on = None
        elif self.cycle == Cycle.BY_DATE:
            if due_on is None:
                raise ServiceError("指定日期报送的事项须填写报送日期", code="due_on_required", field="due_on")
            due_days = None
        else:
            due_days, due_on = None, None
        if self.starts_on is None:
            raise ServiceError("请填写起始日期", code="starts_on_required", field="starts_on")
        for name, label, value in (
            ("starts_on", "起始日期", self.starts_on),
            ("ends_on", "停止日期", self.ends_on),
            ("due_on", "指定报送日期", due_on),
        ):
            if value is not None and not YEAR_LOW <= value.year <= YEAR_HIGH:
                raise ServiceError(
                    f"{label}应在{YEAR_LOW}年至{YEAR_HIGH}年之间", code="date_out_of_range", field=name
                )
        if self.ends_on is not None and self.ends_on < self.starts_on:
            raise ServiceError("停止日期不能早于起始日期", code="ends_before_starts", field="ends_on")
        return LineFields(
            kind=self.kind,
            timing=self.timing,
            matter=matter,
            basis=basis,
            cycle=self.cycle,
            due_working_days=due_days,
            due_on=due_on,
            starts_on=self.starts_on,
            ends_on=self.ends_on,
            sort_order=max(0, min(self.sort_order or 0, 9999)),
        )

    def values(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "timing": self.timing,
            "matter": self.matter,
            "basis": self.basis,
            "cycle": self.cycle,
            "due_working_days": self.due_working_days,
            "due_on": self.due_on,
            "starts_on": self.starts_on,
            "ends_on": self.ends_on,
            "sort_order": self.sort_order,
        }


def _keeper(by: Actor) -> None:
    if not may_keep(by):
        raise Forbidden("只有县委办公室才能维护请示报告清单", code="not_keeper")


def line_add(*, units: Iterable[Unit], fields: LineFields, by: Actor) -> list[ChecklistLine]:
    """Add a line to one unit's list, or the same line to several units' lists at once."""
    _keeper(by)
    unit_list = list({unit.pk: unit for unit in units}.values())
    if not unit_list:
        raise ServiceError("请选择单位", code="units_required", field="units")
    if len(unit_list) > MAX_UNITS:
        raise ServiceError(f"一次最多为{MAX_UNITS}个单位添加", code="too_many_units", field="units")
    kept = fields.checked()
    with transaction.atomic():
        lines = [
            ChecklistLine.objects.create(unit=unit, updated_by=by, updated_at=timezone.now(), **kept.values())
            for unit in unit_list
        ]
        for line in lines:
            audit_record(
                actor=by,
                action="reporting.checklist.add",
                target=line,
                details={"unit": line.unit_id, "cycle": line.cycle, "count": len(lines)},
            )
    return lines


def _locked(line: ChecklistLine, version: int | None) -> ChecklistLine:
    return lock_at_version(
        ChecklistLine.objects.all(), line.pk, version, changed="该事项已被他人修改，请刷新后重试"
    )


def line_edit(*, line: ChecklistLine, fields: LineFields, version: int | None, by: Actor) -> ChecklistLine:
    """Change a line (the version read must still be the current one)."""
    _keeper(by)
    kept = fields.checked()
    with transaction.atomic():
        current = _locked(line, version)
        if current.filings.exists() and kept.cycle != current.cycle:
            raise ServiceError(
                "已有报送记录的事项不能改变周期，请停止该事项后另行添加",
                code="cycle_has_filings",
                field="cycle",
            )
        changed = [name for name, value in kept.values().items() if getattr(current, name) != value]
        for name, value in kept.values().items():
            setattr(current, name, value)
        current.updated_by = by
        current.updated_at = timezone.now()
        current.version += 1
        current.save()
        audit_record(actor=by, action="reporting.checklist.edit", target=current, details={"fields": changed})
    return current


def line_retire(
    *, line: ChecklistLine, ends_on: date | None, version: int | None, by: Actor
) -> ChecklistLine:
    """停止: the line stops counting after `ends_on`; its filings stay."""
    _keeper(by)
    if ends_on is None:
        raise ServiceError("请填写停止日期", code="ends_on_required", field="ends_on")
    if not YEAR_LOW <= ends_on.year <= YEAR_HIGH:
        raise ServiceError(
            f"停止日期应在{YEAR_LOW}年至{YEAR_HIGH}年之间", code="date_out_of_range", field="ends_on"
        )
    with transaction.atomic():
        current = _locked(line, version)
        if ends_on < current.starts_on:
            raise ServiceError("停止日期不能早于起始日期", code="ends_before_starts", field="ends_on")
        current.ends_on = ends_on
        current.updated_by = by
        current.updated_at = timezone.now()
        current.version += 1
        current.save(update_fields=["ends_on", "updated_by", "updated_at", "version"])
        audit_record(
            actor=by, action="reporting.checklist.retire", target=current, details={"ends_on": str(ends_on)}
        )
    return current


def line_delete(*, line: ChecklistLine, version: int | None, by: Actor) -> None:
    """Delete a line entered by mistake: only one nobody has filed against (else retire it)."""
    _keeper(by)
    with transaction.atomic():
        current = _locked(line, version)
        if ChecklistFiling.objects.filter(line=current).exists():
            raise ServiceError("该事项已有报送记录，不能删除，只能停止", code="line_has_filings")
        audit_record(
            actor=by,
            action="reporting.checklist.delete",
            target=current,
            details={"unit": current.unit_id, "matter": current.matter},
        )
        current.delete()


# --- who sees what ------------------------------------------------------------------------------------------


def _line_scope(viewer: Viewer, action: Action) -> Q | None:
    if not viewer.is_business_person:
        return None
    if keeps_checklists(viewer):
        return Q()
    if action != Action.VIEW:
        return None
    return Q(unit_id=viewer.unit_id or 0)


def _filing_scope(viewer: Viewer, action: Action) -> Q | None:
    if not viewer.is_business_person:
        return None
    if keeps_checklists(viewer):
        return Q()
    return Q(line__unit_id=viewer.unit_id or 0)


def register() -> None:
    register_scope(ChecklistLine, _line_scope)
    register_scope(ChecklistFiling, _filing_scope)
