"""公开审查 in the access matrix (every clearance × scope × classification): a review is exactly as visible as the
document it reviews — the record's page of rounds, the 待审查 page and their API twins show a document's title to
those who may see the document and to nobody else. (The documents made here carry every level so the matrix is
complete; the documents module itself refuses 主动公开 on a state secret.) The round's own page by id is asked in
test_publication_pages."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from zhongshu.documents.models import Direction, OfficialDocument, Publicity
from zhongshu.documents.publication import document_content
from zhongshu.documents.states import DocState
from zhongshu.secrecy.models_publication import PublicationReview, ReviewState
from zhongshu.testing.access import RecordSpec, Route, check_records

KIND = "documents.officialdocument"


def make_document(spec: RecordSpec) -> OfficialDocument:
    document = OfficialDocument.objects.create(
        direction=Direction.OUTGOING,
        state=DocState.REGISTERED,
        title=spec.title,
        body="正文",
        publicity=Publicity.PROACTIVE,
        drafter=spec.owner_person,
        registered_at=timezone.now(),
        **spec.fields(),
    )
    document = spec.apply_need_to_know(document)
    content = document_content(document)
    PublicationReview.objects.create(
        content_type=ContentType.objects.get_for_model(OfficialDocument),
        object_id=document.pk,
        unit=spec.owner_unit,
        state=ReviewState.UNIT_PENDING,
        fingerprint=content.fingerprint,
        reviewed_title=content.title,
        reviewed_body=content.body,
        requested_by=spec.owner_person.user,
    )
    return document


def test_the_publication_routes_leak_nothing(db: Any) -> None:
    report = check_records(
        model=OfficialDocument,
        make=make_document,
        routes=[
            Route("record's rounds", f"/secrecy/publication/records/{KIND}/{{pk}}/"),
            Route("api record's rounds", f"/api/secrecy/publication/records/{KIND}/{{pk}}"),
            Route("queue", "/secrecy/publication/"),
            Route("api queue", "/api/secrecy/publication"),
        ],
    )
    assert report.requests > 0
