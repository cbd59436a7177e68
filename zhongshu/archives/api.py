"""The 档案 JSON API: the catalogue and one item, filing a record, the catalogue export, and every action the
pages offer (整理, 入库, 鉴定, 销毁审批, 利用申请, 审批, 归还), each with the page's contract (archives.schemas) and
service. Handlers are thin: services decide, the access policy reads, errors come back as {"code", "message"}
(and "field")."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status

from zhongshu.access.policy import get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.archives import excel, schemas, selectors, services
from zhongshu.archives.actions import ITEM_RULES, USE_RULES
from zhongshu.archives.models import ArchiveItem, ArchiveUse
from zhongshu.archives.roles import may_use_archives
from zhongshu.audit.disclosure import audit_shown
from zhongshu.core.errors import Forbidden
from zhongshu.core.inputs import Input, request_body

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
    fixed_copy_pending: bool  # the PDF 定稿正本 is still to be made (LibreOffice missing at filing)
    fixed_copy_error: str  # why the 定稿正本 could not be made (final); "" when it was or still may be
    handed_over_at: datetime
    arranged_at: datetime | None
    shelved_at: datetime | None
    due_for_appraisal: bool
    actions: list[str]  # what the caller may do with the item now, as its page offers it


class CatalogueOut(Schema):
    items: list[ItemOut]
    next_cursor: int | None


class UseOut(Schema):
    id: int
    reference_code: str
    kind: str
    state: str
    due_back: date | None
    access_until: datetime | None
    decision_note: str


class UseDetailOut(UseOut):
    actions: list[str]  # what the caller may do with the request now, as the uses page offers it


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


def _use_detail(request: HttpRequest, use: ArchiveUse) -> dict[str, Any]:
    use = ArchiveUse.objects.select_related("requester", "item").get(pk=use.pk)
    return {**_use_out(use), "actions": USE_RULES.available(request.user, use)}


@router.get("/items", response=CatalogueOut)
def items(request: HttpRequest, after: int | None = None):  # type: ignore[no-untyped-def]
    _allowed(request)
    flt = selectors.CatalogueFilter.from_params(request.GET)
    page = selectors.catalogue_page(request.user, flt, after=after)
    audit_shown(request.user, page.items, route="api.archives.items")
    return {"items": [_item_out(item) for item in page.items], "next_cursor": page.next_cursor}


def _item_detail(request: HttpRequest, item: ArchiveItem) -> dict[str, Any]:
    return {
        **_item_out(item),
        # The 定稿正本 first, as on the item's page.
        "files": [f.name for f in selectors.item_files(item)],
        "fixed_copy_pending": item.fixed_copy_pending,
        "fixed_copy_error": item.fixed_copy_error,
        "handed_over_at": item.handed_over_at,
        "arranged_at": item.arranged_at,
        "shelved_at": item.shelved_at,
        "due_for_appraisal": services.is_due_for_appraisal(item),
        "actions": ITEM_RULES.available(request.user, item),
    }


@router.get("/items/{pk}", response=ItemDetailOut)
def item_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    _allowed(request)
    return _item_detail(request, get_for(request.user, ArchiveItem, pk))


@router.post("/items", response={201: ItemOut}, summary="归档", openapi_extra=request_body(schemas.FileIn))
def file_a_record(request: HttpRequest) -> Status:
    """归档: file one closed record (a document or a supervision item) the caller may see."""
    _allowed(request)
    item = schemas.FileIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
    return Status(201, _item_out(item))


def _item_route(action: str, step: schemas.ItemStep) -> None:
    """POST /items/{pk}/<action>: the item page's action of the same name, same contract and service."""

    def act(request: HttpRequest, pk: int) -> dict[str, Any]:
        _allowed(request)
        item = get_for(request.user, ArchiveItem, pk)
        schemas.item_action(action, item=item, by=actor_of(request), data=Input.of(request))
        return _item_detail(request, get_for(request.user, ArchiveItem, pk))

    act.__name__ = f"archive_item_{action}"
    router.post(
        f"/items/{{pk}}/{step.path}",
        response=ItemDetailOut,
        summary=(step.contract.__doc__ or action).strip().splitlines()[0],
        operation_id=f"archives_item_{action}",
        openapi_extra=request_body(step.contract),
    )(act)


for _action, _step in schemas.ITEM_ACTIONS.items():
    _item_route(_action, _step)


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
def my_uses(request: HttpRequest) -> list[dict[str, Any]]:
    _allowed(request)
    return [_use_out(use) for use in selectors.my_uses(request.user)[:200]]


@router.post(
    "/uses", response={201: UseDetailOut}, summary="申请利用", openapi_extra=request_body(schemas.UseIn)
)
def request_use(request: HttpRequest) -> Status:
    _allowed(request)
    use = schemas.UseIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
    return Status(201, _use_detail(request, use))


def _use_route(action: str, step: schemas.UseStep) -> None:
    """POST /uses/{pk}/<action>: the uses page's action of the same name, same contract and service."""

    def act(request: HttpRequest, pk: int) -> dict[str, Any]:
        _allowed(request)
        use = get_for(request.user, ArchiveUse, pk)
        use = schemas.use_action(action, use=use, by=actor_of(request), data=Input.of(request))
        return _use_detail(request, use)

    act.__name__ = f"archive_use_{action}"
    router.post(
        f"/uses/{{pk}}/{step.path}",
        response=UseDetailOut,
        summary=(step.contract.__doc__ or action).strip().splitlines()[0],
        operation_id=f"archives_use_{action}",
        openapi_extra=request_body(step.contract),
    )(act)


for _action, _use_step in schemas.USE_ACTIONS.items():
    _use_route(_action, _use_step)
