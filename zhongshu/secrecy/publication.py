"""公开审查: a record marked 主动公开 (an outgoing document) is published only after its secrecy review passes —
first the drafting unit's review (its leader, or its part-time secrecy administrator), then the secrecy office's
(`roles.keeps_ledger`), each with an opinion — and only as it was reviewed: the gate registered with
`core.publication` compares the fingerprint of what is about to be published with the one reviewed.

A round begins when the drafting unit asks for it (`publication_review_request`): the content is copied as it
stands. A change of the record after that (a different fingerprint) closes the round as 退回 with the reason
「审查后内容已改动」 — when a reviewer acts on it, when someone tries to publish, or when a new round is asked
for — and the next round reviews the new text. Reviews are as visible as their records (`review_scope`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from zhongshu.access.models import Classified
from zhongshu.access.policy import Action, Viewer, can, get_for, visible
from zhongshu.accounts.actors import Actor
from zhongshu.audit.models import Outcome
from zhongshu.audit.services import audit_record
from zhongshu.base.roles import Role
from zhongshu.core.errors import Conflict, Forbidden, InvalidTransition, ServiceError
from zhongshu.core.locking import lock_at_version
from zhongshu.core.publication import (
    PublicationRequest,
    PublishableContent,
    PublishableKind,
    publishable_kind,
    publishable_kinds,
)
from zhongshu.notifications.services import notify
from zhongshu.org.models import Person
from zhongshu.org.offices import office_unit_ids
from zhongshu.secrecy.duties import is_part_time_administrator
from zhongshu.secrecy.models_publication import OPEN_STATES, PublicationReview, ReviewState
from zhongshu.secrecy.roles import keeps_ledger, may_use_secrecy

OPINION_MAX = 1000
CHANGED_AFTER_REVIEW = "审查后内容已改动，须重新审查"

# --- who ----------------------------------------------------------------------------------------------------


def reviews_for_unit(user: Any, unit_id: int | None) -> bool:
    """Whether `user` gives the drafting unit's review for `unit_id`: a leader of the unit, or its part-time
    secrecy administrator (兼职保密管理员, named in the duties part)."""
    person = getattr(user, "person_or_none", None)
    if (
        unit_id is None
        or person is None
        or person.unit_id != unit_id
        or not getattr(user, "is_active", False)
    ):
        return False
    if person.is_leader or user.has_role(Role.LEADER):
        return True
    return is_part_time_administrator(user, unit_id)


def secrecy_reviewers() -> QuerySet[Person]:
    """The people `roles.keeps_ledger` names: the county office's 保密员 and every office director."""
    return Person.objects.filter(
        Q(user__groups__name=Role.OFFICE_DIRECTOR.value)
        | Q(unit_id__in=office_unit_ids(), user__groups__name=Role.SECRECY_OFFICER.value),
        user__is_active=True,
    ).distinct()


# --- what a review is about ---------------------------------------------------------------------------------


def kind_of(record: models.Model) -> PublishableKind:
    kind = publishable_kind(type(record))
    if kind is None:
        raise ServiceError("该记录不属于可公开发布的类型", code="not_publishable")
    return kind


def record_of(review: PublicationReview, viewer: Any = None) -> models.Model:
    """The record a review is of; read for `viewer` through the access policy when a page or the API shows it
    (the review's own scope follows the record's today, but the record is the record's policy to give)."""
    model = review.content_type.model_class()
    assert model is not None  # noqa: S101 - a review is only ever made for a registered model
    if viewer is None:
        return model._default_manager.get(pk=review.object_id)
    return get_for(viewer, model, review.object_id)


def reviews_of(record: models.Model) -> QuerySet[PublicationReview]:
    content_type = ContentType.objects.get_for_model(record)
    return PublicationReview.objects.filter(content_type=content_type, object_id=record.pk)


def open_review(record: models.Model) -> PublicationReview | None:
    return reviews_of(record).filter(state__in=OPEN_STATES).first()


