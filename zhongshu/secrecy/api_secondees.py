"""The 机要保密 API's secondees part (mounted under /api/secrecy): /secondees (where each secondee stands;
register one), /secondees/{id} (one secondment with its steps, access and the actions open to the caller), and
the steps: /secondees/{id}/steps, /liaison, /handover, /access and /access/{access_id}/end. The same contracts
and services as the pages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from zhongshu.access.policy import get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.core.inputs import IdParam, Input, request_body
from zhongshu.secrecy import secondees
from zhongshu.secrecy.actions_secondees import RULES, who_may
from zhongshu.secrecy.models_secondees import Secondment, SecondmentAccess
from zhongshu.secrecy.roles import keeps_ledger, may_use_secrecy
from zhongshu.secrecy.schemas_secondees import AccessIn, HandoverIn, LiaisonIn, SecondmentIn, StepIn

router = Router(tags=["机要保密：跟班学习"])

MOST_ROWS = 500


def _allowed(request: HttpRequest) -> None:
    if not may_use_secrecy(request.user):
        raise Forbidden("无权使用机要保密", code="not_allowed")


def _secondment(request: HttpRequest, pk: int) -> Secondment:
    _allowed(request)
    return get_for(
        request.user,
        Secondment.objects.select_related("person", "sending_unit", "host_department", "liaison"),
        pk,
    )


def _acting(request: HttpRequest, pk: int, what: str) -> Secondment:
    """The secondment, for someone who may act on it at all (refused before the input is read)."""
    secondment = _secondment(request, pk)
    refusal = who_may(what, request.user, secondment)
    if refusal is not None:
        raise refusal.error()
    return secondment


class StandingOut(Schema):
    id: int
    person_id: int
    person: str
    sending_unit_id: int
    sending_unit: str
    host_department_id: int
    host_department: str
    liaison_id: int
    liaison: str
    starts_on: date
    ends_on: date
    stage: str
    stage_label: str
    missing: list[str]
    days_left: int | None
    carriers_held: int


class StepOut(Schema):
    id: int
    kind: str
    kind_label: str
    done_on: date
    done_by: str
    note: str
    liaison: str
    taken_over_by: str
    cooling_off_years: int | None
    cooling_off_ends_on: date | None


class AccessOut(Schema):
    id: int
    record_kind: str
    record_kind_label: str
    record_id: int
    record: str  # "" when the caller may not see the record
    added_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    live: bool


class SecondmentOut(StandingOut):
    needs: str
    version: int
    steps: list[StepOut]
    access: list[AccessOut]
    actions: list[str]


class TableOut(Schema):
    secondments: list[StandingOut]


def _standing(standing: secondees.Standing) -> dict[str, Any]:
    row = standing.secondment
    return {
        "id": row.pk,
        "person_id": row.person_id,
        "person": row.person.name,
        "sending_unit_id": row.sending_unit_id,
        "sending_unit": row.sending_unit.name,
        "host_department_id": row.host_department_id,
        "host_department": row.host_department.name,
        "liaison_id": row.liaison_id,
        "liaison": row.liaison.name,
        "starts_on": row.starts_on,
        "ends_on": row.ends_on,
        "stage": str(standing.stage),
        "stage_label": standing.stage_label,
        "missing": standing.missing,
        "days_left": standing.days_left,
        "carriers_held": standing.carriers,
    }


def _name(person: Any) -> str:
    return person.name if person is not None else ""


def _out(request: HttpRequest, pk: int) -> dict[str, Any]:
    secondment = _secondment(request, pk)
    standing = secondees.standings(
        Secondment.objects.filter(pk=secondment.pk).select_related(
            "person", "sending_unit", "host_department", "liaison"
        )
    )[0]
    steps = secondment.steps.select_related("done_by", "liaison", "taken_over_by").order_by("done_on", "pk")
    return {
        **_standing(standing),
        "needs": secondment.needs,
        "version": secondment.version,
        "steps": [
            {
                "id": step.pk,
                "kind": step.kind,
                "kind_label": step.get_kind_display(),
                "done_on": step.done_on,
                "done_by": _name(step.done_by),
                "note": step.note,
                "liaison": _name(step.liaison),
                "taken_over_by": _name(step.taken_over_by),
                "cooling_off_years": step.cooling_off_years,
                "cooling_off_ends_on": step.cooling_off_ends_on,
            }
            for step in steps
        ],
        "access": [
            {
                "id": line.access.pk,
                "record_kind": f"{line.access.grant.content_type.app_label}.{line.access.grant.content_type.model}",
                "record_kind_label": line.kind_label,
                "record_id": line.access.grant.object_id,
                "record": line.name,
                "added_at": line.access.added_at,
                "expires_at": line.expires_at,
                "revoked_at": line.revoked_at,
                "live": line.live,
            }
            for line in secondees.access_lines(secondment, request.user)
        ],
        "actions": RULES.available(request.user, secondment),
    }


@router.get("/secondees", response=TableOut, summary="跟班学习人员情况表")
def list_secondments(request: HttpRequest) -> dict[str, Any]:
    _allowed(request)
    rows = secondees.standings(secondees.visible_secondments(request.user)[:MOST_ROWS])
    return {"secondments": [_standing(row) for row in rows]}


@router.post(
    "/secondees",
    response={201: SecondmentOut},
    summary="登记跟班学习人员",
    openapi_extra=request_body(SecondmentIn),
)
def create_secondment(request: HttpRequest) -> Status[Any]:
    _allowed(request)
    if not keeps_ledger(request.user):
        raise Forbidden("只有保密办可以登记跟班学习人员", code="not_allowed")
    secondment = SecondmentIn.parse(Input.of(request), request.user).create(by=actor_of(request))
    return Status(201, _out(request, secondment.pk))


@router.get("/secondees/{secondment_id}", response=SecondmentOut, summary="跟班学习人员")
def get_secondment(request: HttpRequest, secondment_id: IdParam) -> dict[str, Any]:
    return _out(request, secondment_id)


@router.post(
    "/secondees/{secondment_id}/steps",
    response=SecondmentOut,
    summary="登记手续（kind: vetting, training, pledge, reminder_talk; done_on, done_by, note, version）",
    openapi_extra=request_body(StepIn),
)
def record_step(request: HttpRequest, secondment_id: IdParam) -> dict[str, Any]:
    secondment = _acting(request, secondment_id, "step")
    StepIn.parse(Input.of(request), request.user).apply(by=actor_of(request), secondment=secondment)
    return _out(request, secondment_id)


@router.post(
    "/secondees/{secondment_id}/liaison",
    response=SecondmentOut,
    summary="更换保密联络员（liaison, version）",
    openapi_extra=request_body(LiaisonIn),
)
def name_liaison(request: HttpRequest, secondment_id: IdParam) -> dict[str, Any]:
    secondment = _acting(request, secondment_id, "liaison")
    LiaisonIn.parse(Input.of(request), request.user).apply(by=actor_of(request), secondment=secondment)
    return _out(request, secondment_id)


@router.post(
    "/secondees/{secondment_id}/handover",
    response=SecondmentOut,
    summary="办理脱密期委托管理手续（done_on, taken_over_by, cooling_off_years, note, version）",
    openapi_extra=request_body(HandoverIn),
)
def hand_over(request: HttpRequest, secondment_id: IdParam) -> dict[str, Any]:
    secondment = _acting(request, secondment_id, "handover")
    HandoverIn.parse(Input.of(request), request.user).apply(by=actor_of(request), secondment=secondment)
    return _out(request, secondment_id)


@router.post(
    "/secondees/{secondment_id}/access",
    response={201: SecondmentOut},
    summary="开通知悉范围（record_kind, record_id, reason），至跟班学习结束日终止",
    openapi_extra=request_body(AccessIn),
)
def open_access(request: HttpRequest, secondment_id: IdParam) -> Status[Any]:
    secondment = _acting(request, secondment_id, "access")
    AccessIn.parse(Input.of(request), request.user).apply(by=actor_of(request), secondment=secondment)
    return Status(201, _out(request, secondment_id))


@router.post(
    "/secondees/{secondment_id}/access/{access_id}/end",
    response=SecondmentOut,
    summary="收回知悉范围",
)
def end_access(request: HttpRequest, secondment_id: IdParam, access_id: IdParam) -> dict[str, Any]:
    secondment = _acting(request, secondment_id, "access")
    access = SecondmentAccess.objects.filter(pk=access_id, secondment=secondment).first()
    if access is None:
        raise ServiceError("该知悉范围不存在", code="no_such_access", field="access_id")
    secondees.secondment_end_access(by=actor_of(request), secondment=secondment, access=access)
    return _out(request, secondment_id)
