"""The 公开审查 part's JSON API, mounted under /api/secrecy: /publication (the rounds waiting for my review and
the records marked 主动公开 I may see), /publication/{id} (one round with the actions open to me),
/publication/{id}/unit-review and /publication/{id}/secrecy-review, and
/publication/records/{kind}/{id}/request (提请公开审查). The same contracts and services as the pages; the
publish action itself is the documents API's (`POST /api/documents/{id}/publish`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from zhongshu.access.policy import get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.audit.disclosure import audit_shown
from zhongshu.core.errors import Forbidden
from zhongshu.core.inputs import IdParam, Input, request_body
from zhongshu.secrecy import publication
from zhongshu.secrecy.actions_publication import RULES
from zhongshu.secrecy.models_publication import PublicationReview
from zhongshu.secrecy.roles import may_use_secrecy
from zhongshu.secrecy.schemas_publication import ReviewIn, publishable_record

router = Router(tags=["机要保密：公开审查"])


def _allowed(request: HttpRequest) -> None:
    if not may_use_secrecy(request.user):
        raise Forbidden("无权使用机要保密", code="not_allowed")


def _review(request: HttpRequest, pk: int) -> PublicationReview:
    _allowed(request)
    return get_for(request.user, publication.visible_reviews(request.user), pk)


class ReviewRow(Schema):
    id: int
    kind: str
    record_id: int
    unit_id: int
    unit: str
    title: str
    state: str
    state_label: str
    requested_at: datetime


class ReviewOut(ReviewRow):
    changed_since_review: bool
    status_label: str
    fingerprint: str
    reviewed_body: str
    reviewed_attachments: list[str]
    current_title: str
    current_body: str
    current_attachments: list[str]
    unit_reviewer: str
    unit_opinion: str
    unit_reviewed_at: datetime | None
    secrecy_reviewer: str
    secrecy_opinion: str
    secrecy_reviewed_at: datetime | None
    returned_reason: str
    published_at: datetime | None
    version: int
    actions: list[str]


class AwaitingOut(Schema):
    kind: str
    record_id: int
    title: str
    status_label: str
    review_id: int | None
    may_request: bool


class QueueOut(Schema):
    mine: list[ReviewRow]
    awaiting: list[AwaitingOut]


def _row(review: PublicationReview) -> dict[str, Any]:
    return {
        "id": review.pk,
        "kind": f"{review.content_type.app_label}.{review.content_type.model}",
        "record_id": review.object_id,
        "unit_id": review.unit_id,
        "unit": review.unit.name,
        "title": review.reviewed_title,
        "state": review.state,
        "state_label": review.get_state_display(),
        "requested_at": review.requested_at,
    }


def _out(request: HttpRequest, review: PublicationReview) -> dict[str, Any]:
    record = publication.record_of(review, request.user)
    content = publication.kind_of(record).content(record)
    status = publication.status_of(review, content)
    return {
        **_row(review),
        "changed_since_review": status.changed,
        "status_label": status.label,
        "fingerprint": review.fingerprint,
        "reviewed_body": review.reviewed_body,
        "reviewed_attachments": review.reviewed_attachment_lines,
        "current_title": content.title,
        "current_body": content.body,
        "current_attachments": list(content.attachments),
        "unit_reviewer": review.unit_reviewer.name if review.unit_reviewer else "",
        "unit_opinion": review.unit_opinion,
        "unit_reviewed_at": review.unit_reviewed_at,
        "secrecy_reviewer": review.secrecy_reviewer.name if review.secrecy_reviewer else "",
        "secrecy_opinion": review.secrecy_opinion,
        "secrecy_reviewed_at": review.secrecy_reviewed_at,
        "returned_reason": review.returned_reason,
        "published_at": review.published_at,
        "version": review.version,
        "actions": [] if status.changed else RULES.available(request.user, review),
    }


@router.get("/publication", response=QueueOut, summary="公开审查：待我审查、主动公开待发布")
def queue(request: HttpRequest) -> dict[str, Any]:
    _allowed(request)
    rows = publication.awaiting_rows(request.user)
    audit_shown(request.user, [row.record for row in rows], route="api.secrecy.publication")
    return {
        "mine": [_row(review) for review in publication.reviews_awaiting(request.user)],
        "awaiting": [
            {
                "kind": row.kind_label,
                "record_id": row.record.pk,
                "title": row.content.title,
                "status_label": row.status,
                "review_id": row.review.pk if row.review else None,
                "may_request": row.may_request,
            }
            for row in rows
        ],
    }


@router.get("/publication/{review_id}", response=ReviewOut, summary="公开审查")
def get_review(request: HttpRequest, review_id: IdParam) -> dict[str, Any]:
    return _out(request, _review(request, review_id))


class RecordOut(Schema):
    kind: str
    record_id: int
    title: str
    published: bool
    may_request: bool
    rounds: list[ReviewRow]


@router.get(
    "/publication/records/{kind}/{record_id}",
    response=RecordOut,
    summary="一件记录的公开审查（kind 如 documents.officialdocument）",
)
def record_reviews(request: HttpRequest, kind: str, record_id: IdParam) -> dict[str, Any]:
    _allowed(request)
    record = publishable_record(request.user, kind, record_id)
    publishable = publication.kind_of(record)
    return {
        "kind": kind,
        "record_id": record.pk,
        "title": publishable.content(record).title,
        "published": publishable.is_published(record),
        "may_request": publication.may_request(request.user, record),
        "rounds": [_row(review) for review in publication.reviews_of(record).select_related("unit")],
    }


@router.post(
    "/publication/records/{kind}/{record_id}/request",
    response={201: ReviewOut},
    summary="提请公开审查（kind 如 documents.officialdocument）",
)
def request_review(request: HttpRequest, kind: str, record_id: IdParam) -> Status[Any]:
    _allowed(request)
    record = publishable_record(request.user, kind, record_id)
    review = publication.publication_review_request(record=record, by=actor_of(request))
    return Status(201, _out(request, _review(request, review.pk)))


@router.post(
    "/publication/{review_id}/unit-review",
    response=ReviewOut,
    summary="起草单位审查（decision: approve/return, opinion, version）",
    openapi_extra=request_body(ReviewIn),
)
def unit_review(request: HttpRequest, review_id: IdParam) -> dict[str, Any]:
    review = _review(request, review_id)
    ReviewIn.parse(Input.of(request), request.user).unit(review=review, by=actor_of(request))
    return _out(request, _review(request, review_id))


@router.post(
    "/publication/{review_id}/secrecy-review",
    response=ReviewOut,
    summary="保密审查（decision: approve/return, opinion, version）",
    openapi_extra=request_body(ReviewIn),
)
def secrecy_review(request: HttpRequest, review_id: IdParam) -> dict[str, Any]:
    review = _review(request, review_id)
    ReviewIn.parse(Input.of(request), request.user).secrecy(review=review, by=actor_of(request))
    return _out(request, _review(request, review_id))
