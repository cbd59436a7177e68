"""The adapter from an `OfficialDocument` to the renderer's plain `DocumentLayout` (the 18 elements)."""

from __future__ import annotations

from zhongshu.documents.models import OfficialDocument, Urgency, minutes_names
from zhongshu.documents.rendering.layout import DocumentLayout

URGENCY_LABEL = {Urgency.URGENT: "加急", Urgency.EXTRA_URGENT: "特急"}


def layout_from_document(document: OfficialDocument, *, copy_number: str = "") -> DocumentLayout:
    minutes = document.is_minutes
    # A 纪要's flag is its 纪要标志 ("示例县人民政府常务会议纪要"), by default the unit's 会议纪要.
    suffix = "会议纪要" if minutes else "文件"
    issuer = document.issuer_mark or (f"{document.owner_unit.name}{suffix}" if document.owner_unit else "")
    # A 纪要 whose title repeats its flag (县人民政府常务会议纪要) is set without a title under the red line.
    title = "" if minutes and document.title.strip() == issuer else document.title
    return DocumentLayout(
        copy_number=copy_number if document.is_state_secret else "",
        secrecy=document.secrecy_marking,
        urgency=URGENCY_LABEL.get(document.urgency, ""),  # type: ignore[call-overload]
        issuer_mark=issuer,
        doc_number=document.doc_number,
        signers=tuple(name for name in document.signers.split("、") if name) if document.is_upward else (),
        title=title,
        primary_recipients=document.primary_recipients,
        body=document.body,
        attachment_notes=tuple(document.attachment_names),
        signature=tuple(name for name in document.signature.split("、") if name),
        date_of_writing=document.date_of_writing,
        seal=document.seal and not minutes,
        note=document.note,
        cc_recipients=document.cc_recipients,
        printing_office=document.printing_office,
        print_date=document.print_date,
        attachments=(),
        minutes=minutes,
        minutes_present=tuple(minutes_names(document.minutes_present)) if minutes else (),
        minutes_absent=tuple(minutes_names(document.minutes_absent)) if minutes else (),
        minutes_attending=tuple(minutes_names(document.minutes_attending)) if minutes else (),
    )