def review_url(review: PublicationReview) -> str:
    return reverse("secrecy:publication_review", args=[review.pk])


@dataclass(frozen=True)
class ReviewStatus:
    """A review as it stands now: its stored state, and whether the record changed after it (derived)."""

    review: PublicationReview
    changed: bool

    @property
    def label(self) -> str:
        if self.changed and self.review.state in OPEN_STATES:
            return "需重新审查"
        return str(ReviewState(self.review.state).label)


def status_of(review: PublicationReview, content: PublishableContent) -> ReviewStatus:
    return ReviewStatus(review, changed=review.fingerprint != content.fingerprint)


# --- the scope: a review is as visible as its record --------------------------------------------------------


def review_scope(viewer: Viewer, action: Action) -> Q | None:
    if not viewer.is_business_person:
        return None
    rule = Q(pk__in=[])
    for kind in publishable_kinds():
        content_type = ContentType.objects.get_for_model(kind.model)
        records = visible(kind.model._default_manager.all(), viewer, Action.VIEW).values("pk")
        rule |= Q(content_type=content_type, object_id__in=records)
    return rule


def visible_reviews(user: Any) -> QuerySet[PublicationReview]:
    return visible(
        PublicationReview.objects.select_related("unit", "unit_reviewer", "secrecy_reviewer"), user
    )


# --- services -----------------------------------------------------------------------------------------------


def _audit(review: PublicationReview, *, by: Actor, action: str, **details: Any) -> None:
    audit_record(actor=by, action=f"secrecy.publication.{action}", target=review, details=details)


def _refused(target: models.Model, *, by: Actor, action: str, error: ServiceError) -> None:
    """A refusal, audited (after the refused work rolled back) without the record's title."""
    audit_record(
        actor=by,
        action=f"secrecy.publication.{action}",
        target=target,
        outcome=Outcome.DENIED,
        details={"code": error.code, "reason": error.message},
    )


def _opinion(opinion: str, *, approve: bool) -> str:
    text = (opinion or "").strip()
    if len(text) > OPINION_MAX:
        raise ServiceError(f"审查意见不能超过{OPINION_MAX}字", code="too_long", field="opinion")
    if not text:
        raise ServiceError(
            "请填写审查意见" if approve else "退回须写明审查意见（哪些内容不宜公开）",
            code="opinion_required",
            field="opinion",
        )
    return text


def _close_changed(review: PublicationReview, *, by: Actor) -> None:
    """Close an open round whose record changed after it: 退回, 审查后内容已改动."""
    review.state = ReviewState.RETURNED
    review.returned_reason = CHANGED_AFTER_REVIEW
    review.closed_at = timezone.now()
    review.version += 1
    review.save(update_fields=["state", "returned_reason", "closed_at", "version"])
    _audit(review, by=by, action="changed_after_review")


def publication_review_request(*, record: models.Model, by: Actor) -> PublicationReview:
    """提请公开审查: the drafting unit (anyone of it who may change the record, or its reviewers) asks for a
    round on a record marked 主动公开 and not yet published; the content is copied as it stands."""
    try:
        with transaction.atomic():
            review = _request(record=record, by=by)
    except IntegrityError:
        error = Conflict("该记录已有进行中的公开审查，请刷新后查看", code="review_open")
        _refused(record, by=by, action="request", error=error)
        raise error from None
    except ServiceError as error:
        _refused(record, by=by, action="request", error=error)
        raise
    return review


def _request_refusal(user: Any, record: models.Model) -> ServiceError | None:
    """Why `user` may not ask for a round on `record` now, or None."""
    kind = kind_of(record)
    if not (
        can(user, record, Action.CHANGE) or reviews_for_unit(user, getattr(record, "owner_unit_id", None))
    ):
        return Forbidden("只有起草单位才能提请公开审查", code="not_drafting_unit")
    if not kind.awaiting().filter(pk=record.pk).exists():
        return InvalidTransition(
            f"该{kind.noun}未标为主动公开或已发布，无需公开审查", code="not_awaiting_publication"
        )
    current = open_review(record)
    if current is not None and current.fingerprint == kind.content(record).fingerprint:
        return InvalidTransition(
            f"该{kind.noun}的公开审查正在进行（{ReviewState(current.state).label}）", code="review_open"
        )
    return None


