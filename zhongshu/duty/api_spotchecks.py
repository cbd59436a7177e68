"""The spotchecks part's JSON API, mounted under /api/duty by duty/api.py: the rounds (list, draw, one round
with its checks, who the roster says and the actions open on each), recording a result, the results per unit
and period, and the period's 通报 (DOCX). The duty room alone; anyone else is answered with the API's JSON
Forbidden, never the pages' HTML 403."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from ninja import Router

from zhongshu.access.policy import get_for, visible
from zhongshu.accounts.actors import actor_of
from zhongshu.core.errors import Forbidden
from zhongshu.core.inputs import IdParam, Input, request_body
from zhongshu.duty import spotchecks
from zhongshu.duty.actions_spotchecks import RULES
from zhongshu.duty.models import SpotCheck, SpotCheckRound
from zhongshu.duty.schemas_spotchecks import DrawIn, RecordIn
from zhongshu.duty.spotcheck_docx import period_bulletin

router = Router(tags=["值班抽查"])
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _allowed(request: HttpRequest) -> None:
    if not spotchecks.may_spot_check(request.user):
        raise Forbidden(spotchecks.NOT_ALLOWED, code="not_duty_room")


def _moment(value: Any) -> str | None:
    return value.isoformat() if value else None


def _round_brief(round_: SpotCheckRound) -> dict[str, Any]:
    return {
        "id": round_.pk,
        "title": round_.title,
        "window_starts_at": _moment(round_.window_starts_at),
        "window_ends_at": _moment(round_.window_ends_at),
        "scope": round_.scope,
        "seed": round_.seed,
        "drawn_at": _moment(round_.drawn_at),
    }


def _round_out(request: HttpRequest, round_: SpotCheckRound) -> dict[str, Any]:
    checks = list(round_.checks.select_related("unit").order_by("planned_at", "pk"))
    rostered = spotchecks.rostered_for_checks(checks)
    return {
        **_round_brief(round_),
        "checks": [
            {
                "id": check.pk,
                "unit": {"id": check.unit_id, "name": check.unit.name},
                "planned_at": _moment(check.planned_at),
                "phone": check.phone,
                "on_roster": [
                    {"person": shift.person.name, "role": shift.role.name}
                    for shift in rostered.get(check.pk, [])
                ],
                "called_at": _moment(check.called_at),
                "result": check.result or None,
                "answered_by": check.answered_by,
                "note": check.note,
                "actions": RULES.available(request.user, check),
            }
            for check in checks
        ],
    }


@router.get("/spot-checks", summary="抽查轮次")
def list_rounds(request: HttpRequest) -> dict[str, Any]:
    _allowed(request)
    rounds = visible(SpotCheckRound.objects.all(), request.user).order_by("-window_starts_at")[:100]
    return {"rounds": [_round_brief(round_) for round_ in rounds]}


@router.post("/spot-checks", summary="抽取一轮", openapi_extra=request_body(DrawIn))
def draw(request: HttpRequest) -> dict[str, Any]:
    _allowed(request)
    round_ = DrawIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
    return _round_out(request, round_)


@router.get("/spot-checks/rounds/{round_id}", summary="一轮抽查及其各单位")
def get_round(request: HttpRequest, round_id: IdParam) -> dict[str, Any]:
    _allowed(request)
    return _round_out(request, get_for(request.user, SpotCheckRound, round_id))


@router.post(
    "/spot-checks/checks/{check_id}/record", summary="记录抽查结果", openapi_extra=request_body(RecordIn)
)
def record(request: HttpRequest, check_id: IdParam) -> dict[str, Any]:
    _allowed(request)
    check = get_for(request.user, SpotCheck.objects.select_related("round"), check_id)
    RecordIn.parse(Input.of(request), request.user).apply(check=check, by=actor_of(request))
    return _round_out(request, check.round)


def _period(request: HttpRequest) -> spotchecks.Period:
    raw = str(request.GET.get("period", "")).strip()
    from django.utils import timezone

    return spotchecks.Period.parse(raw) if raw else spotchecks.Period.month_of(timezone.now())


@router.get("/spot-checks/results", summary="各单位抽查结果（按月、季度、年）")
def get_results(request: HttpRequest) -> dict[str, Any]:
    _allowed(request)
    period = _period(request)
    rows = spotchecks.results(period)
    total = spotchecks.totals(rows)

    def row_out(row: spotchecks.UnitResult) -> dict[str, Any]:
        return {
            "unit": {"id": row.unit_id, "name": row.unit_name} if row.unit_id else None,
            "checks": row.checks,
            "on_roster": row.on_roster,
            "someone_else": row.someone_else,
            "no_answer": row.no_answer,
            "on_roster_rate": row.on_roster_rate,
        }

    return {
        "period": {
            "code": period.code,
            "label": period.label,
            "starts_on": str(period.start),
            "ends_on": str(period.end),
        },
        "units": [row_out(row) for row in rows],
        "total": row_out(total),
        "absent": [
            {
                "check": check.pk,
                "unit": check.unit.name,
                "called_at": _moment(check.called_at),
                "result": check.result,
                "answered_by": check.answered_by,
            }
            for check in spotchecks.absent_checks(period)
        ],
    }


@router.get("/spot-checks/bulletin", summary="抽查情况通报（DOCX）")
def get_bulletin(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    data, name = period_bulletin(period=_period(request), by=actor_of(request))
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
