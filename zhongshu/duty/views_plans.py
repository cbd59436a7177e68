"""Pages of the duty module's plans part: 预案演练 (the plans, a plan with its steps per response level, the
drills, a drill planned then recorded and its problems turned into 整改), and on the incident page the
sections 预案处置 (the chosen plan's checklist at the incident's severity) and 领导批示与归档 (instructions,
each turned into a supervision item)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.http import require_POST

from zhongshu.access.policy import get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.audit.disclosure import audit_shown
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.duty import drills as drill_services
from zhongshu.duty import incident_joints, plans
from zhongshu.duty.actions_plans import DRILL_RULES, INCIDENT_RULES
from zhongshu.duty.incidents import SUBTYPES, register_timeline_source
from zhongshu.duty.models import (
    ContingencyPlan,
    Drill,
    Incident,
    IncidentCategory,
    IncidentInstruction,
    IncidentStep,
    PlanStep,
    Severity,
)
from zhongshu.duty.sections import register_incident_section
from zhongshu.duty.tabs import register_tab
from zhongshu.org.models import Person, Unit

TAB = "plans"
PROBLEM_ROWS = 5


def _see(request: HttpRequest) -> None:
    if not plans.may_see_plans(request.user):
        raise PermissionDenied("无权查看应急预案和演练")


def _edit(request: HttpRequest) -> None:
    _see(request)
    if not plans.may_edit_plans(request.user):
        raise PermissionDenied("只有值班室人员和办公室主任可以维护应急预案和演练")


def _person(value: str | None) -> Person | None:
    return Person.objects.filter(pk=int(value)).first() if value and value.isdigit() else None


def _unit(value: str | None) -> Unit | None:
    return Unit.objects.filter(pk=int(value)).first() if value and value.isdigit() else None


def _date(value: str | None) -> date | None:
    try:
        return parse_date(value or "")
    except ValueError:
        return None


def _moment(value: str | None) -> datetime | None:
    try:
        moment = parse_datetime(value or "")
    except ValueError:
        return None
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _int(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() else None


def _incident(request: HttpRequest, pk: int) -> Incident:
    if not plans.may_see_plans(request.user):
        raise PermissionDenied("无权查看突发事件")
    incident = get_for(request.user, Incident.objects.select_related("unit", "plan"), pk)
    audit_shown(request.user, [incident], route="duty.incident", action="record.view")
    return incident


def _back_to_incident(incident: Incident, anchor: str) -> HttpResponse:
    return redirect(reverse("duty:incident", args=[incident.pk]) + f"#{anchor}")


def _refused(request: HttpRequest, incident: Incident, error: ServiceError) -> HttpResponse:
    """A refused action on the incident page: the page again, with the message in its section."""
    from zhongshu.duty.views_incidents import render_incident

    if isinstance(error, Forbidden):
        raise PermissionDenied(str(error)) from error
    request.plans_error = error  # type: ignore[attr-defined]
    return render_incident(request, incident, status=400)


# --- plans --------------------------------------------------------------------------------------------------


def _plan_form_values(request: HttpRequest) -> dict[str, Any]:
    return {
        "title": request.POST.get("title", ""),
        "category": request.POST.get("category", ""),
        "subtype": request.POST.get("subtype", ""),
        "unit": _unit(request.POST.get("unit")),
        "issued_on": _date(request.POST.get("issued_on")),
    }


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    _see(request)
    error: ServiceError | None = None
    values: dict[str, Any] = {}
    if request.method == "POST":
        _edit(request)
        values = _plan_form_values(request)
        try:
            plan = plans.plan_create(by=actor_of(request), **values)
        except ServiceError as exc:
            error = exc
        else:
            messages.success(request, f"已新建预案：{plan.title}")
            return redirect("duty:plan", pk=plan.pk)
    rows = ContingencyPlan.objects.select_related("unit").order_by("-active", "category", "title")
    return render(
        request,
        "duty/plans.html",
        {
            "current_tab": TAB,
            "plans": rows,
            "may_edit": plans.may_edit_plans(request.user),
            "categories": IncidentCategory.choices,
            "subtypes": [(IncidentCategory(key).label, names) for key, names in SUBTYPES.items()],
            "values": values,
            "error": error,
            "drill_count": Drill.objects.count(),
        },
        status=400 if error else 200,
    )


@login_required
def plan_page(request: HttpRequest, pk: int) -> HttpResponse:
    _see(request)
    plan = get_object_or_404(ContingencyPlan.objects.select_related("unit"), pk=pk)
    error: ServiceError | None = None
    if request.method == "POST":
        _edit(request)
        values = _plan_form_values(request)
        try:
            plans.plan_update(
                by=actor_of(request), plan=plan, active=request.POST.get("active") == "on", **values
            )
        except ServiceError as exc:
            error = exc
        else:
            messages.success(request, "预案已保存")
            return redirect("duty:plan", pk=plan.pk)
    return _render_plan(request, plan, error=error)


def _render_plan(
    request: HttpRequest, plan: ContingencyPlan, *, error: ServiceError | None = None
) -> HttpResponse:
    return render(
        request,
        "duty/plan.html",
        {
            "current_tab": TAB,
            "plan": plan,
            "levels": plans.steps_by_level(plan),
            "severities": Severity.choices,
            "categories": IncidentCategory.choices,
            "subtypes": [(IncidentCategory(key).label, names) for key, names in SUBTYPES.items()],
            "may_edit": plans.may_edit_plans(request.user),
            "error": error,
            "drills": plan.drills.all(),
        },
        status=400 if error else 200,
    )


@login_required
@require_POST
def plan_step_add(request: HttpRequest, pk: int) -> HttpResponse:
    _edit(request)
    plan = get_object_or_404(ContingencyPlan, pk=pk)
    try:
        step = plans.plan_step_add(
            by=actor_of(request),
            plan=plan,
            level=request.POST.get("level", ""),
            text=request.POST.get("text", ""),
            responsible=request.POST.get("responsible", ""),
        )
    except ServiceError as exc:
        return _render_plan(request, plan, error=exc)
    return redirect(reverse("duty:plan", args=[plan.pk]) + f"#level-{step.level}")


@login_required
@require_POST
def plan_step_remove(request: HttpRequest, pk: int) -> HttpResponse:
    _edit(request)
    step = get_object_or_404(PlanStep.objects.select_related("plan"), pk=pk)
    try:
        plans.plan_step_remove(by=actor_of(request), step=step)
    except ServiceError as exc:
        return _render_plan(request, step.plan, error=exc)
    messages.success(request, "步骤已删除")
    return redirect(reverse("duty:plan", args=[step.plan_id]) + f"#level-{step.level}")


# --- drills -------------------------------------------------------------------------------------------------


@login_required
def drill_list(request: HttpRequest) -> HttpResponse:
    _see(request)
    error: ServiceError | None = None
    values: dict[str, Any] = {}
    if request.method == "POST":
        _edit(request)
        plan_id = _int(request.POST.get("plan"))
        values = {
            "title": request.POST.get("title", ""),
            "plan": ContingencyPlan.objects.filter(pk=plan_id).first() if plan_id else None,
            "scenario": request.POST.get("scenario", ""),
            "held_on": _date(request.POST.get("held_on")),
            "place": request.POST.get("place", ""),
            "units": [unit for unit in map(_unit, request.POST.getlist("units")) if unit is not None],
        }
        try:
            drill = drill_services.drill_plan(by=actor_of(request), **values)
        except ServiceError as exc:
            error = exc
        else:
            messages.success(request, f"已安排演练：{drill.title}")
            return redirect("duty:drill", pk=drill.pk)
    return render(
        request,
        "duty/drills.html",
        {
            "current_tab": TAB,
            "drills": Drill.objects.select_related("plan").prefetch_related("units", "problems"),
            "plans": plans.current_plans(),
            "may_edit": plans.may_edit_plans(request.user),
            "values": values,
            "error": error,
            "today": timezone.localdate(),
        },
        status=400 if error else 200,
    )


def _render_drill(
    request: HttpRequest,
    drill: Drill,
    *,
    error: ServiceError | None = None,
    posted: list[dict[str, Any]] | None = None,
) -> HttpResponse:
    rows = posted
    if rows is None:
        rows = [
            {
                "text": problem.text,
                "unit": problem.unit_id,
                "measure": problem.measure,
                "deadline": problem.deadline,
            }
            for problem in drill.problems.all()
        ]
    rows = rows + [{"text": "", "unit": None, "measure": "", "deadline": None}] * max(
        0, PROBLEM_ROWS - len(rows)
    )
    return render(
        request,
        "duty/drill.html",
        {
            "current_tab": TAB,
            "drill": drill,
            "problems": drill_services.problem_rows(drill, request.user),
            "actions": DRILL_RULES.available(request.user, drill),
            "form_rows": rows,
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
def drill_page(request: HttpRequest, pk: int) -> HttpResponse:
    _see(request)
    drill = get_object_or_404(Drill.objects.select_related("plan").prefetch_related("units"), pk=pk)
    return _render_drill(request, drill)


@login_required
@require_POST
def drill_record(request: HttpRequest, pk: int) -> HttpResponse:
    _edit(request)
    drill = get_object_or_404(Drill, pk=pk)
    texts, units = request.POST.getlist("problem_text"), request.POST.getlist("problem_unit")
    measures, deadlines = request.POST.getlist("problem_measure"), request.POST.getlist("problem_deadline")
    posted, problems = [], []
    for index, text in enumerate(texts):
        unit_value = units[index] if index < len(units) else ""
        measure = measures[index] if index < len(measures) else ""
        deadline = _date(deadlines[index] if index < len(deadlines) else "")
        if not text.strip() and not unit_value and not measure.strip():
            continue  # an empty row of the form
        posted.append({"text": text, "unit": _int(unit_value), "measure": measure, "deadline": deadline})
        problems.append(
            drill_services.ProblemIn(text=text, unit=_unit(unit_value), measure=measure, deadline=deadline)
        )
    try:
        drill_services.drill_record(
            by=actor_of(request),
            drill=drill,
            participants=_int(request.POST.get("participants")),
            evaluation=request.POST.get("evaluation", ""),
            problems=problems,
        )
    except ServiceError as exc:
        return _render_drill(request, drill, error=exc, posted=posted)
    messages.success(request, "演练记录已保存")
    return redirect("duty:drill", pk=drill.pk)


@login_required
@require_POST
def drill_rectify(request: HttpRequest, pk: int) -> HttpResponse:
    _see(request)
    drill = get_object_or_404(Drill, pk=pk)
    try:
        drill_services.drill_rectify(by=actor_of(request), drill=drill)
    except ServiceError as exc:
        if exc.code == "not_allowed":
            raise PermissionDenied(str(exc)) from exc
        return _render_drill(request, drill, error=exc)
    messages.success(request, "问题已转为整改事项，交办到各责任单位")
    return redirect("duty:drill", pk=drill.pk)


# --- the incident's sections --------------------------------------------------------------------------------


def _section_error(request: HttpRequest, name: str) -> ServiceError | None:
    error = getattr(request, "plans_error", None)
    return error if getattr(request, "plans_section", "") == name else None


def plan_context(request: HttpRequest, incident: Incident) -> dict[str, Any]:
    rows = plans.checklist(incident)
    return {
        "plan_actions": INCIDENT_RULES.available(request.user, incident),
        "plan_choices": plans.plans_for(incident),
        "checklist": rows,
        "any_done": IncidentStep.objects.filter(incident=incident).exists(),
        "severity_label": incident.get_severity_display(),
        "plan_error": _section_error(request, "plan"),
        "now_local": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
    }


def instructions_context(request: HttpRequest, incident: Incident) -> dict[str, Any]:
    actions = INCIDENT_RULES.available(request.user, incident)
    user = request.user
    person = getattr(user, "person_or_none", None)
    return {
        "instruction_rows": incident_joints.instruction_rows(incident, user),
        "may_instruct": "record_instruction" in actions,
        "own_leader": person
        if person is not None and person.is_leader and not plans.may_edit_plans(user)
        else None,
        "instruction_error": _section_error(request, "instructions"),
        "now_local": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "fileable": incident_joints.is_fileable(incident) is None,
    }


@login_required
@require_POST
def incident_plan(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _incident(request, pk)
    plan_id = _int(request.POST.get("plan"))
    try:
        plans.incident_choose_plan(
            by=actor_of(request),
            incident=incident,
            plan=ContingencyPlan.objects.filter(pk=plan_id).first() if plan_id else None,
        )
    except ServiceError as exc:
        request.plans_section = "plan"  # type: ignore[attr-defined]
        return _refused(request, incident, exc)
    messages.success(request, "已启用预案")
    return _back_to_incident(incident, "plan")


@login_required
@require_POST
def incident_step(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _incident(request, pk)
    step_id = _int(request.POST.get("step"))
    try:
        plans.step_tick(
            by=actor_of(request),
            incident=incident,
            step=PlanStep.objects.filter(pk=step_id).first() if step_id else None,
            done_by=_person(request.POST.get("done_by")),
            done_at=_moment(request.POST.get("done_at")),
            note=request.POST.get("note", ""),
        )
    except ServiceError as exc:
        request.plans_section = "plan"  # type: ignore[attr-defined]
        return _refused(request, incident, exc)
    messages.success(request, "已记录处置步骤")
    return _back_to_incident(incident, "plan")


@login_required
@require_POST
def incident_instruction(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _incident(request, pk)
    try:
        incident_joints.instruction_record(
            by=actor_of(request),
            incident=incident,
            leader=_person(request.POST.get("leader")),
            text=request.POST.get("text", ""),
            given_at=_moment(request.POST.get("given_at")),
        )
    except ServiceError as exc:
        request.plans_section = "instructions"  # type: ignore[attr-defined]
        return _refused(request, incident, exc)
    messages.success(request, "已记录领导批示")
    return _back_to_incident(incident, "instructions")


@login_required
@require_POST
def instruction_supervise(request: HttpRequest, pk: int, instruction_id: int) -> HttpResponse:
    incident = _incident(request, pk)
    instruction = IncidentInstruction.objects.filter(pk=instruction_id, incident=incident).first()
    if instruction is None:
        raise Http404("没有这条批示")
    try:
        incident_joints.instruction_supervise(by=actor_of(request), instruction=instruction)
    except ServiceError as exc:
        if exc.code == "not_allowed":
            raise PermissionDenied(str(exc)) from exc
        request.plans_section = "instructions"  # type: ignore[attr-defined]
        return _refused(request, incident, exc)
    messages.success(request, "批示已转为督办事项")
    return _back_to_incident(incident, "instructions")


# --- the incident's timeline: steps done and instructions given ---------------------------------------------


def _timeline_steps(incident: Incident) -> list[Any]:
    from zhongshu.duty.incidents import TimelineEvent

    rows = IncidentStep.objects.filter(incident=incident).select_related("step", "done_by")
    return [
        TimelineEvent(
            at=row.done_at, kind="step", text=f"{row.done_by.name}完成：{row.step.text}", detail=row.note
        )
        for row in rows
    ]


def _timeline_instructions(incident: Incident) -> list[Any]:
    from zhongshu.duty.incidents import TimelineEvent

    rows = IncidentInstruction.objects.filter(incident=incident).select_related("leader")
    return [
        TimelineEvent(at=row.given_at, kind="instruction", text=f"{row.leader.name}批示：{row.text}")
        for row in rows
    ]


urlpatterns: list[URLPattern] = [
    path("plans/", plan_list, name="plans"),
    path("plans/<int:pk>/", plan_page, name="plan"),
    path("plans/<int:pk>/steps/", plan_step_add, name="plan_step_add"),
    path("plans/steps/<int:pk>/remove/", plan_step_remove, name="plan_step_remove"),
    path("drills/", drill_list, name="drills"),
    path("drills/<int:pk>/", drill_page, name="drill"),
    path("drills/<int:pk>/record/", drill_record, name="drill_record"),
    path("drills/<int:pk>/rectify/", drill_rectify, name="drill_rectify"),
    path("incidents/<int:pk>/plan/", incident_plan, name="incident_plan"),
    path("incidents/<int:pk>/steps/", incident_step, name="incident_step"),
    path("incidents/<int:pk>/instructions/", incident_instruction, name="incident_instruction"),
    path(
        "incidents/<int:pk>/instructions/<int:instruction_id>/supervise/",
        instruction_supervise,
        name="incident_instruction_supervise",
    ),
]


def register() -> None:
    """The part's tab and registries, called once from DutyConfig.ready()."""
    register_tab(TAB, "预案演练", "duty:plans", 50, allowed=plans.may_see_plans)
    register_incident_section("plan", "预案处置", 50, plan_context)
    register_incident_section("instructions", "领导批示与归档", 60, instructions_context)
    register_timeline_source("plan_steps", _timeline_steps)
    register_timeline_source("instructions", _timeline_instructions)
    incident_joints.register()
    incident_joints.register_joints()
    drill_services.register()