def may_request(user: Any, record: models.Model) -> bool:
    return may_use_secrecy(user) and _request_refusal(user, record) is None


def _request(*, record: models.Model, by: Actor) -> PublicationReview:
    kind = kind_of(record)
    record = type(record)._default_manager.select_for_update().get(pk=record.pk)
    unit_id = getattr(record, "owner_unit_id", None)
    refusal = _request_refusal(by, record)
    if refusal is not None:
        raise refusal
    if not isinstance(unit_id, int):
        raise ServiceError("该记录没有起草单位，不能提请公开审查", code="no_drafting_unit")
    content = kind.content(record)
    current = open_review(record)
    if current is not None:  # its record changed after it (else the refusal above)
        _close_changed(current, by=by)
    review = PublicationReview.objects.create(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        unit_id=unit_id,
        state=ReviewState.UNIT_PENDING,
        fingerprint=content.fingerprint,
        reviewed_title=content.title[:200],
        reviewed_body=content.body,
        reviewed_attachments="\n".join(content.attachments),
        requested_by=by,
    )
    _audit(review, by=by, action="request", fingerprint=content.fingerprint)
    for person in Person.objects.filter(unit_id=unit_id, user__is_active=True).select_related("user"):
        if person.user is not None and reviews_for_unit(person.user, unit_id):
            notify(
                recipient=person.user,
                about=record,
                kind="secrecy.publication.unit_review",
                title=f"待起草单位公开审查：{content.title}",
                link=review_url(review),
                dedupe_key=f"secrecy.publication.{review.pk}.unit.{person.pk}",
            )
    return review


def _locked(review: PublicationReview, version: int | None) -> PublicationReview:
    return lock_at_version(
        PublicationReview.objects.all(), review.pk, version, changed="该公开审查已被他人办理，请刷新后重试"
    )


def _act(
    review: PublicationReview,
    *,
    by: Actor,
    action: str,
    version: int | None,
    step: Callable[[PublicationReview, models.Model, PublishableContent], None],
) -> PublicationReview:
    """Lock the round, close it if its record changed after it (committed, then refused), else take `step`;
    a refusal is audited and changes nothing."""
    changed = False
    try:
        with transaction.atomic():
            review = _locked(review, version)
            record = record_of(review)
            content = kind_of(record).content(record)
            if review.state in OPEN_STATES and review.fingerprint != content.fingerprint:
                _close_changed(review, by=by)
                changed = True
            else:
                step(review, record, content)
    except ServiceError as error:
        _refused(review, by=by, action=action, error=error)
        raise
    if changed:
        refusal = InvalidTransition(f"{CHANGED_AFTER_REVIEW}，本轮审查已退回", code="changed_after_review")
        _refused(review, by=by, action=action, error=refusal)
        raise refusal
    return review


def _rules() -> Any:
    from zhongshu.secrecy.actions_publication import RULES

    return RULES


def publication_review_unit(
    *, review: PublicationReview, by: Actor, approve: bool, opinion: str, version: int | None = None
) -> PublicationReview:
    """起草单位审查: pass it on to the secrecy office, or return it, with the opinion."""

    def step(review: PublicationReview, record: models.Model, content: PublishableContent) -> None:
        _rules().require("unit_review", by, review)
        person = by.person_or_none
        assert person is not None  # noqa: S101 - the rule admits people only
        text = _opinion(opinion, approve=approve)
        review.unit_reviewer = person
        review.unit_opinion = text
        review.unit_reviewed_at = timezone.now()
        review.state = ReviewState.SECRECY_PENDING if approve else ReviewState.RETURNED
        if not approve:
            review.returned_reason = "起草单位审查退回"
            review.closed_at = review.unit_reviewed_at
        review.version += 1
        review.save()
        _audit(review, by=by, action="unit_review", approved=approve)
        if approve:
            _hand_to_secrecy_office(review, record, content)

    return _act(review, by=by, action="unit_review", version=version, step=step)


