"""The 定密 part's JSON API, mounted under /api/secrecy: /classification/decisions (the register with its filters;
propose), /classification/decisions/{id} (one decision with the actions open to the caller), .../decide,
.../review, /classification/pending (待我审定), /classification/review-queue (年度定密审查),
/classification/records (the records the caller may propose for) and /classification/officers (定密责任人; name,
end). The same contracts and services as the pages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from zhongshu.access.links import source_of
from zhongshu.access.policy import get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.audit.disclosure import audit_shown
from zhongshu.core.errors import Forbidden
from zhongshu.core.inputs import IdParam, Input, request_body
from zhongshu.secrecy import classification as service
from zhongshu.secrecy.actions_classification import RULES
from zhongshu.secrecy.models_classification import ClassificationDecision, ClassificationOfficer
from zhongshu.secrecy.roles import may_use_secrecy
from zhongshu.secrecy.schemas_classification import (
    DecideIn,
    OfficerEndIn,
    OfficerIn,
    ProposeIn,
    ReviewIn,
    parse_filters,
    parse_queue,
)

router = Router(tags=["机要保密：定密"])

MOST_ROWS = 500


def _allowed(request: HttpRequest) -> None:
    if not may_use_secrecy(request.user):
        raise Forbidden("无权使用机要保密", code="not_allowed")


def _decision(request: HttpRequest, pk: int) -> ClassificationDecision:
    _allowed(request)
    return get_for(
        request.user,
        ClassificationDecision.objects.select_related("unit", "proposed_by__person", "decided_by__person"),
        pk,
    )


def _may(request: HttpRequest, action: str, decision: ClassificationDecision) -> None:
    """Who may act is judged before what was sent (a wrong body from someone who may not act is a 403)."""
    refusal = RULES.check(action, request.user, decision)
    if refusal is not None and refusal.forbidden:
        raise refusal.error()


class RecordOut(Schema):
    visible: bool
    kind: str | None
    id: int | None
    noun: str
    title: str
    url: str | None


class DecisionRow(Schema):
    id: int
    kind: str
    kind_label: str
    state: str
    state_label: str
    standing: str
    standing_label: str
    days_left: int | None
    record: RecordOut
    unit_id: int | None
    unit: str
    classification: int
    secrecy_term_years: int | None
    is_compilation: bool
    proposed_by: str
    proposed_at: datetime
    decided_by: str
    decided_at: datetime | None
    starts_on: date | None
    ends_on: date | None


class DecisionOut(DecisionRow):
    previous_classification: int | None
    previous_term_years: int | None
    basis: str
    reason: str
    opinion: str
    sets_need_to_know: bool
    need_to_know_people: list[int]
    need_to_know_units: list[int]
    parts: list[RecordOut]
    version: int
    actions: list[str]


class ReviewLineOut(Schema):
    decision_id: int
    record: RecordOut
    unit_id: int | None
    classification: int
    term_years: int | None
    decided_on: date
    ends_on: date
    days_left: int
    reviewed: str


class QueueOut(Schema):
    on: date
    total: int
    reviewed: int
    lines: list[ReviewLineOut]


class ChoiceOut(Schema):
    ref: str
    kind: str
    id: int
    noun: str
    title: str
    classification: int
    marking: str


class OfficerOut(Schema):
    id: int
    person_id: int
    person: str
    unit_id: int
    unit: str
    starts_on: date
    ends_on: date | None
    note: str


class ReviewOut(Schema):
    decision_id: int
    year: int
    verdict: str
    opinion: str


def _record(shown: service.Shown, type_id: int, object_id: int) -> dict[str, Any]:
    if not shown.visible:
        return {"visible": False, "kind": None, "id": None, "noun": "", "title": shown.title, "url": None}
    kind = service.kind_for_type(type_id)
    return {
        "visible": True,
        "kind": service.kind_key(kind.model) if kind else None,
        "id": object_id,
        "noun": shown.noun,
        "title": shown.title,
        "url": shown.url,
    }


def _name(user: Any) -> str:
    person = getattr(user, "person_or_none", None) if user is not None else None
    return person.name if person is not None else ""


def _row(decision: ClassificationDecision, shown: dict[tuple[int, int], service.Shown]) -> dict[str, Any]:
    key = (decision.content_type_id, decision.object_id)
    standing = service.standing(decision)
    return {
        "id": decision.pk,
        "kind": decision.kind,
        "kind_label": decision.get_kind_display(),
        "state": decision.state,
        "state_label": decision.get_state_display(),
        "standing": standing.code,
        "standing_label": standing.label,
        "days_left": standing.days_left,
        "record": _record(shown.get(key, service.HIDDEN), *key),
        "unit_id": decision.unit_id,
        "unit": decision.unit.name if decision.unit else "",
        "classification": decision.classification,
        "secrecy_term_years": decision.secrecy_term_years,
        "is_compilation": decision.is_compilation,
        "proposed_by": _name(decision.proposed_by),
        "proposed_at": decision.proposed_at,
        "decided_by": _name(decision.decided_by),
        "decided_at": decision.decided_at,
        "starts_on": decision.starts_on,
        "ends_on": decision.ends_on,
    }


def _rows(request: HttpRequest, decisions: list[ClassificationDecision]) -> list[dict[str, Any]]:
    shown = service.records_shown(((d.content_type_id, d.object_id) for d in decisions), request.user)
    return [_row(decision, shown) for decision in decisions]


def _out(request: HttpRequest, decision: ClassificationDecision) -> dict[str, Any]:
    link = source_of(decision, request.user)
    shown = (
        service.Shown(noun=link.noun, title=link.title, url=link.url, visible=True)
        if link is not None and link.visible
        else service.HIDDEN
    )
    parts = list(decision.parts.all())
    parts_shown = service.records_shown(((p.content_type_id, p.object_id) for p in parts), request.user)
    key = (decision.content_type_id, decision.object_id)
    return {
        **_row(decision, {key: shown}),
        "previous_classification": decision.previous_classification,
        "previous_term_years": decision.previous_term_years,
        "basis": decision.basis,
        "reason": decision.reason,
        "opinion": decision.opinion,
        "sets_need_to_know": decision.sets_need_to_know,
        "need_to_know_people": list(decision.need_to_know_people.values_list("pk", flat=True)),
        "need_to_know_units": list(decision.need_to_know_units.values_list("pk", flat=True)),
        "parts": [
            _record(
                parts_shown.get((p.content_type_id, p.object_id), service.HIDDEN),
                p.content_type_id,
                p.object_id,
            )
            for p in parts
        ],
        "version": decision.version,
        "actions": RULES.available(request.user, decision),
    }


@router.get(
    "/classification/decisions",
    response=list[DecisionRow],
    summary="定密登记簿（kind, classification, unit, year, state）",
)
def list_decisions(request: HttpRequest) -> list[dict[str, Any]]:
    _allowed(request)
    filters = parse_filters(Input(request.GET))
    rows = list(service.filtered(service.visible_decisions(request.user), filters)[:MOST_ROWS])
    audit_shown(request.user, rows, route="api.secrecy.classification_register")
    return _rows(request, rows)


@router.post(
    "/classification/decisions",
    response={201: DecisionOut},
    summary="提出定密事项（定密、变更、延期、解密）",
    openapi_extra=request_body(ProposeIn),
)
def propose(request: HttpRequest) -> Status[Any]:
    _allowed(request)
    decision = ProposeIn.parse(Input.of(request), request.user).propose(by=actor_of(request))
    return Status(201, _out(request, _decision(request, decision.pk)))


@router.get("/classification/decisions/{decision_id}", response=DecisionOut, summary="定密事项")
def get_decision(request: HttpRequest, decision_id: IdParam) -> dict[str, Any]:
    return _out(request, _decision(request, decision_id))


@router.post(
    "/classification/decisions/{decision_id}/decide",
    response=DecisionOut,
    summary="审定定密事项（outcome: approve / refuse, opinion, version）",
    openapi_extra=request_body(DecideIn),
)
def decide(request: HttpRequest, decision_id: IdParam) -> dict[str, Any]:
    decision = _decision(request, decision_id)
    _may(request, "decide", decision)
    DecideIn.parse(Input.of(request), request.user).apply(by=actor_of(request), decision=decision)
    return _out(request, _decision(request, decision_id))


@router.post(
    "/classification/decisions/{decision_id}/review",
    response={201: ReviewOut},
    summary="年度定密审查（verdict: keep / change / declassify, opinion）",
    openapi_extra=request_body(ReviewIn),
)
def review(request: HttpRequest, decision_id: IdParam) -> Status[Any]:
    decision = _decision(request, decision_id)
    _may(request, "review", decision)
    mark = ReviewIn.parse(Input.of(request), request.user).apply(by=actor_of(request), decision=decision)
    return Status(
        201,
        {"decision_id": decision.pk, "year": mark.year, "verdict": mark.verdict, "opinion": mark.opinion},
    )


@router.get("/classification/pending", response=list[DecisionRow], summary="待我审定")
def pending(request: HttpRequest) -> list[dict[str, Any]]:
    _allowed(request)
    rows = list(service.pending_for(request.user)[:MOST_ROWS])
    audit_shown(request.user, rows, route="api.secrecy.classification_pending")
    return _rows(request, rows)


@router.get("/classification/review-queue", response=QueueOut, summary="年度定密审查（on: YYYY-MM-DD, unit）")
def review_queue(request: HttpRequest) -> dict[str, Any]:
    _allowed(request)
    on, unit_id = parse_queue(Input(request.GET))
    queue = service.review_queue_for(request.user, on=on, unit_id=unit_id)
    page = queue[:MOST_ROWS]
    shown = service.records_shown(((line.content_type_id, line.object_id) for line in page), request.user)
    audit_shown(
        request.user,
        [line for line in page if (line.content_type_id, line.object_id) in shown],
        route="api.secrecy.classification_review",
        ref=lambda line: ("secrecy.classificationdecision", line.decision_id),
    )
    return {
        "on": on,
        "total": len(queue),
        "reviewed": sum(1 for line in queue if line.reviewed),
        "lines": [
            {
                "decision_id": line.decision_id,
                "record": _record(
                    shown.get((line.content_type_id, line.object_id), service.HIDDEN),
                    line.content_type_id,
                    line.object_id,
                ),
                "unit_id": line.unit_id,
                "classification": line.classification,
                "term_years": line.term_years,
                "decided_on": line.decided_on,
                "ends_on": line.ends_on,
                "days_left": line.days_left,
                "reviewed": line.reviewed,
            }
            for line in page
        ],
    }


@router.get(
    "/classification/records",
    response=list[ChoiceOut],
    summary="可提出定密的记录（q：标题中的文字；只含本人可查看并办理的记录）",
)
def records(request: HttpRequest, q: str = "") -> list[dict[str, Any]]:
    _allowed(request)
    choices = service.choosable_records(request.user, q[:100])
    audit_shown(
        request.user,
        choices,
        route="api.secrecy.classification_records",
        ref=lambda choice: (choice.kind, choice.id),
    )
    return [
        {
            "ref": choice.ref,
            "kind": choice.kind,
            "id": choice.id,
            "noun": choice.noun,
            "title": choice.title,
            "classification": choice.classification,
            "marking": choice.marking,
        }
        for choice in choices
    ]


def _officer(officer: ClassificationOfficer) -> dict[str, Any]:
    return {
        "id": officer.pk,
        "person_id": officer.person_id,
        "person": officer.person.name,
        "unit_id": officer.unit_id,
        "unit": officer.unit.name,
        "starts_on": officer.starts_on,
        "ends_on": officer.ends_on,
        "note": officer.note,
    }


@router.get("/classification/officers", response=list[OfficerOut], summary="定密责任人")
def officers(request: HttpRequest) -> list[dict[str, Any]]:
    _allowed(request)
    rows = ClassificationOfficer.objects.select_related("person", "unit").order_by("unit__name", "-starts_on")
    return [_officer(row) for row in rows]


@router.post(
    "/classification/officers",
    response={201: OfficerOut},
    summary="指定定密责任人（person, unit, starts_on, ends_on, note）",
    openapi_extra=request_body(OfficerIn),
)
def name_officer(request: HttpRequest) -> Status[Any]:
    _allowed(request)
    officer = OfficerIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
    return Status(201, _officer(officer))


@router.post(
    "/classification/officers/{officer_id}/end",
    response=OfficerOut,
    summary="终止定密责任人（ends_on）",
    openapi_extra=request_body(OfficerEndIn),
)
def end_officer(request: HttpRequest, officer_id: IdParam) -> dict[str, Any]:
    from zhongshu.core.errors import ServiceError

    _allowed(request)
    officer = ClassificationOfficer.objects.select_related("person", "unit").filter(pk=officer_id).first()
    if officer is None:
        error = ServiceError("定密责任人不存在", code="not_found")
        error.status = 404
        raise error
    OfficerEndIn.parse(Input.of(request), request.user).apply(by=actor_of(request), officer=officer)
    officer.refresh_from_db()
    return _officer(officer)
