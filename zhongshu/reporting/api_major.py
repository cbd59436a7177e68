"""The 三重一大 part's JSON API, mounted under /api/reporting by reporting/api.py: /major (the register with its
filters and the 迟报单位 summary; file a matter), /major/{id} (one filing with the actions open to the caller;
edit it), /major/{id}/decide and /major/{id}/withdraw. The same contracts and services as the pages."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from zhongshu.access.policy import get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.audit.disclosure import audit_shown
from zhongshu.core.errors import Forbidden
from zhongshu.core.inputs import IdParam, Input, request_body
from zhongshu.reporting import major
from zhongshu.reporting.actions_major import RULES
from zhongshu.reporting.models import MajorDecisionFiling
from zhongshu.reporting.roles import may_use_reporting
from zhongshu.reporting.schemas_major import MajorIn, OutcomeIn, WithdrawIn, parse_filters

router = Router(tags=["请示报告：三重一大"])

MOST_ROWS = 500


def _allowed(request: HttpRequest) -> None:
    if not may_use_reporting(request.user):
        raise Forbidden("无权使用请示报告", code="not_allowed")


def _filing(request: HttpRequest, pk: int) -> MajorDecisionFiling:
    _allowed(request)
    filing = get_for(request.user, MajorDecisionFiling.objects.select_related("unit", "filed_by"), pk)
    audit_shown(request.user, [filing], route="api.reporting.major", action="record.view")
    return filing


class FilingRow(Schema):
    id: int
    unit_id: int
    unit: str
    category: str
    category_label: str
    title: str
    amount: Decimal | None
    meeting_name: str
    meeting_on: date
    filed_at: datetime
    due_by: date
    late: bool
    state: str
    state_label: str
    classification: int


class FilingOut(FilingRow):
    summary: str
    filed_by: str
    working_days_before: int
    outcome: str
    decided_on: date | None
    version: int
    actions: list[str]


class LateUnitOut(Schema):
    unit_id: int
    unit: str
    filed: int
    late: int


class RegisterOut(Schema):
    filings: list[FilingRow]
    late_units: list[LateUnitOut]
    lead_days: int


def _row(filing: MajorDecisionFiling) -> dict[str, Any]:
    return {
        "id": filing.pk,
        "unit_id": filing.unit_id,
        "unit": filing.unit.name,
        "category": filing.category,
        "category_label": filing.get_category_display(),
        "title": filing.title,
        "amount": filing.amount,
        "meeting_name": filing.meeting_name,
        "meeting_on": filing.meeting_on,
        "filed_at": filing.filed_at,
        "due_by": major.due_by(filing.meeting_on),
        "late": filing.late,
        "state": filing.state,
        "state_label": filing.get_state_display(),
        "classification": filing.classification,
    }


def _out(request: HttpRequest, filing: MajorDecisionFiling) -> dict[str, Any]:
    from django.utils import timezone

    return {
        **_row(filing),
        "summary": filing.summary,
        "filed_by": filing.filed_by.get_full_name() or filing.filed_by.get_username(),
        "working_days_before": major.working_days_before(
            timezone.localdate(filing.filed_at), filing.meeting_on
        ),
        "outcome": filing.outcome,
        "decided_on": filing.decided_on,
        "version": filing.version,
        "actions": RULES.available(request.user, filing),
    }


@router.get("/major", response=RegisterOut, summary="三重一大报备登记表（unit, category, month, late）")
def list_filings(request: HttpRequest) -> dict[str, Any]:
    _allowed(request)
    filters = parse_filters(Input(request.GET))
    queryset = major.filtered(major.visible_filings(request.user), filters)
    rows = audit_shown(request.user, queryset[:MOST_ROWS], route="api.reporting.major_list")
    return {
        "filings": [_row(filing) for filing in rows],
        "late_units": [
            {"unit_id": row.unit_id, "unit": row.unit_name, "filed": row.filed, "late": row.late}
            for row in major.late_units(queryset)
        ],
        "lead_days": major.lead_days(),
    }


@router.post(
    "/major", response={201: FilingOut}, summary="报备三重一大事项", openapi_extra=request_body(MajorIn)
)
def file_filing(request: HttpRequest) -> Status[Any]:
    _allowed(request)
    filing = MajorIn.parse(Input.of(request), request.user).file(by=actor_of(request))
    return Status(201, _out(request, _filing(request, filing.pk)))


@router.get("/major/{filing_id}", response=FilingOut, summary="三重一大报备")
def get_filing(request: HttpRequest, filing_id: IdParam) -> dict[str, Any]:
    return _out(request, _filing(request, filing_id))


@router.post(
    "/major/{filing_id}",
    response=FilingOut,
    summary="修改三重一大报备（带 version）",
    openapi_extra=request_body(MajorIn),
)
def edit_filing(request: HttpRequest, filing_id: IdParam) -> dict[str, Any]:
    filing = _filing(request, filing_id)
    MajorIn.parse(Input.of(request), request.user).edit(by=actor_of(request), filing=filing)
    return _out(request, _filing(request, filing_id))


@router.post(
    "/major/{filing_id}/decide",
    response=FilingOut,
    summary="登记决策结果（decided_on, outcome, version）",
    openapi_extra=request_body(OutcomeIn),
)
def decide_filing(request: HttpRequest, filing_id: IdParam) -> dict[str, Any]:
    filing = _filing(request, filing_id)
    OutcomeIn.parse(Input.of(request), request.user).apply(by=actor_of(request), filing=filing)
    return _out(request, _filing(request, filing_id))


@router.post(
    "/major/{filing_id}/withdraw",
    response=FilingOut,
    summary="撤回三重一大报备（reason, version）",
    openapi_extra=request_body(WithdrawIn),
)
def withdraw_filing(request: HttpRequest, filing_id: IdParam) -> dict[str, Any]:
    filing = _filing(request, filing_id)
    WithdrawIn.parse(Input.of(request), request.user).apply(by=actor_of(request), filing=filing)
    return _out(request, _filing(request, filing_id))
