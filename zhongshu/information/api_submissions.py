"""The submissions part's JSON API, mounted under /api/information: /items (the viewer's unit's items, bounded;
create), /items/to-sign (the unit leader's 待签发), /items/{id} (one, with the actions open to the viewer),
/items/{id}/edit, /submit, /sign-off, /send-back. Every action goes through the pages' contracts
(schemas_submissions) and the services; a refusal is JSON with an English code."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from zhongshu.access.policy import get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.core.errors import Forbidden
from zhongshu.core.inputs import IdParam, Input, LimitParam, OffsetParam
from zhongshu.information import submissions
from zhongshu.information.actions_submissions import ITEM_RULES
from zhongshu.information.models import InfoReport, ItemVersion
from zhongshu.information.roles import may_use_information
from zhongshu.information.schemas_submissions import ItemActIn, ItemIn, parse_version

router = Router(tags=["信息报送"])
MOST = 200


def _allowed(request: HttpRequest) -> None:
    if not may_use_information(request.user):
        raise Forbidden("无权使用信息报送", code="not_allowed")


def _item_out(request: HttpRequest, item: InfoReport, *, full: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": item.pk,
        "unit": item.unit_id,
        "author": item.author_id,
        "title": item.title,
        "info_type": item.info_type,
        "classification": item.classification,
        "state": item.state,
        "submitted_at": timezone.localtime(item.submitted_at).isoformat() if item.submitted_at else None,
        "commission_target": item.commission_target_id,
        "version": item.version,
        "actions": ITEM_RULES.available(request.user, item),
    }
    if full:
        out["body"] = item.body
        out["returned_reason"] = item.returned_reason
        out["signed_off_by"] = item.signed_off_by_id
        out["versions"] = [
            {
                "number": v.number,
                "title": v.title,
                "note": v.note,
                "edited_by": v.edited_by_id,
                "edited_at": timezone.localtime(v.edited_at).isoformat(),
            }
            for v in ItemVersion.objects.filter(item=item).order_by("number")
        ]
    return out


def _item(request: HttpRequest, pk: int) -> InfoReport:
    _allowed(request)
    return get_for(request.user, InfoReport.objects.select_related("unit", "author"), pk)


@router.get("/items", summary="本单位的信息（state, info_type, q；分页）")
def list_items(
    request: HttpRequest,
    state: str = "",
    info_type: str = "",
    q: str = "",
    offset: OffsetParam = 0,
    limit: LimitParam = 50,
) -> dict[str, Any]:
    _allowed(request)
    rows = submissions.unit_items(request.user, state=state[:20], info_type=info_type[:20], q=q.strip()[:50])
    limit = min(limit, MOST)
    return {"items": [_item_out(request, item) for item in rows[offset : offset + limit]]}


@router.get("/items/to-sign", summary="待我签发的信息（单位领导）")
def list_to_sign(request: HttpRequest) -> dict[str, Any]:
    _allowed(request)
    return {
        "items": [_item_out(request, item) for item in submissions.awaiting_sign_off(request.user)[:MOST]]
    }


@router.post("/items", summary="拟写信息（title, body, info_type, classification, commission_target）")
def create_item(request: HttpRequest) -> dict[str, Any]:
    _allowed(request)
    item = ItemIn.parse(Input.of(request)).create(by=actor_of(request))
    return _item_out(request, item, full=True)


@router.get("/items/{item_id}", summary="信息（正文、版本与可办理的操作）")
def get_item(request: HttpRequest, item_id: IdParam) -> dict[str, Any]:
    return _item_out(request, _item(request, item_id), full=True)


@router.post("/items/{item_id}/edit", summary="修改信息（草稿或已退回；version）")
def edit_item(request: HttpRequest, item_id: IdParam) -> dict[str, Any]:
    item = _item(request, item_id)
    data = Input.of(request)
    item = ItemIn.parse(data).update(item=item, by=actor_of(request), version=parse_version(data))
    return _item_out(request, item, full=True)


def _act(request: HttpRequest, item_id: int, action: str) -> dict[str, Any]:
    item = _item(request, item_id)
    item = ItemActIn.parse(Input.of(request), action).apply(item=item, by=actor_of(request))
    return _item_out(request, InfoReport.objects.select_related("unit", "author").get(pk=item.pk), full=True)


@router.post("/items/{item_id}/submit", summary="报送（需签发的类别先送单位领导）")
def submit_item(request: HttpRequest, item_id: IdParam) -> dict[str, Any]:
    return _act(request, item_id, "submit")


@router.post("/items/{item_id}/sign-off", summary="单位领导签发")
def sign_off_item(request: HttpRequest, item_id: IdParam) -> dict[str, Any]:
    return _act(request, item_id, "sign_off")


@router.post("/items/{item_id}/send-back", summary="单位领导退回修改（reason）")
def send_back_item(request: HttpRequest, item_id: IdParam) -> dict[str, Any]:
    return _act(request, item_id, "send_back")
