"""机要保密 · 公开审查: the 待审查 page (the rounds waiting for my review, and every record marked 主动公开 I may
see with where its review stands), a round's page (the content as reviewed, beside the current one when they
differ, and the two reviews' forms), and the actions. Registers the tab, the to-do, the gate and the listener."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from zhongshu.access.policy import get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.audit.disclosure import audit_shown
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.core.inputs import Input
from zhongshu.secrecy import publication
from zhongshu.secrecy.actions_publication import RULES
from zhongshu.secrecy.models_publication import PublicationReview
from zhongshu.secrecy.roles import may_use_secrecy
from zhongshu.secrecy.schemas_publication import ReviewIn, kind_label, publishable_record

TAB = "publication"


def allowed(request: HttpRequest) -> None:
    if not may_use_secrecy(request.user):
        raise PermissionDenied("无权使用机要保密")


def _review(request: HttpRequest, pk: int) -> PublicationReview:
    allowed(request)
    return get_for(request.user, publication.visible_reviews(request.user), pk)


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    allowed(request)
    mine = publication.reviews_awaiting(request.user)
    rows = publication.awaiting_rows(request.user)
    audit_shown(request.user, [row.record for row in rows], route="secrecy.publication")
    history = list(publication.visible_reviews(request.user)[:50])
    return render(
        request,
        "secrecy/publication/queue.html",
        {
            "current_tab": TAB,
            "mine": mine,
            "rows": rows,
            "history": history,
        },
    )


@login_required
def review_page(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    record = publication.record_of(review, request.user)
    kind = publication.kind_of(record)
    content = kind.content(record)
    status = publication.status_of(review, content)
    return render(
        request,
        "secrecy/publication/review.html",
        {
            "current_tab": TAB,
            "review": review,
            "status": status,
            "noun": kind.noun,
            "record_url": kind.url(record),
            "current": content,
            "actions": [] if status.changed else RULES.available(request.user, review),
            "may_request": publication.may_request(request.user, record),
            "kind": kind_label(record),
            "record_id": record.pk,
        },
    )


def _done(request: HttpRequest, review: PublicationReview, act: Any, done: str) -> HttpResponse:
    try:
        act(review=review, by=actor_of(request))
    except ServiceError as error:
        if isinstance(error, Forbidden):
            raise PermissionDenied(error.message) from None
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect(publication.review_url(review))


@login_required
@require_POST
def unit_review(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    try:
        contract = ReviewIn.parse(Input.of(request), request.user)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect(publication.review_url(review))
    return _done(request, review, contract.unit, "已完成起草单位审查")


@login_required
@require_POST
def secrecy_review(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    try:
        contract = ReviewIn.parse(Input.of(request), request.user)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect(publication.review_url(review))
    return _done(request, review, contract.secrecy, "已完成保密审查")


@login_required
def record_page(request: HttpRequest, kind: str, record_id: int) -> HttpResponse:
    """One record's rounds of review (the document's page links here), and asking for one."""
    allowed(request)
    record = publishable_record(request.user, kind, record_id)
    publishable = publication.kind_of(record)
    content = publishable.content(record)
    rounds = list(publication.reviews_of(record).select_related("unit", "unit_reviewer", "secrecy_reviewer"))
    return render(
        request,
        "secrecy/publication/record.html",
        {
            "current_tab": TAB,
            "noun": publishable.noun,
            "record_url": publishable.url(record),
            "content": content,
            "rounds": [publication.status_of(review, content) for review in rounds],
            "published": publishable.is_published(record),
            "may_request": publication.may_request(request.user, record),
            "kind": kind,
            "record_id": record.pk,
        },
    )


@login_required
@require_POST
def request_review(request: HttpRequest, kind: str, record_id: int) -> HttpResponse:
    allowed(request)
    record = publishable_record(request.user, kind, record_id)
    try:
        review = publication.publication_review_request(record=record, by=actor_of(request))
    except ServiceError as error:
        if isinstance(error, Forbidden):
            raise PermissionDenied(error.message) from None
        messages.error(request, error.message)
        return redirect("secrecy:publication")
    messages.success(request, "已提请公开审查，待起草单位审查")
    return redirect(publication.review_url(review))


urlpatterns: list[URLPattern] = [
    path("publication/", queue, name="publication"),
    path("publication/<int:pk>/", review_page, name="publication_review"),
    path("publication/<int:pk>/unit-review/", unit_review, name="publication_unit_review"),
    path("publication/<int:pk>/secrecy-review/", secrecy_review, name="publication_secrecy_review"),
    path("publication/records/<str:kind>/<int:record_id>/", record_page, name="publication_record"),
    path(
        "publication/records/<str:kind>/<int:record_id>/request/",
        request_review,
        name="publication_request",
    ),
]


def register() -> None:
    """The tab (公开审查, order 60), the scope of the reviews, the gate and the listener of core.publication,
    and the reviewers' to-do."""
    from zhongshu.access.policy import register_scope
    from zhongshu.core.publication import register_publication_gate, register_publication_listener
    from zhongshu.core.todos import register_todo_source
    from zhongshu.secrecy.tabs import BAR

    BAR.register(TAB, "公开审查", "secrecy:publication", 60, may_use_secrecy)
    register_scope(PublicationReview, publication.review_scope)
    register_publication_gate("secrecy.publication_review", publication.publication_gate)
    register_publication_listener("secrecy.publication_review", publication.publication_published)
    register_todo_source("secrecy.publication", publication.publication_todos)
