"""发布: an issued outgoing document marked 主动公开 is published to the public — once every gate of
`core.publication` lets it (the secrecy office's 公开审查 keeps one). What is published, and fingerprinted for
the gates, is the document as it stands: its title, its body, and its attachments (the 附件说明 lines and every
file attached to it, each by its SHA-256), so a change after the review sends it back.

The documents are registered with `core.publication` as a publishable kind (`register`), so the reviewing
module finds the documents awaiting review without importing this module.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from zhongshu.accounts.actors import Actor
from zhongshu.attachments.services import attachments_of
from zhongshu.audit.models import Outcome
from zhongshu.audit.services import audit_record
from zhongshu.core.errors import ServiceError
from zhongshu.core.publication import (
    PublicationRequest,
    PublishableContent,
    publication_done,
    publication_refusals,
    register_publishable,
)
from zhongshu.documents.actions import RULES
from zhongshu.documents.models import Direction, OfficialDocument, Publicity
from zhongshu.documents.services import audit, document_url, lock, record_event


def document_content(document: OfficialDocument) -> PublishableContent:
    """Exactly what publishing `document` would put before the public, as it stands now."""
    files = [
        f"{attachment.file.original_name}（SHA-256 {attachment.file.sha256[:16]}）"
        for attachment in attachments_of(document).select_related("file")
    ]
    return PublishableContent(
        title=document.title,
        body=document.body,
        attachments=(*document.attachment_names, *files),
    )


def awaiting_publication() -> QuerySet[OfficialDocument]:
    """Outgoing documents marked 主动公开 and not yet published (whatever their stage: the review may start
    while the text is drafted; publishing waits for the issue)."""
    return OfficialDocument.objects.filter(
        direction=Direction.OUTGOING,
        publicity=Publicity.PROACTIVE,
        published_at__isnull=True,
    )


def publication_blockers(document: OfficialDocument) -> list[str]:
    """Why the gates would refuse to publish `document` as it stands now (asked by its page; writes nothing)."""
    request = PublicationRequest(document, document_content(document).fingerprint, asking_only=True)
    return publication_refusals(request)


def document_publish(*, document: OfficialDocument, by: Actor) -> OfficialDocument:
    """发布 an issued 主动公开 document, once every gate lets it as it stands; who and when are kept.

    A refusal — by the rule (not 主动公开, not issued, already published, not the unit's 文书) or by a gate
    (no passed review, or a change after it) — publishes nothing and is audited; a gate may record what it
    found (the secrecy review is put back when the content changed after it), so the gates' refusal is
    raised after the transaction commits."""
    refusals: list[str] = []
    try:
        with transaction.atomic():
            document = lock(document)
            RULES.require("publish", by, document)
            content = document_content(document)
            request = PublicationRequest(document, content.fingerprint, by=by)
            refusals = publication_refusals(request)
            if refusals:
                _audit_refused(document, by=by, code="publication_refused", reasons=refusals)
            else:
                document.published_at = timezone.now()
                document.published_by = by
                document.save(update_fields=["published_at", "published_by", "updated_at"])
                record_event(document, by=by, action="publish", from_state=document.state)
                audit(document, by=by, action="publish", fingerprint=content.fingerprint)
                publication_done(request)
    except ServiceError as refusal:
        _audit_refused(document, by=by, code=refusal.code, reasons=[refusal.message])
        raise
    if refusals:
        raise ServiceError("不能发布：" + "；".join(refusals), code="publication_refused")
    return document


def _audit_refused(document: OfficialDocument, *, by: Actor, code: str, reasons: list[str]) -> None:
    audit_record(
        actor=by,
        action="documents.publish",
        target=document,
        outcome=Outcome.DENIED,
        classification=document.classification,
        details={"code": code, "reason": "；".join(reasons)},
    )


def is_published(document: Any) -> bool:
    return getattr(document, "published_at", None) is not None


def register() -> None:
    register_publishable(
        OfficialDocument,
        noun="公文",
        content=document_content,
        awaiting=awaiting_publication,
        url=document_url,
        is_published=is_published,
    )
