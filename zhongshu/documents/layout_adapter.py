"""The adapter from an `OfficialDocument` to the renderer's plain `DocumentLayout` (the 18 elements)."""

from __future__ import annotations

from zhongshu.documents.models import OfficialDocument, Urgency
from zhongshu.documents.rendering.layout import DocumentLayout

URGENCY_LABEL = {Urgency.URGENT: "加急", Urgency.EXTRA_URGENT: "特急"}


def layout_from_document(document: OfficialDocument, *, copy_number: str = "") -> DocumentLayout:
    issuer = document.issuer_mark or (f"{document.owner_unit.name}文件" if document.owner_unit else "")
    return DocumentLayout(
        copy_number=copy_number if document.is_state_secret else "",
        secrecy=document.secrecy_marking,
        urgency=URGENCY_LABEL.get(document.urgency, ""),  # type: ignore[call-overload]
        issuer_mark=issuer,
        doc_number=document.doc_number,
        signers=tuple(name for name in document.signers.split("、") if name) if document.is_upward else (),
        title=document.title,
        primary_recipients=document.primary_recipients,
        body=document.body,
        attachment_notes=tuple(document.attachment_names),
        signature=tuple(name for name in document.signature.split("、") if name),
        date_of_writing=document.date_of_writing,
        seal=document.seal,
        note=document.note,
        cc_recipients=document.cc_recipients,
        printing_office=document.printing_office,
        print_date=document.print_date,
        attachments=(),
    )
