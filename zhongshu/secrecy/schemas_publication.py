"""One input contract per action of the 公开审查 part (提请公开审查, 起草单位审查, 保密审查), read alike from the
page's form and the API's JSON: a refusal is a `ServiceError` with a Chinese message, an English code and the
field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from zhongshu.access.policy import Action, RecordNotFound, get_for
from zhongshu.accounts.actors import Actor
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input
from zhongshu.core.publication import publishable_kind
from zhongshu.secrecy import publication
from zhongshu.secrecy.models_publication import PublicationReview


def publishable_record(user: Any, kind: str, record_id: Any) -> models.Model:
    """The record a page or the API names by its kind (`documents.officialdocument`) and id, through the access
    policy; an unknown kind answers as a missing record does."""
    app_label, _, model_name = (kind or "").partition(".")
    content_type = ContentType.objects.filter(app_label=app_label, model=model_name).first()
    model = content_type.model_class() if content_type is not None else None
    if model is None or publishable_kind(model) is None:
        raise RecordNotFound()
    return get_for(user, model, record_id, Action.VIEW)


def kind_label(record: models.Model) -> str:
    return record._meta.label_lower


@dataclass(frozen=True)
class ReviewIn:
    """起草单位审查 or 保密审查: approve (同意公开) or return (退回), the opinion, and the round's version."""

    approve: bool
    opinion: str
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> ReviewIn:
        if not data.text("decision", label="审查结论").strip():
            raise ServiceError("请选择审查结论：同意公开或退回", code="decision_required", field="decision")
        decision = data.choice("decision", ["approve", "return"], label="审查结论")
        return cls(
            approve=decision == "approve",
            opinion=data.text("opinion", label="审查意见", max_length=publication.OPINION_MAX),
            version=data.integer("version", label="版本号", low=1, high=2**31 - 1),
        )

    def unit(self, *, review: PublicationReview, by: Actor) -> PublicationReview:
        return publication.publication_review_unit(
            review=review, by=by, approve=self.approve, opinion=self.opinion, version=self.version
        )

    def secrecy(self, *, review: PublicationReview, by: Actor) -> PublicationReview:
        return publication.publication_review_secrecy(
            review=review, by=by, approve=self.approve, opinion=self.opinion, version=self.version
        )
