"""The whereabouts part's JSON API, mounted under /api/duty by duty/api.py: /absences (file, list, read,
approve, refuse, withdraw, close) and /away-board, through the same contracts, services and rules as the
pages. Refusals are the API's JSON (a `Forbidden`), never the pages' HTML 403."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status

from zhongshu.access.policy import get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.core.errors import Forbidden
from zhongshu.core.inputs import IdParam, Input, request_body
from zhongshu.duty import whereabouts
from zhongshu.duty.actions_whereabouts import ABSENCE_RULES
from zhongshu.duty.models import Absence
from zhongshu.duty.roles import may_use_duty
from zhongshu.duty.schemas_whereabouts import AbsenceIn, DecisionIn, VersionIn

router = Router()


class AbsenceOut(Schema):
    id: int
    person_id: int
    person: str
    unit: str
    kind: str
    kind_label: str
    starts_on: date
    starts_half: str
    ends_on: date
    ends_half: str
    destination: str | None  # None where the viewer does not see destinations
    reason: str | None
    phone: str
    stand_in_id: int | None
    stand_in: str
    state: str
    state_label: str
    version: int
    actions: list[str]


class BoardRowOut(Schema):
    absence_id: int
    person_id: int
    person: str
    title: str
    rank: str
    kind: str
    destination: str | None
    starts_on: date
    starts_half: str
    ends_on: date
    ends_half: str
    stand_in: str
    phone: str
    state: str
    overdue: bool


class BoardUnitOut(Schema):
    unit_id: int
    unit: str
    flags: list[str]
    rows: list[BoardRowOut]


class BoardOut(Schema):
    day: date
    monday: date
    sunday: date
    flags: list[str]
    today: list[BoardUnitOut]
    week: list[BoardUnitOut]


def _allowed(request: HttpRequest) -> None:
    if not may_use_duty(request.user):
        raise Forbidden("无权使用值班应急", code="not_allowed")


def _absence(request: HttpRequest, pk: int) -> Absence:
    _allowed(request)
    return get_for(request.user, Absence.objects.select_related("person__unit", "stand_in"), pk)


def _out(request: HttpRequest, absence: Absence) -> dict[str, Any]:
    me = getattr(request.user, "person_or_none", None)
    shown = whereabouts.sees_destinations(request.user) or (me is not None and me.pk == absence.person_id)
    return {
        "id": absence.pk,
        "person_id": absence.person_id,
        "person": absence.person.name,
        "unit": absence.person.unit.name,
        "kind": absence.kind,
        "kind_label": absence.get_kind_display(),
        "starts_on": absence.starts_on,
        "starts_half": absence.starts_half,
        "ends_on": absence.ends_on,
        "ends_half": absence.ends_half,
        "destination": absence.destination if shown else None,
        "reason": absence.reason if shown else None,
        "phone": absence.phone,
        "stand_in_id": absence.stand_in_id,
        "stand_in": absence.stand_in.name if absence.stand_in else "",
        "state": absence.state,
        "state_label": absence.get_state_display(),
        "version": absence.version,
        "actions": ABSENCE_RULES.available(request.user, absence),
    }


def _fresh(request: HttpRequest, absence: Absence) -> dict[str, Any]:
    return _out(request, Absence.objects.select_related("person__unit", "stand_in").get(pk=absence.pk))


@router.get("/away-board", response=BoardOut, summary="领导去向（今日、本周）")
def away_board(request: HttpRequest, day: date | None = None) -> dict[str, Any]:
    _allowed(request)
    board = whereabouts.away_board(request.user, day or timezone.localdate())

    def groups(units: list[whereabouts.BoardUnit]) -> list[dict[str, Any]]:
        return [
            {
                "unit_id": group.unit_id,
                "unit": group.unit_name,
                "flags": group.flags,
                "rows": [
                    {
                        "absence_id": row.pk,
                        "person_id": row.person_id,
                        "person": row.name,
                        "title": row.title,
                        "rank": row.rank,
                        "kind": row.kind,
                        "destination": row.destination if board.show_destinations else None,
                        "starts_on": row.starts_on,
                        "starts_half": row.starts_half,
                        "ends_on": row.ends_on,
                        "ends_half": row.ends_half,
                        "stand_in": row.stand_in,
                        "phone": row.phone,
                        "state": row.state,
                        "overdue": row.overdue,
                    }
                    for row in group.rows
                ],
            }
            for group in units
        ]

    return {
        "day": board.day,
        "monday": board.monday,
        "sunday": board.sunday,
        "flags": board.flags,
        "today": groups(board.today),
        "week": groups(board.week),
    }


@router.get("/absences", response=list[AbsenceOut], summary="我的请假、外出报备")
def list_absences(request: HttpRequest) -> list[dict[str, Any]]:
    _allowed(request)
    return [_out(request, a) for a in whereabouts.my_filings(actor_of(request))]


@router.post(
    "/absences", response={201: AbsenceOut}, summary="请假、外出报备", openapi_extra=request_body(AbsenceIn)
)
def file_absence(request: HttpRequest) -> Status[dict[str, Any]]:
    _allowed(request)
    contract = AbsenceIn.parse(Input.of(request), request.user)
    absence = whereabouts.absence_file(by=actor_of(request), fields=contract.fields)
    return Status(201, _fresh(request, absence))


@router.get("/absences/{absence_id}", response=AbsenceOut, summary="请假、外出报备")
def get_absence(request: HttpRequest, absence_id: IdParam) -> dict[str, Any]:
    return _out(request, _absence(request, absence_id))


@router.post(
    "/absences/{absence_id}/approve",
    response=AbsenceOut,
    summary="批准报备",
    openapi_extra=request_body(DecisionIn),
)
def approve_absence(request: HttpRequest, absence_id: IdParam) -> dict[str, Any]:
    record = _absence(request, absence_id)
    decision = DecisionIn.parse(Input.of(request), request.user)
    done = whereabouts.absence_approve(
        absence=record, by=actor_of(request), opinion=decision.opinion, version=decision.version
    )
    return _fresh(request, done)


@router.post(
    "/absences/{absence_id}/refuse",
    response=AbsenceOut,
    summary="不予批准",
    openapi_extra=request_body(DecisionIn),
)
def refuse_absence(request: HttpRequest, absence_id: IdParam) -> dict[str, Any]:
    record = _absence(request, absence_id)
    decision = DecisionIn.parse(Input.of(request), request.user)
    done = whereabouts.absence_refuse(
        absence=record, by=actor_of(request), reason=decision.reason, version=decision.version
    )
    return _fresh(request, done)


@router.post(
    "/absences/{absence_id}/withdraw",
    response=AbsenceOut,
    summary="撤回报备",
    openapi_extra=request_body(VersionIn),
)
def withdraw_absence(request: HttpRequest, absence_id: IdParam) -> dict[str, Any]:
    record = _absence(request, absence_id)
    contract = VersionIn.parse(Input.of(request), request.user)
    done = whereabouts.absence_withdraw(absence=record, by=actor_of(request), version=contract.version)
    return _fresh(request, done)


@router.post(
    "/absences/{absence_id}/close", response=AbsenceOut, summary="销假", openapi_extra=request_body(VersionIn)
)
def close_absence(request: HttpRequest, absence_id: IdParam) -> dict[str, Any]:
    record = _absence(request, absence_id)
    contract = VersionIn.parse(Input.of(request), request.user)
    done = whereabouts.absence_close(absence=record, by=actor_of(request), version=contract.version)
    return _fresh(request, done)
