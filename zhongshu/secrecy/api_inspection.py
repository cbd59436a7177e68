"""The self-inspection part's JSON API, mounted under /api/secrecy: /inspection/checklists (the yearly risk
checklists; draw up one), /inspection/rounds (the rounds the caller knows; open one), /inspection/rounds/{id}
(its participants, states and scores), /inspection/fillings/{id} (a filling with its answers and the actions open
to the caller; save it, with "submit" to submit), /inspection/fillings/{id}/submit, /review and /rectify. The same
contracts and services as the pages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from zhongshu.access.policy import get_for, visible
from zhongshu.accounts.actors import actor_of
from zhongshu.audit.disclosure import audit_shown
from zhongshu.core.errors import Forbidden
from zhongshu.core.inputs import IdParam, Input, request_body
from zhongshu.secrecy import inspection
from zhongshu.secrecy.actions_inspection import RULES
from zhongshu.secrecy.models_inspection import InspectionFilling, InspectionRound, RiskChecklist
from zhongshu.secrecy.roles import keeps_ledger, may_use_secrecy
from zhongshu.secrecy.schemas_inspection import ChecklistIn, FillingIn, RectifyIn, ReviewIn, RoundIn, SubmitIn

router = Router(tags=["机要保密：保密自查"])

MOST_ROWS = 200


def _allowed(request: HttpRequest) -> None:
    if not may_use_secrecy(request.user):
        raise Forbidden("无权使用机要保密", code="not_allowed")


def _acting(request: HttpRequest, pk: int, action: str) -> InspectionFilling:
    """The filling, for one who may take `action` on it at all (so a stranger's request is refused as such
    before its body is read; the state is the service's to judge)."""
    filling = _filling(request, pk)
    refusal = RULES.check(action, request.user, filling)
    if refusal is not None and refusal.forbidden:
        raise refusal.error()
    return filling


def _filling(request: HttpRequest, pk: int) -> InspectionFilling:
    _allowed(request)
    filling = get_for(
        request.user, InspectionFilling.objects.select_related("round", "unit", "department"), pk
    )
    audit_shown(request.user, [filling], route="api.secrecy.inspection_filling", action="record.view")
    return filling


class ItemOut(Schema):
    id: int
    area: str
    area_label: str
    position: int
    text: str
    points: int


class ChecklistOut(Schema):
    id: int
    year: int
    title: str
    items: list[ItemOut]


class RoundRow(Schema):
    id: int
    year: int
    title: str
    checklist_id: int
    deadline: date


class ScoreOut(Schema):
    score: float | None
    met_points: int
    applicable_points: int
    answered: int
    items: int
    findings: int


class FillingRow(Schema):
    id: int
    round_id: int
    unit_id: int
    department_id: int | None
    participant: str
    state: str
    state_label: str
    submitted_at: datetime | None
    score: ScoreOut


class RoundOut(RoundRow):
    fillings: list[FillingRow]


class LinkOut(Schema):
    kind: str | None
    id: int | None
    title: str
    url: str | None
    state: str


class AnswerOut(Schema):
    id: int
    item: int
    area: str
    position: int
    text: str
    points: int
    verdict: str
    evidence: str
    finding: str
    rectified_at: datetime | None
    rectification: list[LinkOut]


class FillingOut(FillingRow):
    reviewed_at: datetime | None
    review_opinion: str
    version: int
    actions: list[str]
    answers: list[AnswerOut]


def _checklist(checklist: RiskChecklist) -> dict[str, Any]:
    return {
        "id": checklist.pk,
        "year": checklist.year,
        "title": checklist.title,
        "items": [
            {
                "id": item.pk,
                "area": item.area,
                "area_label": item.get_area_display(),
                "position": item.position,
                "text": item.text,
                "points": item.points,
            }
            for item in checklist.items.all()
        ],
    }


def _round(inspection_round: InspectionRound) -> dict[str, Any]:
    return {
        "id": inspection_round.pk,
        "year": inspection_round.year,
        "title": inspection_round.title,
        "checklist_id": inspection_round.checklist_id,
        "deadline": inspection_round.deadline,
    }


def _score(score: inspection.Score) -> dict[str, Any]:
    return {
        "score": score.value,
        "met_points": score.met_points,
        "applicable_points": score.applicable_points,
        "answered": score.answered,
        "items": score.items,
        "findings": score.findings,
    }


def _filling_row(filling: InspectionFilling, score: inspection.Score) -> dict[str, Any]:
    return {
        "id": filling.pk,
        "round_id": filling.round_id,
        "unit_id": filling.unit_id,
        "department_id": filling.department_id,
        "participant": filling.participant_name,
        "state": filling.state,
        "state_label": filling.get_state_display(),
        "submitted_at": filling.submitted_at,
        "score": _score(score),
    }


def _filling_out(request: HttpRequest, filling: InspectionFilling) -> dict[str, Any]:
    score = inspection.scores_of([filling]).get(filling.pk, inspection.EMPTY_SCORE)
    links = (
        {answer.pk: found for answer, found in inspection.finding_rows(filling, request.user)}
        if keeps_ledger(request.user)
        else {}
    )
    answers = [answer for _, rows in inspection.answers_by_area(filling) for answer in rows]
    return {
        **_filling_row(filling, score),
        "reviewed_at": filling.reviewed_at,
        "review_opinion": filling.review_opinion,
        "version": filling.version,
        "actions": RULES.available(request.user, filling),
        "answers": [
            {
                "id": answer.pk,
                "item": answer.item_id,
                "area": answer.item.area,
                "position": answer.item.position,
                "text": answer.item.text,
                "points": answer.item.points,
                "verdict": answer.verdict,
                "evidence": answer.evidence,
                "finding": answer.finding,
                "rectified_at": answer.rectified_at,
                "rectification": [
                    {
                        "kind": link.kind or None,
                        "id": link.id,
                        "title": link.title,
                        "url": link.url or None,
                        "state": link.state,
                    }
                    for link in links.get(answer.pk, [])
                ],
            }
            for answer in sorted(answers, key=lambda answer: answer.item.position)
        ],
    }


@router.get("/inspection/checklists", response=list[ChecklistOut], summary="风险隐患清单")
def list_checklists(request: HttpRequest) -> list[dict[str, Any]]:
    _allowed(request)
    return [
        _checklist(checklist)
        for checklist in visible(RiskChecklist.objects.prefetch_related("items"), request.user)
    ]


@router.post(
    "/inspection/checklists",
    response={201: ChecklistOut},
    summary="制定年度风险隐患清单（year, title）",
    openapi_extra=request_body(ChecklistIn),
)
def create_checklist(request: HttpRequest) -> Status[Any]:
    _allowed(request)
    checklist = ChecklistIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
    return Status(201, _checklist(checklist))


@router.get("/inspection/rounds", response=list[RoundRow], summary="保密自查")
def list_rounds(request: HttpRequest) -> list[dict[str, Any]]:
    _allowed(request)
    rounds = audit_shown(
        request.user,
        inspection.visible_rounds(request.user)[:MOST_ROWS],
        route="api.secrecy.inspection_rounds",
    )
    return [_round(one) for one in rounds]


def _round_out(request: HttpRequest, inspection_round: InspectionRound) -> dict[str, Any]:
    fillings = audit_shown(
        request.user,
        inspection.visible_fillings(request.user).filter(round=inspection_round),
        route="api.secrecy.inspection_round",
    )
    scores = inspection.scores_of(fillings)
    return {
        **_round(inspection_round),
        "fillings": [
            _filling_row(filling, scores.get(filling.pk, inspection.EMPTY_SCORE)) for filling in fillings
        ],
    }


@router.post(
    "/inspection/rounds",
    response={201: RoundOut},
    summary="组织保密自查（year, title, checklist, deadline, units, departments）",
    openapi_extra=request_body(RoundIn),
)
def open_round(request: HttpRequest) -> Status[Any]:
    _allowed(request)
    made = RoundIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
    return Status(201, _round_out(request, made))


@router.get("/inspection/rounds/{round_id}", response=RoundOut, summary="保密自查进度与得分")
def get_round(request: HttpRequest, round_id: IdParam) -> dict[str, Any]:
    _allowed(request)
    return _round_out(request, get_for(request.user, InspectionRound, round_id))


@router.get("/inspection/fillings/{filling_id}", response=FillingOut, summary="保密自查填报")
def get_filling(request: HttpRequest, filling_id: IdParam) -> dict[str, Any]:
    return _filling_out(request, _filling(request, filling_id))


@router.post(
    "/inspection/fillings/{filling_id}",
    response=FillingOut,
    summary="保存（submit 为真时提交）保密自查填报（version, answers）",
    openapi_extra=request_body(FillingIn),
)
def save_filling(request: HttpRequest, filling_id: IdParam) -> dict[str, Any]:
    filling = _acting(request, filling_id, "fill")
    FillingIn.parse(Input.of(request), request.user, filling).apply(by=actor_of(request), filling=filling)
    return _filling_out(request, _filling(request, filling_id))


@router.post(
    "/inspection/fillings/{filling_id}/submit",
    response=FillingOut,
    summary="提交保密自查（version）",
    openapi_extra=request_body(SubmitIn),
)
def submit_filling(request: HttpRequest, filling_id: IdParam) -> dict[str, Any]:
    filling = _acting(request, filling_id, "fill")
    SubmitIn.parse(Input.of(request), request.user).apply(by=actor_of(request), filling=filling)
    return _filling_out(request, _filling(request, filling_id))


@router.post(
    "/inspection/fillings/{filling_id}/review",
    response=FillingOut,
    summary="审核保密自查（decision: accept / return, opinion, version）",
    openapi_extra=request_body(ReviewIn),
)
def review_filling(request: HttpRequest, filling_id: IdParam) -> dict[str, Any]:
    filling = _acting(request, filling_id, "review")
    ReviewIn.parse(Input.of(request), request.user).apply(by=actor_of(request), filling=filling)
    return _filling_out(request, _filling(request, filling_id))


@router.post(
    "/inspection/fillings/{filling_id}/rectify",
    response=FillingOut,
    summary="不符合项转为整改事项（findings: answer, measure, deadline）",
    openapi_extra=request_body(RectifyIn),
)
def rectify_filling(request: HttpRequest, filling_id: IdParam) -> dict[str, Any]:
    filling = _acting(request, filling_id, "rectify")
    RectifyIn.parse(Input.of(request), request.user).apply(by=actor_of(request), filling=filling)
    return _filling_out(request, _filling(request, filling_id))
