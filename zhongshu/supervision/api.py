"""The supervision API: items, progress reports and the ledger. Handlers are thin: services decide, the
access policy reads, errors come back as {"code", "message"}."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from zhongshu.access.policy import get_for
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.org.models import Person, Unit
from zhongshu.supervision import services
from zhongshu.supervision.models import Milestone, SupervisionItem, UnitRole
from zhongshu.supervision.reminders import supervision_item_press
from zhongshu.supervision.roles import is_supervising, may_use_supervision
from zhongshu.supervision.selectors import LedgerFilter, LedgerRow, ledger_page

router = Router()


class ItemOut(Schema):
    id: int
    kind: str
    title: str
    source: str
    source_label: str
    category: str
    state: str
    state_label: str
    lead_unit: str | None
    co_units: list[str]
    leader: str | None
    deadline: date | None
    overdue: bool
    progress: str
    round: int
    version: int
    look_back_due: date | None


class LedgerOut(Schema):
    items: list[ItemOut]
    next_cursor: int | None


class ReportOut(Schema):
    id: int
    unit: str
    kind: str
    consolidated: bool
    text: str
    by: str
    at: datetime


class OpenIn(Schema):
    title: str
    source: str
    body: str = ""
    category: str = "decision"
    priority: int = 1
    source_note: str = ""
    lead_unit: int | None = None
    leader: int | None = None
    action_required: bool = True
    confirm_duplicate: bool = False


class AssignIn(Schema):
    lead_unit: int
    co_units: list[int] = []
    deadline: date | None = None
    deadline_workdays: int | None = None
    leader: int | None = None
    confirm_duplicate: bool = False
    version: int | None = None


class VersionIn(Schema):
    version: int | None = None


class ReportIn(Schema):
    text: str
    milestone: int | None = None


class CompletionIn(Schema):
    evidence: str
    version: int | None = None


class ConfirmIn(Schema):
    role: str
    confirmer: int | None = None
    opinion: str = ""


class ReasonIn(Schema):
    reason: str
    version: int | None = None


class PressIn(Schema):
    note: str


class LookBackIn(Schema):
    outcome: str
    note: str
    deadline: date | None = None
    deadline_workdays: int | None = None
    version: int | None = None


def _allowed(request: HttpRequest) -> None:
    if not may_use_supervision(request.user):
        raise Forbidden("无权使用督查督办", code="not_allowed")


def _unit(pk: int | None, label: str = "单位") -> Unit | None:
    if pk is None:
        return None
    unit = Unit.objects.filter(pk=pk, is_active=True).first()
    if unit is None:
        raise ServiceError(f"{label}不存在：{pk}", code="unknown_unit")
    return unit


def _person(pk: int | None, label: str) -> Person | None:
    if pk is None:
        return None
    person = Person.objects.filter(pk=pk).first()
    if person is None:
        raise ServiceError(f"{label}不存在：{pk}", code="unknown_person")
    return person


def _out(row: LedgerRow) -> dict[str, Any]:
    item = row.item
    return {
        "id": item.pk,
        "kind": item.kind,
        "title": item.title,
        "source": item.source,
        "source_label": item.get_source_display(),
        "category": item.category,
        "state": item.state,
        "state_label": item.get_state_display(),
        "lead_unit": item.lead_unit.name if item.lead_unit else None,
        "co_units": row.co_units,
        "leader": item.leader.name if item.leader else None,
        "deadline": item.deadline,
        "overdue": row.overdue,
        "progress": item.progress,
        "round": item.round,
        "version": item.version,
        "look_back_due": item.look_back_due,
    }


def _item_out(item: SupervisionItem) -> dict[str, Any]:
    from django.utils import timezone

    co = list(item.unit_links.filter(role=UnitRole.CO).order_by("id").values_list("unit__name", flat=True))
    item = SupervisionItem.objects.select_related("lead_unit", "leader").get(pk=item.pk)
    return _out(LedgerRow(item, co, item.is_overdue(timezone.localdate())))


def _item(request: HttpRequest, pk: int) -> SupervisionItem:
    _allowed(request)
    return get_for(request.user, SupervisionItem, pk)


@router.get("/items", response=LedgerOut, summary="督查台账（筛选、按编号翻页）")
def list_items(
    request: HttpRequest,
    source: str = "",
    unit: int | None = None,
    state: str = "",
    overdue: bool = False,
    leader: int | None = None,
    period_from: date | None = None,
    period_to: date | None = None,
    after: int | None = None,
) -> dict[str, Any]:
    _allowed(request)
    flt = LedgerFilter.from_params(
        {
            "source": source,
            "unit": unit or "",
            "state": state,
            "overdue": "1" if overdue else "",
            "leader": leader or "",
            "from": period_from.isoformat() if period_from else "",
            "to": period_to.isoformat() if period_to else "",
        }
    )
    page = ledger_page(request.user, flt, after=after)
    return {"items": [_out(row) for row in page.rows], "next_cursor": page.next_cursor}


@router.get("/ledger", response=LedgerOut, summary="督查台账（同 /items）")
def ledger(request: HttpRequest, after: int | None = None) -> dict[str, Any]:
    _allowed(request)
    page = ledger_page(request.user, LedgerFilter(), after=after)
    return {"items": [_out(row) for row in page.rows], "next_cursor": page.next_cursor}


@router.post("/items", response={201: ItemOut}, summary="立项")
def open_item(request: HttpRequest, payload: OpenIn) -> Status:
    _allowed(request)
    item = services.supervision_item_open(
        by=request.user,
        title=payload.title,
        source=payload.source,
        body=payload.body,
        category=payload.category,
        priority=payload.priority,
        source_note=payload.source_note,
        lead_unit=_unit(payload.lead_unit, "牵头单位"),
        leader=_person(payload.leader, "责任领导"),
        action_required=payload.action_required,
        confirm_duplicate=payload.confirm_duplicate,
    )
    return Status(201, _item_out(item))


@router.get("/items/{item_id}", response=ItemOut, summary="督查事项")
def get_item(request: HttpRequest, item_id: int) -> dict[str, Any]:
    return _item_out(_item(request, item_id))


@router.post("/items/{item_id}/assign", response=ItemOut, summary="交办")
def assign(request: HttpRequest, item_id: int, payload: AssignIn) -> dict[str, Any]:
    item = _item(request, item_id)
    co = [unit for unit in (_unit(pk, "配合单位") for pk in payload.co_units) if unit is not None]
    services.supervision_item_assign(
        item=item,
        by=request.user,
        lead_unit=_unit(payload.lead_unit, "牵头单位"),
        co_units=co,
        deadline=payload.deadline,
        deadline_workdays=payload.deadline_workdays,
        leader=_person(payload.leader, "责任领导"),
        confirm_duplicate=payload.confirm_duplicate,
        version=payload.version,
    )
    return _item_out(item)


@router.post("/items/{item_id}/receive", response=ItemOut, summary="签收")
def receive(request: HttpRequest, item_id: int, payload: VersionIn) -> dict[str, Any]:
    item = _item(request, item_id)
    services.supervision_item_receive(item=item, by=request.user, version=payload.version)
    return _item_out(item)


@router.get("/items/{item_id}/reports", response=list[ReportOut], summary="进展反馈")
def list_reports(request: HttpRequest, item_id: int) -> list[dict[str, Any]]:
    item = _item(request, item_id)
    return [
        {
            "id": r.pk,
            "unit": r.unit.name,
            "kind": r.kind,
            "consolidated": r.consolidated,
            "text": r.text,
            "by": r.by_name,
            "at": r.at,
        }
        for r in item.reports.select_related("unit")
    ]


@router.post("/items/{item_id}/reports", response={201: ReportOut}, summary="反馈进展")
def add_report(request: HttpRequest, item_id: int, payload: ReportIn) -> Status:
    item = _item(request, item_id)
    milestone = (
        Milestone.objects.filter(pk=payload.milestone, item=item).first() if payload.milestone else None
    )
    if payload.milestone and milestone is None:
        raise ServiceError("节点不属于此事项", code="unknown_milestone")
    r = services.progress_report_submit(item=item, by=request.user, text=payload.text, milestone=milestone)
    return Status(
        201,
        {
            "id": r.pk,
            "unit": r.unit.name,
            "kind": r.kind,
            "consolidated": r.consolidated,
            "text": r.text,
            "by": r.by_name,
            "at": r.at,
        },
    )


@router.post("/items/{item_id}/request-completion", response=ItemOut, summary="申请办结")
def request_completion(request: HttpRequest, item_id: int, payload: CompletionIn) -> dict[str, Any]:
    item = _item(request, item_id)
    services.supervision_item_request_completion(
        item=item, by=request.user, evidence=payload.evidence, version=payload.version
    )
    return _item_out(item)


@router.post("/items/{item_id}/confirm", response=ItemOut, summary="销号确认")
def confirm(request: HttpRequest, item_id: int, payload: ConfirmIn) -> dict[str, Any]:
    item = _item(request, item_id)
    services.supervision_item_confirm(
        item=item,
        by=request.user,
        role=payload.role,
        confirmer=_person(payload.confirmer, "确认人"),
        opinion=payload.opinion,
    )
    return _item_out(item)


@router.post("/items/{item_id}/close-out", response=ItemOut, summary="销号")
def close_out(request: HttpRequest, item_id: int, payload: VersionIn) -> dict[str, Any]:
    item = _item(request, item_id)
    services.supervision_item_close_out(item=item, by=request.user, version=payload.version)
    return _item_out(item)


@router.post("/items/{item_id}/return", response=ItemOut, summary="退回重办重报")
def return_item(request: HttpRequest, item_id: int, payload: ReasonIn) -> dict[str, Any]:
    item = _item(request, item_id)
    services.supervision_item_return(
        item=item, by=request.user, reason=payload.reason, version=payload.version
    )
    return _item_out(item)


@router.post("/items/{item_id}/press", response=ItemOut, summary="督办")
def press(request: HttpRequest, item_id: int, payload: PressIn) -> dict[str, Any]:
    item = _item(request, item_id)
    supervision_item_press(item=item, by=request.user, note=payload.note)
    return _item_out(item)


@router.post("/items/{item_id}/look-back", response=ItemOut, summary="回头看")
def look_back(request: HttpRequest, item_id: int, payload: LookBackIn) -> dict[str, Any]:
    item = _item(request, item_id)
    services.supervision_item_look_back(
        item=item,
        by=request.user,
        outcome=payload.outcome,
        note=payload.note,
        deadline=payload.deadline,
        deadline_workdays=payload.deadline_workdays,
        version=payload.version,
    )
    return _item_out(item)


# --- 整改: problem lists ------------------------------------------------------------------------------


class ProblemIn(Schema):
    problem: str
    measure: str = ""
    unit: int | None = None
    deadline: date | None = None
    deadline_workdays: int | None = None


class ProblemListIn(Schema):
    title: str
    origin: str = ""
    category: str = "special"
    leader: int | None = None
    problems: list[ProblemIn]


class ProblemOut(Schema):
    id: int
    problem: str
    measure: str
    unit: str | None
    deadline: date | None
    state: str
    state_label: str
    level: str | None
    level_label: str | None
    overdue: bool
    version: int


class ProblemListOut(Schema):
    id: int
    title: str
    origin: str
    created_at: datetime
    closed: int
    total: int
    problems: list[ProblemOut]


def _problem_list_out(request: HttpRequest, problem_list: Any) -> dict[str, Any]:
    from django.utils import timezone

    from zhongshu.supervision.rectification import problem_rows

    rows, progress = problem_rows(request.user, problem_list, timezone.localdate())
    return {
        "id": problem_list.pk,
        "title": problem_list.title,
        "origin": problem_list.origin,
        "created_at": problem_list.created_at,
        "closed": progress.closed,
        "total": progress.total,
        "problems": [
            {
                "id": row.item.pk,
                "problem": row.item.title,
                "measure": row.item.measure,
                "unit": row.item.lead_unit.name if row.item.lead_unit else None,
                "deadline": row.item.deadline,
                "state": row.item.state,
                "state_label": row.item.get_state_display(),
                "level": row.level.value if row.level else None,
                "level_label": str(row.level.label) if row.level else None,
                "overdue": row.overdue,
                "version": row.item.version,
            }
            for row in rows
        ],
    }


@router.post("/problem-lists", response={201: ProblemListOut}, summary="建立整改问题清单并交办")
def create_problem_list(request: HttpRequest, payload: ProblemListIn) -> Status:
    _allowed(request)
    if not is_supervising(request.user):
        raise Forbidden(services.SUPERVISING_ONLY, code="not_supervisor")
    leader = _person(payload.leader, "责任领导")
    units = {
        unit.pk: unit for unit in Unit.objects.filter(pk__in=[p.unit for p in payload.problems if p.unit])
    }
    from zhongshu.supervision.forms import problem_list_errors

    errors: list[str] = []
    problems: list[dict[str, Any]] = []
    for line, problem in enumerate(payload.problems, start=1):
        unit = units.get(problem.unit) if problem.unit else None
        if problem.unit and (unit is None or not unit.is_active):
            errors.append(f"第{line}行：责任单位不存在：{problem.unit}")
            continue
        problems.append(
            {
                "line": line,
                "problem": problem.problem,
                "measure": problem.measure,
                "unit": unit,
                "deadline": problem.deadline,
                "deadline_workdays": problem.deadline_workdays,
                "category": payload.category,
                "leader": leader,
            }
        )
    errors = problem_list_errors(title=payload.title, problems=problems, unreadable=errors)
    if errors:
        raise services.ProblemListInvalid(errors)
    problem_list = services.problem_list_submit(
        by=request.user, title=payload.title, origin=payload.origin, problems=problems
    )
    return Status(201, _problem_list_out(request, problem_list))


@router.get("/problem-lists/{list_id}", response=ProblemListOut, summary="整改问题清单")
def get_problem_list(request: HttpRequest, list_id: int) -> dict[str, Any]:
    from zhongshu.supervision.rectification import problem_list_for

    _allowed(request)
    return _problem_list_out(request, problem_list_for(request.user, list_id))
