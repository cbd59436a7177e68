"""The 档案 JSON API: the catalogue and one item, filing a record, the catalogue export and use requests.
Handlers are thin: services decide, the access policy reads, errors come back as {"code", "message"}."""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status

from zhongshu.access.policy import RecordNotFound, get_for
from zhongshu.archives import excel, selectors, services
from zhongshu.archives.actions import ITEM_RULES
from zhongshu.archives.filing import file_record, filing_source_of_kind
from zhongshu.archives.models import ArchiveItem, ArchiveUse
from zhongshu.archives.roles import may_use_archives
from zhongshu.core.errors import Forbidden

router = Router()


class ItemOut(Schema):
    id: int
    reference_code: str
    fonds: str
    year: int
    retention: str
    retention_label: str
    org_code: str
    item_number: int
    doc_number: str
    responsible: str
    title: str
    date: date | None
    pages: int
    classification: str
    remarks: str
    state: str
    state_label: str


class ItemDetailOut(ItemOut):
    files: list[str]
    handed_over_at: datetime
    arranged_at: datetime | None
    shelved_at: datetime | None
    due_for_appraisal: bool
    actions: list[str]  # what the caller may do with the item now, as its page offers it


class CatalogueOut(Schema):
    items: list[ItemOut]
    next_cursor: int | None


class FileIn(Schema):
    kind: str  # "document", "supervision_item"
    id: int
    retention: str | None = None


class UseIn(Schema):
    reference_code: str
    kind: str
    purpose: str
    due_back: date | None = None


class UseOut(Schema):
    id: int
    reference_code: str
    kind: str
    state: str
    due_back: date | None
    access_until: datetime | None
    decision_note: str


class DecideIn(Schema):
    approve: bool
    note: str = ""


def _allowed(request: HttpRequest) -> None:
    if not may_use_archives(request.user):
        raise Forbidden("无权使用档案", code="not_allowed")


def _item_out(item: ArchiveItem) -> dict:
    return {
        "id": item.pk,
        "reference_code": item.reference_code,
        "fonds": item.fonds,
        "year": item.year,
        "retention": item.retention,
        "retention_label": item.get_retention_display(),
        "org_code": item.org_code,
        "item_number": item.item_number,
        "doc_number": item.doc_number,
        "responsible": item.responsible,
        "title": item.display_title,
        "date": item.date,
        "pages": item.pages,
        "classification": item.get_classification_display(),
        "remarks": item.remarks,
        "state": item.state,
        "state_label": item.get_state_display(),
    }


def _use_out(use: ArchiveUse) -> dict:
    return {
        "id": use.pk,
        "reference_code": use.requested_code,
        "kind": use.kind,
        "state": use.state,
        "due_back": use.due_back,
        "access_until": use.access_until,
        "decision_note": use.decision_note,
    }


@router.get("/items", response=CatalogueOut)
def items(request: HttpRequest, after: int | None = None):  # type: ignore[no-untyped-def]
    _allowed(request)
    flt = selectors.CatalogueFilter.from_params(request.GET)
    page = selectors.catalogue_page(request.user, flt, after=after)
    return {"items": [_item_out(item) for item in page.items], "next_cursor": page.next_cursor}


@router.get("/items/{pk}", response=ItemDetailOut)
def item_detail(request: HttpRequest, pk: int):  # type: ignore[no-untyped-def]
    _allowed(request)
    item = get_for(request.user, ArchiveItem, pk)
    return {
        **_item_out(item),
        "files": [f.name for f in item.files.all()],
        "handed_over_at": item.handed_over_at,
        "arranged_at": item.arranged_at,
        "shelved_at": item.shelved_at,
        "due_for_appraisal": services.is_due_for_appraisal(item),
        "actions": ITEM_RULES.available(request.user, item),
    }


@router.post("/items", response={201: ItemOut})
def file_a_record(request: HttpRequest, payload: FileIn):  # type: ignore[no-untyped-def]
    """归档: file one closed record (a document or a supervision item) the caller may see."""
    _allowed(request)
    source = filing_source_of_kind(payload.kind)
    if source is None:
        raise RecordNotFound()
    record = get_for(request.user, source.model, payload.id)
    item = file_record(request.user, record, retention=payload.retention)
    return Status(201, _item_out(item))


@router.get("/catalogue.xlsx")
def catalogue_export(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    data = excel.export_catalogue(request.user, selectors.CatalogueFilter.from_params(request.GET))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote('归档文件目录.xlsx')}"
    return response


@router.get("/uses", response=list[UseOut])
def my_uses(request: HttpRequest):  # type: ignore[no-untyped-def]
    _allowed(request)
    return [_use_out(use) for use in selectors.my_uses(request.user)[:200]]


@router.post("/uses", response={201: UseOut})
def request_use(request: HttpRequest, payload: UseIn):  # type: ignore[no-untyped-def]
    _allowed(request)
    use = services.archive_use_request(
        by=request.user,
        reference_code=payload.reference_code,
        kind=payload.kind,
        purpose=payload.purpose,
        due_back=payload.due_back,
    )
    return Status(201, _use_out(use))


@router.post("/uses/{pk}/decision", response=UseOut)
def decide_use(request: HttpRequest, pk: int, payload: DecideIn):  # type: ignore[no-untyped-def]
    _allowed(request)
    use = get_for(request.user, ArchiveUse, pk)
    return _use_out(
        services.archive_use_decide(use=use, by=request.user, approve=payload.approve, note=payload.note)
    )
