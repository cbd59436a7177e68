"""The 机要保密 API's inventory part (mounted under /api/secrecy): /inventory/counts (the counts; record one),
/inventory/counts/{id} (a count with its discrepancies), /inventory/discrepancies/{id}/resolve,
/inventory/copies (to decide and mine; ask for copies), /inventory/copies/{id} (a request with the actions open
to the caller) and /inventory/copies/{id}/decide. The same contracts and services as the pages; a discrepancy
names its carrier (number, title, level, what the ledger says) only to a caller who may see the carrier."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from zhongshu.access.policy import get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.audit.disclosure import audit_shown
from zhongshu.core.errors import Forbidden
from zhongshu.core.inputs import IdParam, Input, request_body
from zhongshu.secrecy import inventory
from zhongshu.secrecy.actions_inventory import COPY_RULES
from zhongshu.secrecy.models_carriers import CopyRequest, Inventory, InventoryDiscrepancy
from zhongshu.secrecy.roles import may_use_secrecy
from zhongshu.secrecy.schemas_inventory import CopyIn, CountIn, DecideIn, ResolveIn

router = Router(tags=["机要保密：清点与复制"])

MOST_ROWS = 200


def _allowed(request: HttpRequest) -> None:
    if not may_use_secrecy(request.user):
        raise Forbidden("无权使用机要保密", code="not_allowed")


def _inventory(request: HttpRequest, pk: int) -> Inventory:
    _allowed(request)
    return get_for(request.user, inventory.visible_inventories(request.user), pk)


def _copy_request(request: HttpRequest, pk: int) -> CopyRequest:
    _allowed(request)
    return get_for(request.user, inventory.visible_copy_requests(request.user), pk)


class CountRow(Schema):
    id: int
    unit_id: int
    unit: str
    cabinet_id: int | None
    cabinet: str
    counted_on: date
    counted_by: str
    second_person: str
    expected_count: int
    found_count: int
    discrepancies: int
    open: int


class DiscrepancyOut(Schema):
    id: int
    kind: str
    kind_label: str
    carrier_id: int | None  # null: the caller may not see the carrier
    number: str
    title: str
    classification: int | None
    ledger_says: str
    resolved_note: str
    may_resolve: bool


class CountOut(CountRow):
    missing: int
    misplaced: int
    gone: int
    found_numbers: list[str]
    lines: list[DiscrepancyOut]


class CopyRow(Schema):
    id: int
    carrier_id: int | None  # null: the caller may not see the carrier
    number: str
    title: str
    classification: int | None
    copies: int
    reason: str
    requested_by: str
    requested_at: datetime
    originator_consent: str
    state: str
    state_label: str
    decided_by: str
    decided_at: datetime | None
    opinion: str
    version: int


class CopyOut(CopyRow):
    made: list[str]
    actions: list[str]


class CopyListsOut(Schema):
    to_decide: list[CopyRow]
    mine: list[CopyRow]


def _count_row(made: Inventory, counts: tuple[int, int]) -> dict[str, Any]:
    return {
        "id": made.pk,
        "unit_id": made.unit_id,
        "unit": made.unit.name,
        "cabinet_id": made.cabinet_id,
        "cabinet": made.cabinet.name if made.cabinet is not None else "",
        "counted_on": made.counted_on,
        "counted_by": made.counted_by.name,
        "second_person": made.second_person.name if made.second_person is not None else "",
        "expected_count": made.expected_count,
        "found_count": made.found_count,
        "discrepancies": counts[0],
        "open": counts[1],
    }


def _count_out(request: HttpRequest, made: Inventory) -> dict[str, Any]:
    lines = inventory.report_lines(request.user, made)
    audit_shown(
        request.user,
        [line.carrier for line in lines if line.carrier is not None],
        route="api.secrecy.inventory",
    )
    summary = inventory.summary(made)
    return {
        **_count_row(made, (len(lines), summary["open"])),
        "missing": summary["missing"],
        "misplaced": summary["misplaced"],
        "gone": summary["gone"],
        "found_numbers": [number for number in made.found_numbers.splitlines() if number],
        "lines": [
            {
                "id": line.discrepancy.pk,
                "kind": line.discrepancy.kind,
                "kind_label": line.discrepancy.get_kind_display(),
                "carrier_id": line.carrier.pk if line.carrier is not None else None,
                "number": line.carrier.number if line.carrier is not None else "",
                "title": line.carrier.title if line.carrier is not None else "",
                "classification": line.carrier.classification if line.carrier is not None else None,
                "ledger_says": line.discrepancy.ledger_says if line.carrier is not None else "",
                "resolved_note": line.discrepancy.resolved_note,
                "may_resolve": line.may_resolve,
            }
            for line in lines
        ],
    }


def _copy_row(row: CopyRequest, seen: set[int]) -> dict[str, Any]:
    sees = row.carrier_id in seen
    return {
        "id": row.pk,
        "carrier_id": row.carrier_id if sees else None,
        "number": row.carrier.number if sees else "",
        "title": row.carrier.title if sees else "",
        "classification": row.carrier.classification if sees else None,
        "copies": row.copies,
        "reason": row.reason,
        "requested_by": row.requested_by.name,
        "requested_at": row.requested_at,
        "originator_consent": row.originator_consent,
        "state": row.state,
        "state_label": row.get_state_display(),
        "decided_by": row.decided_by.name if row.decided_by is not None else "",
        "decided_at": row.decided_at,
        "opinion": row.opinion,
        "version": row.version,
    }


def _copy_out(request: HttpRequest, row: CopyRequest) -> dict[str, Any]:
    seen = inventory.visible_carrier_ids(request.user, [row.carrier_id])
    if seen:
        audit_shown(request.user, [row.carrier], route="api.secrecy.copy_request")
    return {
        **_copy_row(row, seen),
        "made": [copy.number for copy in inventory.copies_made(request.user, row)],
        "actions": COPY_RULES.available(request.user, row),
    }


@router.get("/inventory/counts", response=list[CountRow], summary="涉密载体清点记录")
def list_counts(request: HttpRequest) -> list[dict[str, Any]]:
    _allowed(request)
    rows = list(inventory.visible_inventories(request.user)[:MOST_ROWS])
    counts = inventory.open_counts([row.pk for row in rows])
    return [_count_row(row, counts.get(row.pk, (0, 0))) for row in rows]


@router.post(
    "/inventory/counts",
    response={201: CountOut},
    summary="登记清点（cabinet 或 unit, counted_on, found_numbers 每行一个, second_person）",
    openapi_extra=request_body(CountIn),
)
def record_count(request: HttpRequest) -> Status[Any]:
    _allowed(request)
    if not inventory.may_count_any(request.user):
        raise Forbidden("只有保密办或专柜保管人可以清点涉密载体", code="not_allowed")
    made = CountIn.parse(Input.of(request), request.user).record(by=actor_of(request))
    return Status(201, _count_out(request, _inventory(request, made.pk)))


@router.get("/inventory/counts/{inventory_id}", response=CountOut, summary="涉密载体清点报告")
def get_count(request: HttpRequest, inventory_id: IdParam) -> dict[str, Any]:
    return _count_out(request, _inventory(request, inventory_id))


@router.post(
    "/inventory/discrepancies/{discrepancy_id}/resolve",
    response=CountOut,
    summary="处理清点差异（note）",
    openapi_extra=request_body(ResolveIn),
)
def resolve_discrepancy(request: HttpRequest, discrepancy_id: IdParam) -> dict[str, Any]:
    _allowed(request)
    discrepancy = get_for(request.user, InventoryDiscrepancy.objects.all(), discrepancy_id)
    inventory.discrepancy_resolve_check(by=actor_of(request), discrepancy=discrepancy)
    ResolveIn.parse(Input.of(request), request.user).apply(by=actor_of(request), discrepancy=discrepancy)
    return _count_out(request, _inventory(request, discrepancy.inventory_id))


@router.get("/inventory/copies", response=CopyListsOut, summary="复制申请：待我审批、我的申请")
def list_copies(request: HttpRequest) -> dict[str, Any]:
    _allowed(request)
    person = inventory.person_of(request.user)
    to_decide = list(inventory.pending_copy_requests(request.user).order_by("requested_at", "id")[:MOST_ROWS])
    mine = list(
        inventory.visible_copy_requests(request.user).filter(requested_by_id=person.pk if person else 0)[
            :MOST_ROWS
        ]
    )
    shown = [row.carrier for row in [*to_decide, *mine]]
    seen = inventory.visible_carrier_ids(request.user, [carrier.pk for carrier in shown])
    audit_shown(
        request.user, [carrier for carrier in shown if carrier.pk in seen], route="api.secrecy.copy_requests"
    )
    return {
        "to_decide": [_copy_row(row, seen) for row in to_decide],
        "mine": [_copy_row(row, seen) for row in mine],
    }


@router.post(
    "/inventory/copies",
    response={201: CopyOut},
    summary="申请复制涉密载体（carrier 或 carrier_number, copies, reason, originator_consent）",
    openapi_extra=request_body(CopyIn),
)
def request_copies(request: HttpRequest) -> Status[Any]:
    _allowed(request)
    made = CopyIn.parse(Input.of(request), request.user).request(by=actor_of(request))
    return Status(201, _copy_out(request, _copy_request(request, made.pk)))


@router.get("/inventory/copies/{request_id}", response=CopyOut, summary="涉密载体复制申请")
def get_copy_request(request: HttpRequest, request_id: IdParam) -> dict[str, Any]:
    return _copy_out(request, _copy_request(request, request_id))


@router.post(
    "/inventory/copies/{request_id}/decide",
    response=CopyOut,
    summary="审批复制申请（decision: approve|refuse, opinion, originator_consent, version）",
    openapi_extra=request_body(DecideIn),
)
def decide_copy_request(request: HttpRequest, request_id: IdParam) -> dict[str, Any]:
    row = _copy_request(request, request_id)
    inventory.copy_decide_check(by=actor_of(request), request=row)
    DecideIn.parse(Input.of(request), request.user).apply(by=actor_of(request), request=row)
    return _copy_out(request, _copy_request(request, request_id))
