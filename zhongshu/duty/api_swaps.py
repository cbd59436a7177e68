"""The swaps part's JSON API, mounted under /api/duty by duty/api.py: /on-duty (当前值班), /swaps (换班: list,
one, request, approve, refuse, withdraw) and /roster-calls (报备: list, one with each unit's state, issue,
file). Every action goes through the pages' contracts (schemas_swaps) and services; a refusal is JSON."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from zhongshu.access.policy import get_for, visible
from zhongshu.accounts.actors import actor_of
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.core.inputs import IdParam, Input
from zhongshu.duty import on_duty, roster_calls, swaps
from zhongshu.duty.actions_swaps import SWAP_RULES, may_issue_calls
from zhongshu.duty.models import DutyShift, RosterCall, ShiftSwap
from zhongshu.duty.roles import may_use_duty
from zhongshu.duty.schemas_swaps import CallFileIn, CallIssueIn, SwapDecisionIn, SwapRequestIn

router = Router(tags=["换班、报备与当前值班"])


def _allowed(request: HttpRequest) -> None:
    if not may_use_duty(request.user):
        raise Forbidden("无权使用值班应急", code="not_allowed")


def _time(value: datetime) -> str:
    return timezone.localtime(value).isoformat()


@router.get("/on-duty", summary="当前值班（全县各单位）")
def get_on_duty(request: HttpRequest, kind: str = "", q: str = "", at: str = "") -> dict[str, Any]:
    _allowed(request)
    moment = timezone.now()
    if at:
        try:
            parsed = datetime.fromisoformat(at)
        except ValueError:
            raise ServiceError("时间格式不正确", code="invalid_time", field="at") from None
        moment = timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed
    lines = on_duty.county_on_duty(moment, units=on_duty.units_for(kind, q.strip()[:50]))
    return {
        "at": _time(moment),
        "units": [
            {
                "unit": line.unit_id,
                "name": line.name,
                "kind": line.kind,
                "phone": line.phone,
                "nobody": line.nobody,
                "people": [
                    {
                        "role": p.role,
                        "person": p.person_id,
                        "name": p.name,
                        "phone": p.phone,
                    }
                    for p in line.people
                ],
            }
            for line in lines
        ],
    }


def _swap_out(request: HttpRequest, swap: ShiftSwap) -> dict[str, Any]:
    return {
        "id": swap.pk,
        "shift": swap.shift_id,
        "unit": swap.shift.unit_id,
        "day": swap.shift.day.isoformat(),
        "from_person": swap.from_person_id,
        "to_person": swap.to_person_id,
        "reason": swap.reason,
        "state": swap.state,
        "version": swap.version,
        "workflow": swap.workflow_id,
        "decision_note": swap.decision_note,
        "actions": SWAP_RULES.available(request.user, swap),
    }


def _swap(request: HttpRequest, pk: int) -> ShiftSwap:
    _allowed(request)
    return get_for(request.user, ShiftSwap.objects.select_related("shift"), pk)


@router.get("/swaps", summary="我的换班申请与待我审批的")
def list_swaps(request: HttpRequest) -> dict[str, Any]:
    _allowed(request)
    user: Any = request.user
    person = user.person_or_none
    rows = (
        visible(ShiftSwap.objects.select_related("shift"), user)
        .filter(
            Q(requested_by=user)
            | Q(from_person=person)
            | Q(to_person=person)
            | Q(workflow__steps__assignee__user=user)
        )
        .distinct()
        .order_by("-requested_at")[:200]
    )
    return {"swaps": [_swap_out(request, swap) for swap in rows]}


@router.get("/swaps/{swap_id}", summary="换班申请")
def get_swap(request: HttpRequest, swap_id: IdParam) -> dict[str, Any]:
    return _swap_out(request, _swap(request, swap_id))


@router.post("/swaps", summary="申请换班（shift, to_person, reason）")
def request_swap(request: HttpRequest) -> dict[str, Any]:
    _allowed(request)
    data = Input.of(request)
    shift_id = data.integer("shift", label="班次", low=1)
    shift = DutyShift.objects.select_related("unit", "role").filter(pk=shift_id or 0).first()
    if shift is None or not swaps.may_request(request.user, shift):
        raise ServiceError("班次不存在或无权换班", code="unknown_shift", field="shift")
    swap = SwapRequestIn.parse(data, request.user, shift).apply(by=actor_of(request))
    return _swap_out(request, ShiftSwap.objects.select_related("shift").get(pk=swap.pk))


def _decide(request: HttpRequest, swap_id: int, action: str) -> dict[str, Any]:
    swap = _swap(request, swap_id)
    SwapDecisionIn.parse(Input.of(request), action).apply(swap=swap, by=actor_of(request))
    return _swap_out(request, ShiftSwap.objects.select_related("shift").get(pk=swap.pk))


@router.post("/swaps/{swap_id}/approve", summary="同意换班")
def approve_swap(request: HttpRequest, swap_id: IdParam) -> dict[str, Any]:
    return _decide(request, swap_id, "approve")


@router.post("/swaps/{swap_id}/refuse", summary="不同意换班（reason）")
def refuse_swap(request: HttpRequest, swap_id: IdParam) -> dict[str, Any]:
    return _decide(request, swap_id, "refuse")


@router.post("/swaps/{swap_id}/withdraw", summary="撤回换班申请")
def withdraw_swap(request: HttpRequest, swap_id: IdParam) -> dict[str, Any]:
    return _decide(request, swap_id, "withdraw")


def _call_out(call: RosterCall, filings: list[roster_calls.UnitFiling] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": call.pk,
        "title": call.title,
        "starts_on": call.starts_on.isoformat(),
        "ends_on": call.ends_on.isoformat(),
        "due_on": call.due_on.isoformat(),
    }
    if filings is not None:
        out["units"] = [
            {
                "unit": f.unit.pk,
                "name": f.unit.name,
                "state": f.state,
                "filed_at": _time(f.filed_at) if f.filed_at else None,
            }
            for f in filings
        ]
        out["counts"] = roster_calls.call_counts(filings)
    return out


@router.get("/roster-calls", summary="值班表报备通知")
def list_calls(request: HttpRequest) -> dict[str, Any]:
    _allowed(request)
    return {"calls": [_call_out(call) for call in roster_calls.visible_calls(request.user)[:200]]}


@router.get("/roster-calls/{call_id}", summary="报备通知与各单位报备情况")
def get_call(request: HttpRequest, call_id: IdParam) -> dict[str, Any]:
    _allowed(request)
    call = get_for(request.user, RosterCall, call_id)
    user: Any = request.user
    units = None if may_issue_calls(user) else [user.person_or_none.unit]
    return _call_out(call, roster_calls.call_filings(call, units=units))


@router.post("/roster-calls", summary="下发报备通知（title, starts_on, ends_on, due_on, units）")
def issue_call(request: HttpRequest) -> dict[str, Any]:
    _allowed(request)
    call = CallIssueIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
    return _call_out(call, roster_calls.call_filings(call))


@router.post("/roster-calls/{call_id}/file", summary="报备本单位值班表（unit）")
def file_call(request: HttpRequest, call_id: IdParam) -> dict[str, Any]:
    _allowed(request)
    call = get_for(request.user, RosterCall, call_id)
    CallFileIn.parse(Input.of(request), request.user, call).apply(call=call, by=actor_of(request))
    return _call_out(call, roster_calls.call_filings(call))
