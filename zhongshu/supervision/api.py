"""The supervision API: items, progress reports and the ledger. Handlers are thin: services decide, the
access policy reads, errors come back as {"code", "message"}."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from zhongshu.access.links import made_from, source_of
from zhongshu.access.policy import get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.audit.disclosure import audit_shown
from zhongshu.core.errors import Forbidden
from zhongshu.core.inputs import IdParam, Input, request_body
from zhongshu.supervision import schemas, services
from zhongshu.supervision.actions import RULES
from zhongshu.supervision.models import ProgressReport, SupervisionItem, UnitRole
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


class LinkOut(Schema):
    """A linked record (access.links): a source the viewer may not see names nothing but that it exists."""

    kind: str | None
    id: int | None
    noun: str
    title: str
    url: str | None
    visible: bool
    text: str


class ItemDetailOut(ItemOut):
    actions: list[str]  # what the viewer may do to the item now (supervision.actions), as the page offers
    source_record: LinkOut | None  # the record the item was made from (来源), `source` being its 来源 kind
    made_from: list[LinkOut]  # what was made from the item (由此产生), as the viewer may see it


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


def _allowed(request: HttpRequest) -> None:
    if not may_use_supervision(request.user):
        raise Forbidden("无权使用督查督办", code="not_allowed")


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


def _item_out(request: HttpRequest, item: SupervisionItem) -> dict[str, Any]:
    from django.utils import timezone

    co = list(item.unit_links.filter(role=UnitRole.CO).order_by("id").values_list("unit__name", flat=True))
    item = SupervisionItem.objects.select_related("lead_unit", "leader").get(pk=item.pk)
    out = _out(LedgerRow(item, co, item.is_overdue(timezone.localdate())))
    source = source_of(item, request.user)
    return out | {
        "actions": RULES.available(request.user, item),
        "source_record": source.as_dict() if source else None,
        "made_from": [link.as_dict() for link in made_from(item, request.user)],
    }


def _item(request: HttpRequest, pk: int) -> SupervisionItem:
    _allowed(request)
    return get_for(request.user, SupervisionItem, pk)


def _act(request: HttpRequest, pk: int, action: str) -> SupervisionItem:
    """The page's action `action` on item `pk`, from the request's JSON or multipart body."""
    item = _item(request, pk)
    schemas.item_action(action, item=item, by=actor_of(request), data=Input.of(request))
    return item


def _report_out(report: ProgressReport) -> dict[str, Any]:
    return {
        "id": report.pk,
        "unit": report.unit.name,
        "kind": report.kind,
        "consolidated": report.consolidated,
        "text": report.text,
        "by": report.by_name,
        "at": report.at,
    }


@router.get("/items", response=LedgerOut, summary="督查台账（筛选、按编号翻页）")
def list_items(
    request: HttpRequest,
    source: str = "",
    unit: IdParam | None = None,
    state: str = "",
    overdue: bool = False,
    leader: IdParam | None = None,
    period_from: date | None = None,
    period_to: date | None = None,
    after: IdParam | None = None,
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
    audit_shown(request.user, [row.item for row in page.rows], route="api.supervision.items")
    return {"items": [_out(row) for row in page.rows], "next_cursor": page.next_cursor}


@router.get("/ledger", response=LedgerOut, summary="督查台账（同 /items）")
def ledger(request: HttpRequest, after: IdParam | None = None) -> dict[str, Any]:
    _allowed(request)
    page = ledger_page(request.user, LedgerFilter(), after=after)
    audit_shown(request.user, [row.item for row in page.rows], route="api.supervision.ledger")
    return {"items": [_out(row) for row in page.rows], "next_cursor": page.next_cursor}


@router.post(
    "/items", response={201: ItemDetailOut}, summary="立项", openapi_extra=request_body(schemas.OpenIn)
)
def open_item(request: HttpRequest) -> Status:
    _allowed(request)
    item = schemas.OpenIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
    return Status(201, _item_out(request, item))


@router.get("/items/{item_id}", response=ItemDetailOut, summary="督查事项")
def get_item(request: HttpRequest, item_id: int) -> dict[str, Any]:
    return _item_out(request, _item(request, item_id))


@router.post(
    "/items/{item_id}/assign",
    response=ItemDetailOut,
    summary="交办",
    openapi_extra=request_body(schemas.AssignIn),
)
def assign(request: HttpRequest, item_id: int) -> dict[str, Any]:
    return _item_out(request, _act(request, item_id, "assign"))


@router.post(
    "/items/{item_id}/receive",
    response=ItemDetailOut,
    summary="签收",
    openapi_extra=request_body(schemas.ReceiveIn),
)
def receive(request: HttpRequest, item_id: int) -> dict[str, Any]:
    return _item_out(request, _act(request, item_id, "receive"))


@router.get("/items/{item_id}/reports", response=list[ReportOut], summary="进展反馈")
def list_reports(request: HttpRequest, item_id: int) -> list[dict[str, Any]]:
    item = _item(request, item_id)
    return [_report_out(r) for r in item.reports.select_related("unit")]


@router.post(
    "/items/{item_id}/reports",
    response={201: ReportOut},
    summary="反馈进展（JSON，或带附件的 multipart）",
    openapi_extra=request_body(schemas.ReportIn),
)
def add_report(request: HttpRequest, item_id: int) -> Status:
    item = _item(request, item_id)
    report = schemas.item_action("report", item=item, by=actor_of(request), data=Input.of(request))
    return Status(201, _report_out(report))


@router.post(
    "/items/{item_id}/request-completion",
    response=ItemDetailOut,
    summary="申请办结（JSON，或带佐证材料的 multipart）",
    openapi_extra=request_body(schemas.CompletionIn),
)
def request_completion(request: HttpRequest, item_id: int) -> dict[str, Any]:
    return _item_out(request, _act(request, item_id, "request_completion"))


@router.post(
    "/items/{item_id}/confirm",
    response=ItemDetailOut,
    summary="销号确认",
    openapi_extra=request_body(schemas.ConfirmIn),
)
def confirm(request: HttpRequest, item_id: int) -> dict[str, Any]:
    return _item_out(request, _act(request, item_id, "confirm"))


@router.post(
    "/items/{item_id}/close-out",
    response=ItemDetailOut,
    summary="销号",
    openapi_extra=request_body(schemas.CloseOutIn),
)
def close_out(request: HttpRequest, item_id: int) -> dict[str, Any]:
    return _item_out(request, _act(request, item_id, "close_out"))


@router.post(
    "/items/{item_id}/return",
    response=ItemDetailOut,
    summary="退回重办重报",
    openapi_extra=request_body(schemas.ReturnIn),
)
def return_item(request: HttpRequest, item_id: int) -> dict[str, Any]:
    return _item_out(request, _act(request, item_id, "return"))


@router.post(
    "/items/{item_id}/press",
    response=ItemDetailOut,
    summary="督办",
    openapi_extra=request_body(schemas.PressIn),
)
def press(request: HttpRequest, item_id: int) -> dict[str, Any]:
    return _item_out(request, _act(request, item_id, "press"))


@router.post(
    "/items/{item_id}/look-back",
    response=ItemDetailOut,
    summary="回头看",
    openapi_extra=request_body(schemas.LookBackIn),
)
def look_back(request: HttpRequest, item_id: int) -> dict[str, Any]:
    return _item_out(request, _act(request, item_id, "look_back"))


@router.post(
    "/items/{item_id}/withdraw",
    response=ItemDetailOut,
    summary="作废（交办前立项有误）",
    openapi_extra=request_body(schemas.WithdrawIn),
)
def withdraw(request: HttpRequest, item_id: int) -> dict[str, Any]:
    return _item_out(request, _act(request, item_id, "withdraw"))


# --- 整改: problem lists ------------------------------------------------------------------------------


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


@router.post(
    "/problem-lists",
    response={201: ProblemListOut},
    summary="建立整改问题清单并交办",
    openapi_extra=request_body(schemas.ProblemListIn),
)
def create_problem_list(request: HttpRequest) -> Status:
    _allowed(request)
    if not is_supervising(request.user):
        raise Forbidden(services.SUPERVISING_ONLY, code="not_supervisor")
    problem_list = schemas.ProblemListIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
    return Status(201, _problem_list_out(request, problem_list))


@router.get("/problem-lists/{list_id}", response=ProblemListOut, summary="整改问题清单")
def get_problem_list(request: HttpRequest, list_id: int) -> dict[str, Any]:
    from zhongshu.supervision.rectification import problem_list_for

    _allowed(request)
    return _problem_list_out(request, problem_list_for(request.user, list_id))
