"""应急预案: a contingency plan per category and sub-type, with its steps per response level (Ⅰ–Ⅳ级响应) in
order and the unit or post responsible; on an incident the duty room picks the matching current plan
(Incident.plan) and ticks its steps for the incident's severity, each with who did it and when (IncidentStep).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from zhongshu.accounts.actors import Actor
from zhongshu.audit.services import audit_record
from zhongshu.base.roles import Role
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.duty.incidents import SUBTYPES
from zhongshu.duty.models import (
    ContingencyPlan,
    Incident,
    IncidentCategory,
    IncidentState,
    IncidentStep,
    PlanStep,
    Severity,
)
from zhongshu.duty.roles import is_duty_room, is_leader, may_use_duty
from zhongshu.org.models import Person, Unit

TITLE_MAX = 200
STEP_MAX = 300
RESPONSIBLE_MAX = 100
NOTE_MAX = 200


def may_see_plans(user: Any) -> bool:
    """预案演练 is read by the duty room, the county's leaders and the supervisors (督查员, who turn a drill's
    problems and a leader's instructions into supervision items)."""
    return may_use_duty(user) and (is_duty_room(user) or is_leader(user) or user.has_role(Role.SUPERVISOR))


def may_edit_plans(user: Any) -> bool:
    """Plans and drills are kept by the duty room (值班员 and the office director)."""
    return may_use_duty(user) and is_duty_room(user)


def _require_editor(by: Actor) -> None:
    if not may_edit_plans(by):
        raise Forbidden("只有值班室人员和办公室主任可以维护应急预案", code="not_allowed")


def _clean_header(title: str, category: str, subtype: str) -> tuple[str, str, str]:
    title, subtype = title.strip(), subtype.strip()
    if not title:
        raise ServiceError("请填写预案名称", code="title_required", field="title")
    if len(title) > TITLE_MAX:
        raise ServiceError(f"预案名称不能超过{TITLE_MAX}字", code="title_too_long", field="title")
    if category not in IncidentCategory.values:
        raise ServiceError("请选择事件类别", code="category_invalid", field="category")
    if subtype and subtype not in SUBTYPES[category]:
        raise ServiceError(
            f"“{subtype}”不是{IncidentCategory(category).label}的事件类型",
            code="subtype_invalid",
            field="subtype",
        )
    return title, category, subtype


def plan_create(
    *,
    by: Actor,
    title: str,
    category: str,
    subtype: str = "",
    unit: Unit | None,
    issued_on: date | None = None,
    now: datetime | None = None,
) -> ContingencyPlan:
    """新建预案 (current; its steps are added afterwards)."""
    _require_editor(by)
    title, category, subtype = _clean_header(title, category, subtype)
    if unit is None:
        raise ServiceError("请选择编制单位", code="unit_required", field="unit")
    with transaction.atomic():
        plan = ContingencyPlan.objects.create(
            title=title,
            category=category,
            subtype=subtype,
            unit=unit,
            issued_on=issued_on,
            created_by=by,
            created_at=now or timezone.now(),
        )
        audit_record(actor=by, action="duty.plan.create", target=plan)
    return plan


def plan_update(
    *,
    by: Actor,
    plan: ContingencyPlan,
    title: str,
    category: str,
    subtype: str = "",
    unit: Unit | None,
    issued_on: date | None = None,
    active: bool = True,
) -> ContingencyPlan:
    """修改预案; 废止 (active False) keeps it for the incidents that used it but no longer offers it."""
    _require_editor(by)
    title, category, subtype = _clean_header(title, category, subtype)
    if unit is None:
        raise ServiceError("请选择编制单位", code="unit_required", field="unit")
    with transaction.atomic():
        plan = ContingencyPlan.objects.select_for_update().get(pk=plan.pk)
        plan.title, plan.category, plan.subtype, plan.unit = title, category, subtype, unit
        plan.issued_on, plan.active = issued_on, active
        plan.save()
        audit_record(actor=by, action="duty.plan.update", target=plan, details={"active": active})
    return plan


def plan_step_add(
    *, by: Actor, plan: ContingencyPlan, level: str, text: str, responsible: str = ""
) -> PlanStep:
    """A step at the end of the plan's response at `level`."""
    _require_editor(by)
    text, responsible = text.strip(), responsible.strip()
    if level not in Severity.values:
        raise ServiceError("请选择响应级别", code="level_invalid", field="level")
    if not text:
        raise ServiceError("请填写处置步骤", code="step_text_required", field="text")
    if len(text) > STEP_MAX:
        raise ServiceError(f"处置步骤不能超过{STEP_MAX}字", code="step_text_too_long", field="text")
    if len(responsible) > RESPONSIBLE_MAX:
        raise ServiceError(
            f"责任单位（人）不能超过{RESPONSIBLE_MAX}字", code="responsible_too_long", field="responsible"
        )
    with transaction.atomic():
        plan = ContingencyPlan.objects.select_for_update().get(pk=plan.pk)
        last = plan.steps.filter(level=level).aggregate(last=Max("sort_order"))["last"] or 0
        step = PlanStep.objects.create(
            plan=plan, level=level, sort_order=last + 1, text=text, responsible=responsible
        )
        audit_record(actor=by, action="duty.plan.step_add", target=plan, details={"step": step.pk})
    return step


