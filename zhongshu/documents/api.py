"""The documents API: lists and details through the access policy, the two registers, and every action the
pages offer (拟稿, 送审 … 办结), each with the page's contract (documents.schemas) and service."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router, Schema, Status

from zhongshu.access.links import made_from, source_of
from zhongshu.access.policy import Action, get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.audit.disclosure import audit_shown
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input, request_body
from zhongshu.documents import schemas
from zhongshu.documents.actions import RULES
from zhongshu.documents.models import OfficialDocument
from zhongshu.documents.quotas import DOCUMENTS_QUOTA
from zhongshu.documents.rendering_adapter import (
    DOCX_TYPE,
    RenderingUnavailable,
    document_docx,
    document_pdf,
    rendered_download,
)
from zhongshu.documents.selectors import inbox, incoming_register, outbox, outgoing_register
from zhongshu.documents.services import person_of
from zhongshu.quotas import api as quotas_api
from zhongshu.quotas.schemas import QuotaIn

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


class LinkOut(Schema):
    """A linked record (access.links): a source the viewer may not see names nothing but that it exists."""

    kind: str | None
    id: int | None
    noun: str
    title: str
    url: str | None
    visible: bool
    text: str


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
    minutes_present: str  # 纪要: 出席, 请假, 列席 (empty for other 文种)
    minutes_absent: str
    minutes_attending: str
    publicity: str  # 公开属性: proactive (主动公开), on_request, not_public
    published_at: datetime | None
    source_record: LinkOut | None = None  # the record the document was made from (access.links), if any
    made_from: list[LinkOut] = []  # what was made from it (an item from its 批示), as the viewer may see
    actions: list[str] = []  # what the viewer may do to it now (documents.actions), as the page offers

    @staticmethod
    def resolve_actions(document: OfficialDocument, context: dict[str, Any] | None) -> list[str]:
        request = (context or {}).get("request")
        if request is None:
            return []
        # A fresh read: an action's response carries the document as the action left it.
        return RULES.available(request.user, OfficialDocument.objects.get(pk=document.pk))

    @staticmethod
    def resolve_source_record(document: OfficialDocument, context: dict[str, Any] | None) -> Any:
        request = (context or {}).get("request")
        link = source_of(document, request.user) if request is not None else None
        return link.as_dict() if link else None

    @staticmethod
    def resolve_made_from(document: OfficialDocument, context: dict[str, Any] | None) -> list[Any]:
        request = (context or {}).get("request")
        return [link.as_dict() for link in made_from(document, request.user)] if request is not None else []


class PageOut(Schema):
    items: list[DocumentOut]
    next_before: int | None


@router.get("/", response=PageOut)
def list_outgoing(request: HttpRequest, before: int | None = None) -> PageOut:
    page = outbox(request.user, before=before)
    audit_shown(request.user, page.rows, route="api.documents.outgoing")
    return PageOut(items=[DocumentOut.from_orm(d) for d in page.rows], next_before=page.next_before)


@router.get("/inbox", response=PageOut)
def list_inbox(request: HttpRequest, before: int | None = None, state: str = "") -> PageOut:
    person = person_of(request.user)
    page = inbox(request.user, unit_id=person.unit_id if person else None, before=before, state=state)
    audit_shown(request.user, page.rows, route="api.documents.inbox")
    return PageOut(items=[DocumentOut.from_orm(d) for d in page.rows], next_before=page.next_before)


@router.get("/registers/outgoing", response=list[DocumentOut])
def register_outgoing(request: HttpRequest, year: int | None = None) -> list[OfficialDocument]:
    rows = outgoing_register(request.user, year=year or timezone.localdate().year, action=Action.EXPORT)
    return audit_shown(request.user, rows, route="api.documents.register_outgoing")


@router.get("/registers/incoming", response=list[DocumentOut])
def register_incoming(request: HttpRequest, year: int | None = None) -> list[OfficialDocument]:
    rows = incoming_register(request.user, year=year or timezone.localdate().year, action=Action.EXPORT)
    return audit_shown(request.user, rows, route="api.documents.register_incoming")


# Fixed paths before /{pk}, which would take them for a key.
@router.post(
    "/incoming",
    response={201: DocumentDetailOut},
    summary="登记纸质来文",
    openapi_extra=request_body(schemas.PaperIncomingIn),
)
def register_paper_incoming(request: HttpRequest) -> Status[OfficialDocument]:
    document = schemas.PaperIncomingIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
    return Status(201, document)


class QuotaOut(Schema):
    unit: int
    year: int
    limit: int | None


@router.post("/quotas", response=QuotaOut, summary="设定发文额度", openapi_extra=request_body(QuotaIn))
def set_quota(request: HttpRequest) -> dict[str, Any]:
    """The 发文 kind of `POST /api/quotas`: the same contract and service."""
    return quotas_api.set_quota(request, kind=DOCUMENTS_QUOTA)


@router.get("/{pk}", response=DocumentDetailOut)
def detail(request: HttpRequest, pk: int) -> OfficialDocument:
    return get_for(request.user, OfficialDocument, pk, Action.VIEW)


def _file(request: HttpRequest, pk: int, make: Any, content_type: str) -> HttpResponse:
    document = get_for(request.user, OfficialDocument, pk, Action.DOWNLOAD)
    try:
        data, filename = make(document=document, by=actor_of(request))
    except RenderingUnavailable as error:
        raise ServiceError(error.message, code="rendering_unavailable") from error
    return rendered_download(data, filename, content_type)


@router.get("/{pk}/docx", summary="下载公文（DOCX）", response={200: None})
def download_docx(request: HttpRequest, pk: int) -> HttpResponse:
    return _file(request, pk, document_docx, DOCX_TYPE)


@router.get(
    "/{pk}/pdf",
    summary="下载公文（PDF）；未安装 LibreOffice 时返回 503 libreoffice_missing",
    response={200: None},
)
def download_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _file(request, pk, document_pdf, "application/pdf")


@router.post(
    "/",
    response={201: DocumentDetailOut},
    summary="拟稿",
    openapi_extra=request_body(schemas.DraftIn),
)
def create_draft(request: HttpRequest) -> Status[OfficialDocument]:
    document = schemas.DraftIn.parse(Input.of(request), request.user).create(by=actor_of(request))
    return Status(201, document)


@router.post(
    "/{pk}/edit",
    response=DocumentDetailOut,
    summary="修改文稿（未给出的字段不变）",
    openapi_extra=request_body(schemas.DraftIn),
)
def edit_draft(request: HttpRequest, pk: int) -> OfficialDocument:
    document = get_for(request.user, OfficialDocument, pk, Action.CHANGE)
    schemas.DraftIn.parse(Input.of(request), request.user, document).update(
        document=document, by=actor_of(request)
    )
    document.refresh_from_db()
    return document


def _action_route(action: str, step: schemas.Step) -> None:
    """POST /{pk}/<action>: the page's action of the same name, with the same contract and service."""

    def act(request: HttpRequest, pk: int) -> OfficialDocument:
        document = get_for(request.user, OfficialDocument, pk, Action.VIEW)
        schemas.document_action(action, document=document, by=actor_of(request), data=Input.of(request))
        document.refresh_from_db()
        return document

    act.__name__ = f"document_{action}"
    router.post(
        f"/{{pk}}/{step.path}",
        response=DocumentDetailOut,
        summary=(step.contract.__doc__ or action).strip().splitlines()[0],
        operation_id=f"documents_{action}",
        openapi_extra=request_body(step.contract),
    )(act)


for _action, _step in schemas.DOCUMENT_ACTIONS.items():
    _action_route(_action, _step)
