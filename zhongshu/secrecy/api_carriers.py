"""The 机要保密 API's carriers part (mounted under /api/secrecy): /carriers (the ledger with its filters and counts;
register a carrier), /carriers/mine, /carriers/cabinets (list; set one up), /carriers/{id} (a carrier, where it is
and its movements, with the movements open to the caller) and /carriers/{id}/collect, /transfer, /borrow, /return,
/return-to-issuer, /destroy. The same contracts and services as the pages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status

from zhongshu.access.policy import get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.audit.disclosure import audit_shown
from zhongshu.core.errors import Forbidden
from zhongshu.core.inputs import IdParam, Input, request_body
from zhongshu.secrecy import carriers
from zhongshu.secrecy.actions_carriers import RULES
from zhongshu.secrecy.models_carriers import Cabinet, Carrier, CarrierEvent
from zhongshu.secrecy.roles import keeps_ledger, may_use_secrecy
from zhongshu.secrecy.schemas_carriers import (
    BorrowIn,
    CabinetIn,
    CollectIn,
    DestroyIn,
    RegisterIn,
    ReturnIn,
    ReturnToIssuerIn,
    TransferIn,
    parse_filters,
)

router = Router(tags=["机要保密：涉密载体"])

MOST_ROWS = 500


def _allowed(request: HttpRequest) -> None:
    if not may_use_secrecy(request.user):
        raise Forbidden("无权使用机要保密", code="not_allowed")


def _keeper(request: HttpRequest, refusal: str) -> None:
    """Only the secrecy office registers and sets up cabinets: asked before the input is read, as the page does."""
    _allowed(request)
    if not keeps_ledger(request.user):
        raise Forbidden(refusal, code="not_allowed")


def _carrier(request: HttpRequest, pk: int) -> Carrier:
    _allowed(request)
    return get_for(
        request.user, Carrier.objects.select_related("holder", "cabinet", "owner_person", "owner_unit"), pk
    )


class CarrierRow(Schema):
    id: int
    number: str
    copy_number: str
    title: str
    classification: int
    marking: str
    kind: str
    source: str
    owner_unit: str
    custodian_id: int | None
    custodian: str
    state: str
    state_label: str
    holder_id: int | None
    holder: str
    cabinet_id: int | None
    cabinet: str
    due_on: date | None
    overdue: bool
    days_overdue: int


class EventOut(Schema):
    id: int
    kind: str
    kind_label: str
    at: datetime
    from_person: str
    to_person: str
    second_person: str
    cabinet: str
    due_on: date | None
    note: str


class CustodyOut(Schema):
    state: str
    holder_id: int | None
    cabinet_id: int | None
    due_on: date | None
    since: datetime | None


class CarrierOut(CarrierRow):
    registered_at: datetime
    copy_of_id: int | None
    version: int
    custody: CustodyOut
    events: list[EventOut]
    actions: list[str]


class CountsOut(Schema):
    total: int
    by_state: dict[str, int]
    overdue: int


class LedgerOut(Schema):
    carriers: list[CarrierRow]
    counts: CountsOut


class CabinetOut(Schema):
    id: int
    unit_id: int
    unit: str
    name: str
    location: str
    keeper_id: int
    keeper: str
    retired: bool


def _name(person: Any) -> str:
    return person.name if person is not None else ""


def _row(carrier: Carrier) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "id": carrier.pk,
        "number": carrier.number,
        "copy_number": carrier.copy_number,
        "title": carrier.title,
        "classification": carrier.classification,
        "marking": carrier.secrecy_marking,
        "kind": carrier.kind,
        "source": carrier.source,
        "owner_unit": carrier.owner_unit.name if carrier.owner_unit else "",
        "custodian_id": carrier.owner_person_id,
        "custodian": _name(carrier.owner_person),
        "state": carrier.state,
        "state_label": carrier.get_state_display(),
        "holder_id": carrier.holder_id,
        "holder": _name(carrier.holder),
        "cabinet_id": carrier.cabinet_id,
        "cabinet": carrier.cabinet.name if carrier.cabinet else "",
        "due_on": carrier.due_on,
        "overdue": carriers.is_overdue(carrier, today),
        "days_overdue": carriers.days_overdue(carrier, today),
    }


def _event(event: CarrierEvent) -> dict[str, Any]:
    return {
        "id": event.pk,
        "kind": event.kind,
        "kind_label": event.get_kind_display(),
        "at": event.at,
        "from_person": _name(event.from_person),
        "to_person": _name(event.to_person),
        "second_person": _name(event.second_person),
        "cabinet": event.cabinet.name if event.cabinet else "",
        "due_on": event.due_on,
        "note": event.note,
    }


def _out(request: HttpRequest, carrier: Carrier) -> dict[str, Any]:
    custody = carriers.custody_of(carrier.pk)
    return {
        **_row(carrier),
        "registered_at": carrier.registered_at,
        "copy_of_id": carrier.copy_of_id,
        "version": carrier.version,
        "custody": custody.__dict__,
        "events": [_event(event) for event in carriers.events_of(carrier)],
        "actions": RULES.available(request.user, carrier),
    }


def _cabinet(cabinet: Cabinet) -> dict[str, Any]:
    return {
        "id": cabinet.pk,
        "unit_id": cabinet.unit_id,
        "unit": cabinet.unit.name,
        "name": cabinet.name,
        "location": cabinet.location,
        "keeper_id": cabinet.keeper_id,
        "keeper": cabinet.keeper.name,
        "retired": cabinet.retired,
    }


@router.get(
    "/carriers", response=LedgerOut, summary="涉密载体台账（state, classification, cabinet, holder, overdue）"
)
def list_carriers(request: HttpRequest) -> dict[str, Any]:
    _allowed(request)
    filters = parse_filters(Input(request.GET))
    visible = carriers.visible_carriers(request.user)
    rows = audit_shown(
        request.user, carriers.filtered(visible, filters)[:MOST_ROWS], route="api.secrecy.carriers"
    )
    counts = carriers.counts(visible)
    return {
        "carriers": [_row(carrier) for carrier in rows],
        "counts": {"total": counts.total, "by_state": counts.by_state, "overdue": counts.overdue},
    }


@router.post(
    "/carriers", response={201: CarrierOut}, summary="登记涉密载体", openapi_extra=request_body(RegisterIn)
)
def register_carrier(request: HttpRequest) -> Status[Any]:
    _keeper(request, "只有保密办可以登记涉密载体")
    carrier = RegisterIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
    return Status(201, _out(request, _carrier(request, carrier.pk)))


@router.get("/carriers/mine", response=list[CarrierRow], summary="我持有或借阅的涉密载体")
def my_carriers(request: HttpRequest) -> list[dict[str, Any]]:
    _allowed(request)
    person = getattr(request.user, "person_or_none", None)
    rows = carriers.visible_carriers(request.user).filter(
        holder_id=person.pk if person is not None else 0, state__in=carriers.OUT_STATES
    )
    return [_row(carrier) for carrier in audit_shown(request.user, rows, route="api.secrecy.carriers_mine")]


@router.get("/carriers/cabinets", response=list[CabinetOut], summary="专柜")
def list_cabinets(request: HttpRequest) -> list[dict[str, Any]]:
    _allowed(request)
    return [_cabinet(cabinet) for cabinet in carriers.visible_cabinets(request.user)]


@router.post(
    "/carriers/cabinets",
    response={201: CabinetOut},
    summary="设立专柜",
    openapi_extra=request_body(CabinetIn),
)
def create_cabinet(request: HttpRequest) -> Status[Any]:
    _keeper(request, "只有保密办可以设立专柜")
    cabinet = CabinetIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
    return Status(201, _cabinet(cabinet))


@router.get("/carriers/{carrier_id}", response=CarrierOut, summary="涉密载体（现状、流转记录、可办理事项）")
def get_carrier(request: HttpRequest, carrier_id: IdParam) -> dict[str, Any]:
    return _out(request, _carrier(request, carrier_id))


def _move(request: HttpRequest, carrier_id: int, contract: Any) -> dict[str, Any]:
    carrier = _carrier(request, carrier_id)
    contract.parse(Input.of(request), request.user).apply(by=actor_of(request), carrier=carrier)
    return _out(request, _carrier(request, carrier_id))


@router.post(
    "/carriers/{carrier_id}/collect",
    response=CarrierOut,
    summary="领取（本人；绝密须 second_person）",
    openapi_extra=request_body(CollectIn),
)
def collect(request: HttpRequest, carrier_id: IdParam) -> dict[str, Any]:
    return _move(request, carrier_id, CollectIn)


@router.post(
    "/carriers/{carrier_id}/transfer",
    response=CarrierOut,
    summary="传递（to_person）",
    openapi_extra=request_body(TransferIn),
)
def transfer(request: HttpRequest, carrier_id: IdParam) -> dict[str, Any]:
    return _move(request, carrier_id, TransferIn)


@router.post(
    "/carriers/{carrier_id}/borrow",
    response=CarrierOut,
    summary="借阅（borrower, due_on）",
    openapi_extra=request_body(BorrowIn),
)
def borrow(request: HttpRequest, carrier_id: IdParam) -> dict[str, Any]:
    return _move(request, carrier_id, BorrowIn)


@router.post(
    "/carriers/{carrier_id}/return",
    response=CarrierOut,
    summary="归还入柜（cabinet）",
    openapi_extra=request_body(ReturnIn),
)
def return_carrier(request: HttpRequest, carrier_id: IdParam) -> dict[str, Any]:
    return _move(request, carrier_id, ReturnIn)


@router.post(
    "/carriers/{carrier_id}/return-to-issuer",
    response=CarrierOut,
    summary="清退（note）",
    openapi_extra=request_body(ReturnToIssuerIn),
)
def return_to_issuer(request: HttpRequest, carrier_id: IdParam) -> dict[str, Any]:
    return _move(request, carrier_id, ReturnToIssuerIn)


@router.post(
    "/carriers/{carrier_id}/destroy",
    response=CarrierOut,
    summary="销毁（destroyer, second_person, note）",
    openapi_extra=request_body(DestroyIn),
)
def destroy(request: HttpRequest, carrier_id: IdParam) -> dict[str, Any]:
    return _move(request, carrier_id, DestroyIn)
