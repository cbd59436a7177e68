"""The documents API: lists and details through the access policy, a draft's creation, the two registers."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status

from zhongshu.access.policy import Action, get_for
from zhongshu.documents.models import OfficialDocument
from zhongshu.documents.selectors import inbox, incoming_register, outbox, outgoing_register
from zhongshu.documents.services import document_draft_create, person_of
from zhongshu.org.models import Unit

router = Router()


class DocumentOut(Schema):
    id: int
    direction: str
    doc_type: str
    state: str
    title: str
    doc_number: str
    incoming_number: str
    classification: int
    urgency: str
    primary_recipients: str
    source_unit_name: str
    source_doc_number: str
    received_on: date | None
    date_of_writing: date | None


class DocumentDetailOut(DocumentOut):
    body: str
    signers: str
    attachment_note: str
    signature: str
    note: str
    cc_recipients: str
    printing_office: str
    print_date: date | None
    copies: int


class PageOut(Schema):
    items: list[DocumentOut]
    next_before: int | None


class DraftIn(Schema):
    doc_type: str
    title: str
    body: str = ""
    primary_recipients: str = ""
    primary_unit_ids: list[int] = []
    cc_unit_ids: list[int] = []
    cc_recipients: str = ""
    classification: int = 1
    urgency: str = ""
    date_of_writing: date | None = None
    seal: bool = True
    length_class: str = "general"


@router.get("/", response=PageOut)
def list_outgoing(request: HttpRequest, before: int | None = None) -> PageOut:
    page = outbox(request.user, before=before)
    return PageOut(items=[DocumentOut.from_orm(d) for d in page.rows], next_before=page.next_before)


@router.get("/inbox", response=PageOut)
def list_inbox(request: HttpRequest, before: int | None = None, state: str = "") -> PageOut:
    person = person_of(request.user)
    page = inbox(request.user, unit_id=person.unit_id if person else None, before=before, state=state)
    return PageOut(items=[DocumentOut.from_orm(d) for d in page.rows], next_before=page.next_before)


@router.get("/registers/outgoing", response=list[DocumentOut])
def register_outgoing(request: HttpRequest, year: int | None = None) -> list[OfficialDocument]:
    return list(outgoing_register(request.user, year=year or timezone.localdate().year, action=Action.EXPORT))


@router.get("/registers/incoming", response=list[DocumentOut])
def register_incoming(request: HttpRequest, year: int | None = None) -> list[OfficialDocument]:
    return list(incoming_register(request.user, year=year or timezone.localdate().year, action=Action.EXPORT))


@router.get("/{pk}", response=DocumentDetailOut)
def detail(request: HttpRequest, pk: int) -> OfficialDocument:
    return get_for(request.user, OfficialDocument, pk, Action.VIEW)


@router.post("/", response={201: DocumentDetailOut})
def create_draft(request: HttpRequest, payload: DraftIn) -> Status[OfficialDocument]:
    values = payload.dict()
    primary = list(Unit.objects.filter(pk__in=values.pop("primary_unit_ids")))
    cc = list(Unit.objects.filter(pk__in=values.pop("cc_unit_ids")))
    document = document_draft_create(by=request.user, primary_units=primary, cc_units=cc, **values)
    return Status(201, document)
