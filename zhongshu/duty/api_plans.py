"""The plans part's JSON API, mounted under /api/duty by duty/api.py: /plans (list, create, one plan with its
steps per level, change it, add and remove steps), /drills (list, plan, one drill with its problems, their
整改 items and the caller's actions, record, turn into 整改), and on an incident /incidents/{id}/plan (the
checklist at its severity, choose the plan, tick a step) and /incidents/{id}/instructions (list, record, turn
into a supervision item). The same services as the pages; refusals are JSON."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from zhongshu.access.policy import get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.audit.disclosure import audit_shown
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.core.inputs import INT_LIMIT, MAX_LIST, IdParam
from zhongshu.duty import drills as drill_services
from zhongshu.duty import incident_joints, plans
from zhongshu.duty.actions_plans import DRILL_RULES, INCIDENT_RULES
from zhongshu.duty.models import ContingencyPlan, Drill, Incident, IncidentInstruction, PlanStep
from zhongshu.org.models import Person, Unit


class NotFound(ServiceError):
    status = 404


router = Router(tags=["值班应急：预案演练"])

NOT_ALLOWED = "无权查看应急预案和演练"


def api_allowed(request: HttpRequest) -> None:
    if not plans.may_see_plans(request.user):
        raise Forbidden(NOT_ALLOWED, code="not_allowed")


def api_editor(request: HttpRequest) -> None:
    api_allowed(request)
    if not plans.may_edit_plans(request.user):
        raise Forbidden("只有值班室人员和办公室主任可以维护应急预案和演练", code="not_allowed")


def api_incident(request: HttpRequest, pk: int) -> Incident:
    api_allowed(request)
    incident = get_for(request.user, Incident.objects.select_related("unit", "plan"), pk)
    audit_shown(request.user, [incident], route="api.duty.incident_plan", action="record.view")
    return incident


def _found(model: Any, pk: int | None, field: str, message: str) -> Any:
    if pk is None:
        return None
    record = model.objects.filter(pk=pk).first()
    if record is None:
        raise ServiceError(message, code=f"{field}_not_found", field=field)
    return record


class StepOut(Schema):
    id: int
    level: str
    order: int
    text: str
    responsible: str


class PlanOut(Schema):
    id: int
    title: str
    category: str
    subtype: str
    unit_id: int
    unit: str
    issued_on: date | None
    active: bool
    steps: list[StepOut] = []


class PlanIn(Schema):
    title: str = ""
    category: str = ""
    subtype: str = ""
    unit_id: IdParam | None = None
    issued_on: date | None = None
    active: bool = True


class StepIn(Schema):
    level: str = ""
    text: str = ""
    responsible: str = ""


def _step(step: PlanStep) -> dict[str, Any]:
    return {
        "id": step.pk,
        "level": step.level,
        "order": step.sort_order,
        "text": step.text,
        "responsible": step.responsible,
    }


def _plan(plan: ContingencyPlan, *, steps: bool = False) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "title": plan.title,
        "category": plan.category,
        "subtype": plan.subtype,
        "unit_id": plan.unit_id,
        "unit": plan.unit.name,
        "issued_on": plan.issued_on,
        "active": plan.active,
        "steps": [_step(step) for step in plan.steps.all()] if steps else [],
    }


@router.get("/plans", response=list[PlanOut], summary="应急预案")
def list_plans(request: HttpRequest) -> list[dict[str, Any]]:
    api_allowed(request)
    return [_plan(plan) for plan in ContingencyPlan.objects.select_related("unit")]


@router.post("/plans", response={201: PlanOut}, summary="新建预案（值班室）")
def create_plan(request: HttpRequest, payload: PlanIn) -> tuple[int, dict[str, Any]]:
    api_editor(request)
    plan = plans.plan_create(
        by=actor_of(request),
        title=payload.title,
        category=payload.category,
        subtype=payload.subtype,
        unit=_found(Unit, payload.unit_id, "unit", "编制单位不存在"),
        issued_on=payload.issued_on,
    )
    return 201, _plan(plan, steps=True)


def _api_plan(request: HttpRequest, plan_id: int) -> ContingencyPlan:
    api_allowed(request)
    plan = ContingencyPlan.objects.select_related("unit").filter(pk=plan_id).first()
    if plan is None:
        raise NotFound("没有这个预案", code="not_found")
    return plan


@router.get("/plans/{plan_id}", response=PlanOut, summary="预案及其各级响应步骤")
def get_plan(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    return _plan(_api_plan(request, plan_id), steps=True)


@router.put("/plans/{plan_id}", response=PlanOut, summary="修改预案（值班室）")
def update_plan(request: HttpRequest, plan_id: int, payload: PlanIn) -> dict[str, Any]:
    plan = _api_plan(request, plan_id)
    api_editor(request)
    plan = plans.plan_update(
        by=actor_of(request),
        plan=plan,
        title=payload.title,
        category=payload.category,
        subtype=payload.subtype,
        unit=_found(Unit, payload.unit_id, "unit", "编制单位不存在"),
        issued_on=payload.issued_on,
        active=payload.active,
    )
    return _plan(plan, steps=True)


@router.post("/plans/{plan_id}/steps", response={201: StepOut}, summary="添加处置步骤（值班室）")
def add_step(request: HttpRequest, plan_id: int, payload: StepIn) -> tuple[int, dict[str, Any]]:
    plan = _api_plan(request, plan_id)
    api_editor(request)
    step = plans.plan_step_add(
        by=actor_of(request),
        plan=plan,
        level=payload.level,
        text=payload.text,
        responsible=payload.responsible,
    )
    return 201, _step(step)


@router.post("/plans/steps/{step_id}/delete", response={204: None}, summary="删除处置步骤（值班室）")
def remove_step(request: HttpRequest, step_id: int) -> tuple[int, None]:
    api_editor(request)
    step = PlanStep.objects.filter(pk=step_id).first()
    if step is None:
        raise NotFound("没有这个步骤", code="not_found")
    plans.plan_step_remove(by=actor_of(request), step=step)
    return 204, None


# --- drills -------------------------------------------------------------------------------------------------


class ProblemOut(Schema):
    id: int
    text: str
    unit_id: int
    unit: str
    measure: str
    deadline: date | None
    items: list[dict[str, Any]]


class DrillOut(Schema):
    id: int
    title: str
    plan_id: int | None
    scenario: str
    held_on: date
    place: str
    unit_ids: list[int]
    participants: int | None
    evaluation: str
    recorded_at: datetime | None
    rectification_at: datetime | None
    problems: list[ProblemOut] = []
    actions: list[str] = []


class DrillIn(Schema):
    title: str = ""
    plan_id: IdParam | None = None
    scenario: str = ""
    held_on: date | None = None
    place: str = ""
    unit_ids: list[IdParam] = Field(default_factory=list, max_length=MAX_LIST)


class ProblemIn(Schema):
    text: str = ""
    unit_id: IdParam | None = None
    measure: str = ""
    deadline: date | None = None


class DrillRecordIn(Schema):
    participants: Annotated[int, Field(ge=0, le=INT_LIMIT)] | None = None
    evaluation: str = ""
    problems: list[ProblemIn] = Field(default_factory=list, max_length=MAX_LIST)


def _link(link: Any) -> dict[str, Any]:
    if not link.visible:
        return {"visible": False}
    return {"visible": True, "title": link.title, "url": link.url, "state": link.state, "id": link.id}


def _drill(request: HttpRequest, drill: Drill, *, detail: bool = False) -> dict[str, Any]:
    problems = drill_services.problem_rows(drill, request.user) if detail else []
    return {
        "id": drill.pk,
        "title": drill.title,
        "plan_id": drill.plan_id,
        "scenario": drill.scenario,
        "held_on": drill.held_on,
        "place": drill.place,
        "unit_ids": [unit.pk for unit in drill.units.all()],
        "participants": drill.participants,
        "evaluation": drill.evaluation,
        "recorded_at": drill.recorded_at,
        "rectification_at": drill.rectification_at,
        "problems": [
            {
                "id": problem.pk,
                "text": problem.text,
                "unit_id": problem.unit_id,
                "unit": problem.unit.name,
                "measure": problem.measure,
                "deadline": problem.deadline,
                "items": [_link(link) for link in links],
            }
            for problem, links in problems
        ],
        "actions": DRILL_RULES.available(request.user, drill) if detail else [],
    }


def _api_drill(request: HttpRequest, drill_id: int) -> Drill:
    api_allowed(request)
    drill = Drill.objects.filter(pk=drill_id).first()
    if drill is None:
        raise NotFound("没有这次演练", code="not_found")
    return drill


@router.get("/drills", response=list[DrillOut], summary="应急演练")
def list_drills(request: HttpRequest) -> list[dict[str, Any]]:
    api_allowed(request)
    return [_drill(request, drill) for drill in Drill.objects.prefetch_related("units")]


@router.post("/drills", response={201: DrillOut}, summary="安排演练（值班室）")
def create_drill(request: HttpRequest, payload: DrillIn) -> tuple[int, dict[str, Any]]:
    api_editor(request)
    units = list(Unit.objects.filter(pk__in=payload.unit_ids))
    if len(units) != len(set(payload.unit_ids)):
        raise ServiceError("参演单位不存在", code="units_not_found", field="unit_ids")
    drill = drill_services.drill_plan(
        by=actor_of(request),
        title=payload.title,
        plan=_found(ContingencyPlan, payload.plan_id, "plan", "预案不存在"),
        scenario=payload.scenario,
        held_on=payload.held_on,
        place=payload.place,
        units=units,
    )
    return 201, _drill(request, drill, detail=True)


@router.get("/drills/{drill_id}", response=DrillOut, summary="演练：问题、整改事项和可用操作")
def get_drill(request: HttpRequest, drill_id: int) -> dict[str, Any]:
    return _drill(request, _api_drill(request, drill_id), detail=True)


@router.post("/drills/{drill_id}/record", response=DrillOut, summary="记录演练（值班室）")
def record_drill(request: HttpRequest, drill_id: int, payload: DrillRecordIn) -> dict[str, Any]:
    drill = _api_drill(request, drill_id)
    api_editor(request)
    drill = drill_services.drill_record(
        by=actor_of(request),
        drill=drill,
        participants=payload.participants,
        evaluation=payload.evaluation,
        problems=[
            drill_services.ProblemIn(
                text=problem.text,
                unit=Unit.objects.filter(pk=problem.unit_id).first() if problem.unit_id else None,
                measure=problem.measure,
                deadline=problem.deadline,
            )
            for problem in payload.problems
        ],
    )
    return _drill(request, drill, detail=True)


@router.post(
    "/drills/{drill_id}/rectify", response=DrillOut, summary="问题转为整改事项（督查员、办公室主任）"
)
def rectify_drill(request: HttpRequest, drill_id: int) -> dict[str, Any]:
    drill = _api_drill(request, drill_id)
    try:
        drill_services.drill_rectify(by=actor_of(request), drill=drill)
    except ServiceError as exc:
        if exc.code == "not_allowed":
            raise Forbidden(str(exc), code="not_allowed") from exc
        raise
    drill.refresh_from_db()
    return _drill(request, drill, detail=True)


# --- the incident's plan and instructions -------------------------------------------------------------------


class ChecklistRowOut(Schema):
    step: StepOut
    done: bool
    done_by_id: int | None
    done_by: str
    done_at: datetime | None
    note: str


class IncidentPlanOut(Schema):
    incident_id: int
    title: str
    plan_id: int | None
    severity: str
    checklist: list[ChecklistRowOut]
    plan_choices: list[int]
    actions: list[str]


class ChoosePlanIn(Schema):
    plan_id: IdParam | None = None


class TickIn(Schema):
    step_id: IdParam | None = None
    done_by_id: IdParam | None = None
    done_at: datetime | None = None
    note: str = ""


def _incident_plan(request: HttpRequest, incident: Incident) -> dict[str, Any]:
    return {
        "incident_id": incident.pk,
        "title": incident.title,
        "plan_id": incident.plan_id,
        "severity": incident.severity,
        "checklist": [
            {
                "step": _step(row.step),
                "done": row.done is not None,
                "done_by_id": row.done.done_by_id if row.done else None,
                "done_by": row.done.done_by.name if row.done else "",
                "done_at": row.done.done_at if row.done else None,
                "note": row.done.note if row.done else "",
            }
            for row in plans.checklist(incident)
        ],
        "plan_choices": [plan.pk for plan in plans.plans_for(incident)],
        "actions": INCIDENT_RULES.available(request.user, incident),
    }


@router.get("/incidents/{incident_id}/plan", response=IncidentPlanOut, summary="事件的预案处置清单")
def get_incident_plan(request: HttpRequest, incident_id: int) -> dict[str, Any]:
    return _incident_plan(request, api_incident(request, incident_id))


@router.post("/incidents/{incident_id}/plan", response=IncidentPlanOut, summary="启用预案（值班室）")
def choose_plan(request: HttpRequest, incident_id: int, payload: ChoosePlanIn) -> dict[str, Any]:
    incident = api_incident(request, incident_id)
    INCIDENT_RULES.require("choose_plan", request.user, incident)
    incident = plans.incident_choose_plan(
        by=actor_of(request),
        incident=incident,
        plan=_found(ContingencyPlan, payload.plan_id, "plan", "预案不存在"),
    )
    return _incident_plan(request, incident)


@router.post(
    "/incidents/{incident_id}/plan/steps", response=IncidentPlanOut, summary="记录处置步骤（值班室）"
)
def tick_step(request: HttpRequest, incident_id: int, payload: TickIn) -> dict[str, Any]:
    incident = api_incident(request, incident_id)
    INCIDENT_RULES.require("tick_step", request.user, incident)
    plans.step_tick(
        by=actor_of(request),
        incident=incident,
        step=_found(PlanStep, payload.step_id, "step", "步骤不存在"),
        done_by=_found(Person, payload.done_by_id, "done_by", "办理人不存在"),
        done_at=payload.done_at,
        note=payload.note,
    )
    return _incident_plan(request, incident)


class InstructionOut(Schema):
    id: int
    leader_id: int
    leader: str
    text: str
    given_at: datetime
    supervised_at: datetime | None
    items: list[dict[str, Any]]
    may_supervise: bool


class InstructionIn(Schema):
    leader_id: IdParam | None = None
    text: str = ""
    given_at: datetime | None = None


def _instructions(request: HttpRequest, incident: Incident) -> list[dict[str, Any]]:
    return [
        {
            "id": instruction.pk,
            "leader_id": instruction.leader_id,
            "leader": instruction.leader.name,
            "text": instruction.text,
            "given_at": instruction.given_at,
            "supervised_at": instruction.supervised_at,
            "items": [_link(link) for link in links],
            "may_supervise": may,
        }
        for instruction, links, may in incident_joints.instruction_rows(incident, request.user)
    ]


@router.get("/incidents/{incident_id}/instructions", response=list[InstructionOut], summary="领导批示")
def list_instructions(request: HttpRequest, incident_id: int) -> list[dict[str, Any]]:
    return _instructions(request, api_incident(request, incident_id))


@router.post(
    "/incidents/{incident_id}/instructions", response={201: list[InstructionOut]}, summary="记录领导批示"
)
def record_instruction(
    request: HttpRequest, incident_id: int, payload: InstructionIn
) -> tuple[int, list[dict[str, Any]]]:
    incident = api_incident(request, incident_id)
    INCIDENT_RULES.require("record_instruction", request.user, incident)
    incident_joints.instruction_record(
        by=actor_of(request),
        incident=incident,
        leader=_found(Person, payload.leader_id, "leader", "批示领导不存在"),
        text=payload.text,
        given_at=payload.given_at,
    )
    return 201, _instructions(request, incident)


@router.post(
    "/incidents/{incident_id}/instructions/{instruction_id}/supervise",
    response=list[InstructionOut],
    summary="批示转为督办事项（督查员、办公室主任）",
)
def supervise_instruction(
    request: HttpRequest, incident_id: int, instruction_id: int
) -> list[dict[str, Any]]:
    incident = api_incident(request, incident_id)
    instruction = IncidentInstruction.objects.filter(pk=instruction_id, incident=incident).first()
    if instruction is None:
        raise NotFound("没有这条批示", code="not_found")
    try:
        incident_joints.instruction_supervise(by=actor_of(request), instruction=instruction)
    except ServiceError as exc:
        if exc.code == "not_allowed":
            raise Forbidden(str(exc), code="not_allowed") from exc
        raise
    return _instructions(request, incident)
