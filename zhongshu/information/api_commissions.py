"""The commissions part's JSON API, under /api/information/commissions: list, one with each asked unit's state,
issue (topic, detail, units, working_days), cancel, and /commissions/open (the viewer's unit's open 约稿, as
the submission form offers them). Every action goes through the page's contract and services; a refusal is
JSON."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from zhongshu.access.policy import get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.core.errors import Forbidden
from zhongshu.core.inputs import IdParam, Input
from zhongshu.information import commissions
from zhongshu.information.actions_commissions import COMMISSION_RULES
from zhongshu.information.models import Commission
from zhongshu.information.roles import is_editor, may_use_information
from zhongshu.information.schemas_commissions import CommissionIssueIn

router = Router(tags=["约稿"])


def _allowed(request: HttpRequest) -> None:
    if not may_use_information(request.user):
        raise Forbidden("无权使用信息报送", code="not_allowed")


def _units(request: HttpRequest) -> list[int] | None:
    user: Any = request.user
    if is_editor(user):
        return None
    return [user.person_or_none.unit_id] if user.person_or_none.unit_id else []


def _out(request: HttpRequest, commission: Commission, *, detail: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": commission.pk,
        "topic": commission.topic,
        "detail": commission.detail,
        "issued_on": commission.issued_on.isoformat(),
        "working_days": commission.working_days,
        "deadline": commission.deadline.isoformat(),
        "cancelled": commission.cancelled_at is not None,
        "actions": COMMISSION_RULES.available(request.user, commission),
    }
    if detail:
        rows = commissions.target_rows(commission, units=_units(request))
        out["units"] = [
            {
                "unit": row.unit.pk,
                "name": row.unit.name,
                "state": row.state,
                "label": row.label,
                "answered_at": timezone.localtime(row.answered_at).isoformat() if row.answered_at else None,
            }
            for row in rows
        ]
        out["counts"] = commissions.state_counts(rows)
    return out


@router.get("/commissions", summary="约稿列表")
def list_commissions(request: HttpRequest) -> dict[str, Any]:
    _allowed(request)
    rows = list(commissions.visible_commissions(request.user)[:200])
    counts = commissions.commission_states(rows, units=_units(request))
    return {"commissions": [{**_out(request, row), "counts": counts[row.pk]} for row in rows]}


@router.get("/commissions/open", summary="本单位待报约稿（报送信息时可选的所答约稿）")
def open_commissions(request: HttpRequest) -> dict[str, Any]:
    _allowed(request)
    user: Any = request.user
    unit_id = user.person_or_none.unit_id
    targets = commissions.open_targets_for(unit_id) if unit_id else []
    return {
        "targets": [
            {
                "target": target.pk,
                "commission": target.commission_id,
                "topic": target.commission.topic,
                "deadline": target.commission.deadline.isoformat(),
            }
            for target in targets
        ]
    }


@router.get("/commissions/{commission_id}", summary="约稿与各单位报送情况")
def get_commission(request: HttpRequest, commission_id: IdParam) -> dict[str, Any]:
    _allowed(request)
    return _out(request, get_for(request.user, Commission, commission_id), detail=True)


@router.post("/commissions", summary="下发约稿（topic, detail, units, working_days）")
def issue_commission(request: HttpRequest) -> dict[str, Any]:
    _allowed(request)
    if not commissions.may_commission(request.user):
        raise Forbidden("只有县委办信息科（编辑）可以约稿", code="not_editor")
    commission = CommissionIssueIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
    return _out(request, commission, detail=True)


@router.post("/commissions/{commission_id}/cancel", summary="撤销约稿")
def cancel_commission(request: HttpRequest, commission_id: IdParam) -> dict[str, Any]:
    _allowed(request)
    commission = get_for(request.user, Commission, commission_id)
    commission = commissions.commission_cancel(by=actor_of(request), commission=commission)
    return _out(request, commission, detail=True)
