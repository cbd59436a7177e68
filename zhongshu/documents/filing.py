"""Filing official documents: an outgoing one once dispatched (办结 of the 发文 flow), an incoming one once
completed (办结). The year of an outgoing document is its sign-off year; the item holds the final copy (the
signed text, rendered in the GB/T 9704 layout, without a 份号) and the document's attachments, never drafts."""

from __future__ import annotations

import math

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from zhongshu.archives.filing import FilingData, FilingFile, FilingSource, register_filing_source
from zhongshu.archives.models import FileRole, Retention
from zhongshu.documents.models import DocType, OfficialDocument
from zhongshu.documents.services import document_filed
from zhongshu.documents.states import DocState

OUTGOING_CLOSED = (DocState.DISPATCHED, DocState.ARCHIVED)
INCOMING_CLOSED = (DocState.COMPLETED, DocState.ARCHIVED)
# An organ's own decisions, rules and reports to its superiors are kept for ever; other outgoing documents
# 30 years; documents received for action or information 10 years (the archivist may choose otherwise).
PERMANENT_TYPES = frozenset(
    {
        DocType.RESOLUTION,
        DocType.DECISION,
        DocType.ORDER,
        DocType.COMMUNIQUE,
        DocType.ANNOUNCEMENT,
        DocType.PUBLIC_NOTICE,
        DocType.REPORT,
        DocType.REQUEST,
        DocType.MINUTES,
    }
)
DRAFT_PURPOSES = frozenset({"draft", "drafts", "revision"})
LINE_CHARS, PAGE_LINES, HEAD_LINES = 28, 22, 12  # the GB/T 9704 text block, and the header's share


def is_fileable(document: OfficialDocument) -> str | None:
    closed = OUTGOING_CLOSED if document.is_outgoing else INCOMING_CLOSED
    if document.state not in closed:
        return f"公文尚未办结（当前状态：{document.get_state_display()}），不能归档"
    return None


def pending(queryset: QuerySet[OfficialDocument]) -> QuerySet[OfficialDocument]:
    return queryset.filter(
        Q(direction="outgoing", state__in=OUTGOING_CLOSED)
        | Q(direction="incoming", state__in=INCOMING_CLOSED)
    )


def estimated_pages(document: OfficialDocument) -> int:
    """Pages of the final copy in the GB/T 9704 block (22 lines of 28 characters); the archivist may correct."""
    lines = HEAD_LINES + sum(max(1, math.ceil(len(p) / LINE_CHARS)) for p in document.body.splitlines())
    return max(1, math.ceil(lines / PAGE_LINES))


def _year_and_date(document: OfficialDocument) -> tuple[int, object]:
    if document.is_outgoing and document.signed_at is not None:
        day = timezone.localtime(document.signed_at).date()
        return day.year, day
    day = document.date_of_writing or document.received_on or timezone.localtime(document.created_at).date()
    return day.year, day


def _org(document: OfficialDocument) -> tuple[str, str]:
    """机构代码 and name: the drafter's (or proposer's) department, else the owning unit."""
    person = document.drafter if document.is_outgoing else document.proposal_by
    department = person.department if person is not None else None
    if department is not None:
        return department.code, department.name
    unit = document.owner_unit
    return (unit.code, unit.name) if unit is not None else ("QT", "其他")


def _final_copy(document: OfficialDocument) -> FilingFile:
    def render() -> bytes:
        from zhongshu.documents.layout_adapter import layout_from_document
        from zhongshu.documents.rendering.docx_writer import render_docx

        return render_docx(layout_from_document(document, copy_number=""))

    name = document.doc_number or document.incoming_number or document.title
    # The 可编辑稿; the archive makes the PDF 定稿正本 from it (`fixed_copy`, archives.fixed_copies).
    return FilingFile(name=f"{name}.docx", role=FileRole.EDITABLE, render=render)


def fixed_copy(docx: bytes) -> bytes:
    """The PDF of a filed DOCX (LibreOffice); PdfUnavailable when it is not installed."""
    from zhongshu.documents.rendering.pdf import render_pdf

    return render_pdf([docx])[0]


def describe(document: OfficialDocument) -> FilingData:
    from zhongshu.attachments.services import attachments_of
    from zhongshu.documents.rendering_adapter import PDF_PURPOSE_PREFIX

    year, day = _year_and_date(document)
    org_code, org_name = _org(document)
    if document.is_outgoing:
        responsible = document.signature or (document.owner_unit.name if document.owner_unit else "")
        number = document.doc_number
        retention = Retention.PERMANENT if document.doc_type in PERMANENT_TYPES else Retention.Y30
    else:
        responsible = document.source_unit_name or document.signature
        number = document.source_doc_number or document.doc_number
        retention = Retention.Y10
    files = [_final_copy(document)]
    attachments = attachments_of(document).exclude(purpose__in=DRAFT_PURPOSES)
    # Nor the PDFs kept for downloads (rendering_adapter): the archive makes its own 正本.
    for attachment in attachments.exclude(purpose__startswith=PDF_PURPOSE_PREFIX):
        files.append(FilingFile(name=attachment.file.original_name, stored=attachment.file))
    return FilingData(
        title=document.title,
        year=year,
        date=day,  # type: ignore[arg-type]
        org_code=org_code,
        org_name=org_name,
        doc_number=number,
        responsible=responsible,
        retention=retention,
        pages=estimated_pages(document),
        body_text=f"{document.title}\n{document.body}",
        files=files,
        classification=document.classification,
        secrecy_term_years=document.secrecy_term_years,
        owner_person_id=document.owner_person_id,
        owner_unit_id=document.owner_unit_id,
        need_to_know_people=list(document.need_to_know_people.values_list("pk", flat=True)),
        need_to_know_units=list(document.need_to_know_units.values_list("pk", flat=True)),
    )


def register() -> None:
    """Called from `DocumentsConfig.ready()`: archives keeps only the interface, documents say how they file."""
    register_filing_source(
        FilingSource(
            model=OfficialDocument,
            kind="document",
            label="公文",
            is_fileable=is_fileable,
            describe=describe,
            pending=pending,
            url=lambda document: reverse("documents:detail", args=[document.pk]),
            on_filed=lambda document, user, code: document_filed(
                document=document, by=user, reference_code=code
            ),
            fixed_copy=fixed_copy,
        )
    )