def _hand_to_secrecy_office(
    review: PublicationReview, record: models.Model, content: PublishableContent
) -> None:
    """The secrecy office now needs to read the record: its reviewers join the record's 知悉范围 (a 主动公开
    record is never a state secret, the documents module refuses that) and are told."""
    reviewers = list(secrecy_reviewers().select_related("user"))
    if isinstance(record, Classified):
        record.need_to_know_people.add(*reviewers)
    for person in reviewers:
        if person.user is not None:
            notify(
                recipient=person.user,
                about=record,
                kind="secrecy.publication.secrecy_review",
                title=f"待保密审查（公开审查）：{content.title}",
                link=review_url(review),
                dedupe_key=f"secrecy.publication.{review.pk}.secrecy.{person.pk}",
            )


def publication_review_secrecy(
    *, review: PublicationReview, by: Actor, approve: bool, opinion: str, version: int | None = None
) -> PublicationReview:
    """保密审查 by the secrecy office, after the drafting unit's: passed (the record may be published as
    reviewed) or returned, with the opinion."""

    def step(review: PublicationReview, record: models.Model, content: PublishableContent) -> None:
        _rules().require("secrecy_review", by, review)
        person = by.person_or_none
        assert person is not None  # noqa: S101 - the rule admits people only
        text = _opinion(opinion, approve=approve)
        review.secrecy_reviewer = person
        review.secrecy_opinion = text
        review.secrecy_reviewed_at = timezone.now()
        review.state = ReviewState.PASSED if approve else ReviewState.RETURNED
        if not approve:
            review.returned_reason = "保密审查退回"
            review.closed_at = review.secrecy_reviewed_at
        review.version += 1
        review.save()
        _audit(review, by=by, action="secrecy_review", approved=approve)
        notify(
            recipient=review.requested_by,
            about=record,
            kind="secrecy.publication.result",
            title=f"公开审查{'通过' if approve else '退回'}：{content.title}",
            link=review_url(review),
            dedupe_key=f"secrecy.publication.{review.pk}.result",
        )

    return _act(review, by=by, action="secrecy_review", version=version, step=step)


# --- the gate and the listener (core.publication) -----------------------------------------------------------


def publication_gate(request: PublicationRequest) -> str:
    """ "" when a passed round reviewed exactly this content; else why not (Chinese, without the title). A
    passed round whose record changed after it is put back (退回) unless the caller is only asking."""
    if publishable_kind(type(request.record)) is None:
        return ""
    review = reviews_of(request.record).order_by("-id").first()
    if review is None:
        return "未经公开审查：须经起草单位审查和保密办保密审查通过后才能发布"
    if review.state in OPEN_STATES and review.fingerprint != request.fingerprint:
        if not request.asking_only:
            _close_changed(review, by=request.by)
        return "公开审查后内容已改动，须重新提请公开审查"
    if review.state == ReviewState.UNIT_PENDING:
        return "公开审查尚未完成：待起草单位审查"
    if review.state == ReviewState.SECRECY_PENDING:
        return "公开审查尚未完成：待保密办保密审查"
    if review.state == ReviewState.RETURNED:
        if review.returned_reason == CHANGED_AFTER_REVIEW:
            return "公开审查后内容已改动，须重新提请公开审查"
        return f"公开审查未通过（{review.returned_reason or '已退回'}），须修改后重新提请公开审查"
    if review.state == ReviewState.PUBLISHED and review.fingerprint != request.fingerprint:
        return "公开审查后内容已改动，须重新提请公开审查"
    return ""


