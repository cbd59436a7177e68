"""应急演练: planned by the duty room (title, plan, scenario, date, place, units), then recorded (participants,
evaluation, the problems found with their responsible unit, measure and deadline). A supervisor (督查员) or the
office director turns the problems into 整改 items through `core.rectification` (督查督办's 问题清单; duty never
imports supervision); each item names its problem as its source, and the drill's page reads each problem's
item and its state through `access.links`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from zhongshu.access.links import RecordLink, made_from_each, register_linked
from zhongshu.access.policy import Action, Viewer, register_scope
from zhongshu.accounts.actors import Actor
from zhongshu.audit.services import audit_record
from zhongshu.base.roles import Role
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.core.rectification import Problem, problem_list_follow_up
from zhongshu.duty.models import ContingencyPlan, Drill, DrillProblem
from zhongshu.duty.plans import may_edit_plans
from zhongshu.duty.roles import DUTY_ROOM_ROLES
from zhongshu.org.models import Unit

TITLE_MAX = 200
PROBLEM_MAX = 300


def drill_url(drill: Drill) -> str:
    return reverse("duty:drill", args=[drill.pk])


def drill_scope(viewer: Viewer, action: Action) -> Q | None:
    """Drills (and their problems) are read by the duty room, the leaders and the supervisors; the duty room
    changes them."""
    room = any(viewer.has_role(role.value) for role in DUTY_ROOM_ROLES)
    readers = (Role.LEADER.value, Role.SUPERVISOR.value)
    if not viewer.is_business_person or not (room or any(viewer.has_role(role) for role in readers)):
        return None
    if action != Action.VIEW and not room:
        return None
    return Q()


def problem_scope(viewer: Viewer, action: Action) -> Q | None:
    return drill_scope(viewer, action)


def register() -> None:
    register_scope(Drill, drill_scope)
    register_scope(DrillProblem, problem_scope)
    register_linked(
        DrillProblem,
        noun="应急演练发现的问题",
        title=lambda problem: f"{problem.drill.title}：{problem.text}",
        url=lambda problem: drill_url(problem.drill) + f"#problem-{problem.pk}",
    )


def _require_editor(by: Actor) -> None:
    if not may_edit_plans(by):
        raise Forbidden("只有值班室人员和办公室主任可以安排和记录演练", code="not_allowed")


def drill_plan(
    *,
    by: Actor,
    title: str,
    plan: ContingencyPlan | None,
    scenario: str,
    held_on: date | None,
    place: str = "",
    units: Sequence[Unit] = (),
    now: datetime | None = None,
) -> Drill:
    """安排演练."""
    _require_editor(by)
    title, scenario, place = title.strip(), scenario.strip(), place.strip()
    if not title:
        raise ServiceError("请填写演练名称", code="title_required", field="title")
    if len(title) > TITLE_MAX:
        raise ServiceError(f"演练名称不能超过{TITLE_MAX}字", code="title_too_long", field="title")
    if not scenario:
        raise ServiceError("请填写演练情景", code="scenario_required", field="scenario")
    if held_on is None:
        raise ServiceError("请填写演练日期", code="held_on_required", field="held_on")
    if len(place) > 200:
        raise ServiceError("演练地点不能超过200字", code="place_too_long", field="place")
    if plan is not None and not plan.active:
        raise ServiceError("该预案已废止，不能据以演练", code="plan_inactive", field="plan")
    if not units:
        raise ServiceError("请选择参演单位", code="units_required", field="units")
    with transaction.atomic():
        drill = Drill.objects.create(
            title=title,
            plan=plan,
            scenario=scenario,
            held_on=held_on,
            place=place,
            created_by=by,
            created_at=now or timezone.now(),
        )
        drill.units.set(units)
        audit_record(actor=by, action="duty.drill.plan", target=drill)
    return drill


@dataclass(frozen=True)
class ProblemIn:
    text: str
    unit: Unit | None
    measure: str = ""
    deadline: date | None = None


def drill_record(
    *,
    by: Actor,
    drill: Drill,
    participants: int | None,
    evaluation: str,
    problems: Sequence[ProblemIn] = (),
    now: datetime | None = None,
) -> Drill:
    """记录演练 once it was held: participants, evaluation and the problems found (all or nothing). Recorded
    again before its problems went to 整改, the problems are replaced."""
    _require_editor(by)
    now = now or timezone.now()
    evaluation = evaluation.strip()
    if drill.held_on > timezone.localdate(now):
        raise ServiceError("演练尚未举行，不能记录", code="drill_not_held")
    if participants is None or participants < 1:
        raise ServiceError("请填写参演人数", code="participants_required", field="participants")
    if not evaluation:
        raise ServiceError("请填写演练评估", code="evaluation_required", field="evaluation")
    for position, problem in enumerate(problems, start=1):
        if not problem.text.strip():
            raise ServiceError(
                f"第{position}个问题：请填写问题", code="problem_text_required", field="problems"
            )
        if len(problem.text.strip()) > PROBLEM_MAX:
            raise ServiceError(
                f"第{position}个问题：不能超过{PROBLEM_MAX}字", code="problem_text_too_long", field="problems"
            )
        if problem.unit is None:
            raise ServiceError(
                f"第{position}个问题：请选择责任单位", code="problem_unit_required", field="problems"
            )
        if problem.deadline is not None and problem.deadline < timezone.localdate(now):
            raise ServiceError(
                f"第{position}个问题：整改时限不能早于今天", code="problem_deadline_past", field="problems"
            )
    with transaction.atomic():
        drill = Drill.objects.select_for_update().get(pk=drill.pk)
        if drill.rectification_at is not None:
            raise ServiceError("问题已转为整改事项，不能再修改记录", code="drill_rectified")
        drill.participants, drill.evaluation, drill.recorded_at = participants, evaluation, now
        drill.save(update_fields=["participants", "evaluation", "recorded_at"])
        drill.problems.all().delete()
        DrillProblem.objects.bulk_create(
            [
                DrillProblem(
                    drill=drill,
                    text=problem.text.strip(),
                    unit=problem.unit,
                    measure=problem.measure.strip(),
                    deadline=problem.deadline,
                )
                for problem in problems
                if problem.unit is not None
            ]
        )
        audit_record(actor=by, action="duty.drill.record", target=drill, details={"problems": len(problems)})
    return drill


def may_rectify(user: Any) -> bool:
    follow_up = problem_list_follow_up("supervision")
    return follow_up is not None and bool(follow_up.allowed(user))


def drill_rectify(*, by: Actor, drill: Drill, now: datetime | None = None) -> Any:
    """转为整改事项: the drill's problems become one 问题清单 of items of kind rectification, each assigned to its
    unit by its deadline; only a supervisor or the office director (as 督查督办 requires); once."""
    follow_up = problem_list_follow_up("supervision")
    if follow_up is None:
        raise ServiceError("督查督办模块未安装", code="no_supervision")
    if not follow_up.allowed(by):
        raise Forbidden(follow_up.refused, code="not_allowed")
    with transaction.atomic():
        drill = Drill.objects.select_for_update().get(pk=drill.pk)
        if drill.recorded_at is None:
            raise ServiceError("演练尚未记录，不能转整改", code="drill_not_recorded")
        if drill.rectification_at is not None:
            raise ServiceError("问题已转为整改事项", code="drill_already_rectified")
        problems = list(drill.problems.select_related("unit"))
        if not problems:
            raise ServiceError("演练未发现问题，无需整改", code="no_problems")
        missing = [problem for problem in problems if problem.deadline is None]
        if missing:
            raise ServiceError(f"问题“{missing[0].text}”未填写整改时限", code="problem_deadline_required")
        made = follow_up.make(
            by=by,
            title=f"{drill.title}发现问题整改清单"[:200],
            origin=f"应急演练：{drill.title}（{drill.held_on:%Y-%m-%d}）",
            problems=[
                Problem(
                    text=problem.text,
                    unit=problem.unit,
                    measure=problem.measure or "按演练评估意见整改",
                    source_record=problem,
                    deadline=problem.deadline,
                )
                for problem in problems
            ],
        )
        drill.rectification_at = now or timezone.now()
        drill.save(update_fields=["rectification_at"])
        audit_record(actor=by, action="duty.drill.rectify", target=drill, details={"list": made.pk})
    return made


def problem_rows(drill: Drill, viewer: Any) -> list[tuple[DrillProblem, list[RecordLink]]]:
    """The drill's problems, each with the 整改 items made from it that the viewer may see (with state)."""
    problems = list(drill.problems.select_related("unit"))
    for problem in problems:
        problem.drill = drill
    links = made_from_each(problems, viewer)
    return [(problem, links.get(problem.pk, [])) for problem in problems]
