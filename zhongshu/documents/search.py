"""Official documents as a search source: title, body and 文号, found by everyone the policy lets see them.

Drafts (拟稿, 审核中) are not indexed: their text is unsettled, and a reviewer finds them in the review list;
from sign-off on a document is findable, by its number once it has one. The date is the sign-off date for
outgoing documents (the year an archivist files it under), the receipt or registration date for incoming ones.

A document is also found by its numbers (发文字号, 来文字号, 收文编号, with any bracket) and by the people and
units on it (拟稿人, 签发人, 发文单位, 来文单位); an incoming copy made by a dispatch folds into its original, so a
search shows one row per document.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from zhongshu.documents.models import OfficialDocument
from zhongshu.documents.states import DocState
from zhongshu.search.registry import SearchSource, SearchText, register_source

NOT_INDEXED = (DocState.DRAFT, DocState.IN_REVIEW)


def document_text(document: OfficialDocument) -> SearchText | None:
    if document.state in NOT_INDEXED:
        return None
    moment = document.signed_at or document.registered_at
    day = timezone.localdate(moment) if moment else document.received_on or document.date_of_writing
    parts = [document.body, document.attachment_note, document.primary_recipients]
    if document.instruction:
        parts.append(document.instruction)
    return SearchText(
        title=document.title,
        body="\n".join(part for part in parts if part),
        url=f"/documents/{document.pk}/",
        date=day or timezone.localdate(document.created_at),
        unit_id=document.owner_unit_id,
        reference=document.doc_number or document.source_doc_number or document.incoming_number,
        numbers=(document.source_doc_number, document.incoming_number),
        names=(
            document.drafter.name if document.drafter else "",
            document.signers,
            document.owner_unit.name if document.owner_unit else "",
            document.source_unit_name,
        ),
        fold_into=document.origin_id,
    )


def documents_to_index() -> QuerySet[OfficialDocument]:
    return OfficialDocument.objects.exclude(state__in=NOT_INDEXED).select_related("drafter", "owner_unit")


def register() -> None:
    register_source(
        SearchSource(
            kind="document",
            label="公文",
            model=OfficialDocument,
            to_text=document_text,
            queryset=documents_to_index,
        )
    )