def publication_published(request: PublicationRequest) -> None:
    """The record went out as reviewed: its passed round becomes 已发布."""
    review = reviews_of(request.record).filter(state=ReviewState.PASSED).first()
    if review is None:
        return
    review.state = ReviewState.PUBLISHED
    review.published_at = timezone.now()
    review.closed_at = review.published_at
    review.version += 1
    review.save(update_fields=["state", "published_at", "closed_at", "version"])
    _audit(review, by=request.by, action="published")


# --- the 待审查 page ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AwaitingRow:
    """A record marked 主动公开 and not yet published, as the viewer may see it, with its latest round and
    whether the viewer may ask for a (new) round now."""

    record: Any
    noun: str
    url: str
    content: PublishableContent
    review: PublicationReview | None
    may_request: bool = False

    @property
    def kind_label(self) -> str:
        return str(self.record._meta.label_lower)

    @property
    def status(self) -> str:
        if self.review is None:
            return "未提请审查"
        return status_of(self.review, self.content).label


MOST_ROWS = 200


def awaiting_rows(user: Any) -> list[AwaitingRow]:
    """Every record the viewer may see that is marked 主动公开 and not yet published, newest first; a few
    queries per kind (the rows' rounds and which of them the viewer may change read at once), plus each
    record's attachments for its fingerprint."""
    rows: list[AwaitingRow] = []
    person = getattr(user, "person_or_none", None)
    reviewer_unit = person.unit_id if person is not None and reviews_for_unit(user, person.unit_id) else None
    uses = may_use_secrecy(user)
    for kind in publishable_kinds():
        records = list(visible(kind.awaiting(), user).order_by("-pk")[:MOST_ROWS])
        ids = [record.pk for record in records]
        content_type = ContentType.objects.get_for_model(kind.model)
        latest: dict[int, PublicationReview] = {}
        rounds = PublicationReview.objects.filter(content_type=content_type, object_id__in=ids)
        for each in rounds.order_by("id"):
            latest[each.object_id] = each
        changeable = set(
            visible(kind.model._default_manager.filter(pk__in=ids), user, Action.CHANGE).values_list(
                "pk", flat=True
            )
        )
        for record in records:
            content = kind.content(record)
            last = latest.get(record.pk)
            owner_unit_id = getattr(record, "owner_unit_id", None)
            drafting = record.pk in changeable or (
                reviewer_unit is not None and owner_unit_id == reviewer_unit
            )
            settled = (
                last is not None and last.state in OPEN_STATES and last.fingerprint == content.fingerprint
            )
            rows.append(
                AwaitingRow(
                    record,
                    kind.noun,
                    kind.url(record),
                    content,
                    last,
                    may_request=uses and drafting and not settled,
                )
            )
    return rows


def reviews_awaiting(user: Any) -> list[PublicationReview]:
    """The rounds waiting for the viewer's review: their unit's (起草单位审查) or the secrecy office's."""
    mine = Q(pk__in=[])
    person = getattr(user, "person_or_none", None)
    if person is not None and reviews_for_unit(user, person.unit_id):
        mine |= Q(state=ReviewState.UNIT_PENDING, unit_id=person.unit_id)
    if keeps_ledger(user):
        mine |= Q(state=ReviewState.SECRECY_PENDING)
    return list(visible_reviews(user).filter(mine).order_by("requested_at", "id")[:MOST_ROWS])


def publication_todos(user: Any) -> list[Any]:
    from zhongshu.core.todos import TodoItem

    return [
        TodoItem(
            title=f"{ReviewState(review.state).label}：{review.reviewed_title}",
            url=review_url(review),
            kind="secrecy.publication",
            source_label="公开审查",
            at=review.unit_reviewed_at or review.requested_at,
            record=(PublicationReview._meta.label_lower, str(review.pk)),
        )
        for review in reviews_awaiting(user)[:50]
    ]