def plan_step_remove(*, by: Actor, step: PlanStep) -> None:
    """删除步骤 not yet done on any incident (a ticked step stays: the incident's record names it)."""
    _require_editor(by)
    with transaction.atomic():
        step = PlanStep.objects.select_for_update().select_related("plan").get(pk=step.pk)
        if IncidentStep.objects.filter(step=step).exists():
            raise ServiceError("该步骤已在事件处置中办理，不能删除", code="step_in_use")
        plan, pk = step.plan, step.pk
        step.delete()
        audit_record(actor=by, action="duty.plan.step_remove", target=plan, details={"step": pk})


def current_plans() -> QuerySet[ContingencyPlan]:
    return ContingencyPlan.objects.filter(active=True).select_related("unit")


def plans_for(incident: Incident) -> list[ContingencyPlan]:
    """The current plans matching the incident: its category, and its sub-type or none; the plan written for
    the sub-type first."""
    plans = current_plans().filter(category=incident.category)
    plans = plans.filter(Q(subtype="") | Q(subtype=incident.subtype))
    return sorted(plans, key=lambda plan: (plan.subtype != incident.subtype, plan.title))


def steps_by_level(plan: ContingencyPlan) -> list[tuple[str, str, list[PlanStep]]]:
    """The plan's steps per response level, Ⅰ to Ⅳ: (level, label, steps in order)."""
    steps = list(plan.steps.all())
    return [
        (value, label, [step for step in steps if step.level == value]) for value, label in Severity.choices
    ]


def _lock(incident: Incident) -> Incident:
    """The incident, locked. A closed one (已终报) still takes what was done before its 终报 (补录): the duty
    room often writes the steps down after the night is over."""
    return Incident.objects.select_for_update().get(pk=incident.pk)


def incident_choose_plan(*, by: Actor, incident: Incident, plan: ContingencyPlan | None) -> Incident:
    """启用预案: the duty room picks one of the current matching plans. Changing it once steps are ticked is
    refused (they belong to the plan chosen)."""
    if not may_edit_plans(by):
        raise Forbidden("只有值班室人员可以启用预案", code="not_allowed")
    if plan is None:
        raise ServiceError("请选择应急预案", code="plan_required", field="plan")
    with transaction.atomic():
        incident = _lock(incident)
        if plan.pk not in {candidate.pk for candidate in plans_for(incident)}:
            raise ServiceError("该预案不适用于本事件或已废止", code="plan_not_matching", field="plan")
        if incident.plan_id is not None and incident.plan_id != plan.pk and incident.steps.exists():
            raise ServiceError("已按原预案办理步骤，不能更换预案", code="plan_steps_done", field="plan")
        incident.plan = plan
        incident.version += 1
        incident.save(update_fields=["plan", "version"])
        audit_record(actor=by, action="duty.incident.plan", target=incident, details={"plan": plan.pk})
    return incident


@dataclass(frozen=True)
class ChecklistRow:
    step: PlanStep
    done: IncidentStep | None


def checklist(incident: Incident) -> list[ChecklistRow]:
    """The chosen plan's steps at the incident's severity, in order, each with its record if done."""
    if incident.plan_id is None:
        return []
    steps = list(PlanStep.objects.filter(plan_id=incident.plan_id, level=incident.severity))
    done = {
        row.step_id: row
        for row in IncidentStep.objects.filter(incident=incident).select_related("done_by", "recorded_by")
    }
    return [ChecklistRow(step, done.get(step.pk)) for step in steps]


def step_tick(
    *,
    by: Actor,
    incident: Incident,
    step: PlanStep | None,
    done_by: Person | None,
    done_at: datetime | None,
    note: str = "",
    now: datetime | None = None,
) -> IncidentStep:
    """办结一步: who did it and when; not before the office learned of the incident, not in the future; once."""
    now = now or timezone.now()
    if not may_edit_plans(by):
        raise Forbidden("只有值班室人员可以记录处置步骤", code="not_allowed")
    if step is None:
        raise ServiceError("请选择处置步骤", code="step_required", field="step")
    if done_by is None:
        raise ServiceError("请选择办理人", code="done_by_required", field="done_by")
    if done_at is None:
        raise ServiceError("请填写完成时间", code="done_at_required", field="done_at")
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise ServiceError(f"说明不能超过{NOTE_MAX}字", code="note_too_long", field="note")
    with transaction.atomic():
        incident = _lock(incident)
        if step.plan_id != incident.plan_id or step.level != incident.severity:
            raise ServiceError(
                "该步骤不属于本事件启用的预案和响应级别", code="step_not_in_plan", field="step"
            )
        if done_at < incident.learned_at:
            raise ServiceError("完成时间不能早于获知事件的时间", code="done_before_learned", field="done_at")
        if done_at > now:
            raise ServiceError("完成时间不能晚于现在", code="done_in_future", field="done_at")
        if (
            incident.state == IncidentState.CLOSED
            and incident.closed_at is not None
            and done_at > incident.closed_at
        ):
            raise ServiceError(
                "事件已终报，只能补录终报前完成的步骤", code="done_after_closed", field="done_at"
            )
        if IncidentStep.objects.filter(incident=incident, step=step).exists():
            raise ServiceError("该步骤已办理", code="step_already_done", field="step")
        try:
            with transaction.atomic():
                row = IncidentStep.objects.create(
                    incident=incident, step=step, done_by=done_by, done_at=done_at, note=note, recorded_by=by
                )
        except IntegrityError as exc:
            raise ServiceError("该步骤已办理", code="step_already_done", field="step") from exc
        incident.version += 1
        incident.save(update_fields=["version"])
        audit_record(actor=by, action="duty.incident.step", target=incident, details={"step": step.pk})
    return row
