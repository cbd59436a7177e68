"""信息报送 · screening: the editors' API under /api/information/screening — the queue (filters unit, type,
since, until), an item with its near-duplicates and the actions open to the caller, the actions (return,
merge, edit, adopt, mark_false) and dismissing a flag. Every action goes through the pages' contracts
(schemas_screening) and the services; a refusal is JSON with an English code."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from zhongshu.access.policy import get_for, visible
from zhongshu.accounts.actors import actor_of
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.core.inputs import IdParam, Input, window
from zhongshu.information import screening
from zhongshu.information.actions_screening import FLAG_RULES, ITEM_RULES
from zhongshu.information.models import DuplicateFlag, InfoReport
from zhongshu.information.roles import is_editor, may_use_information
from zhongshu.information.schemas_screening import QueueFilter, ScreenIn

router = Router(tags=["信息编辑"])
QUEUE_MOST = 200


def _editor(request: HttpRequest) -> None:
    if not may_use_information(request.user) or not is_editor(request.user):
        raise Forbidden("只有县委办信息科的编辑才能处理报送的信息", code="not_editor")


def _time(value: Any) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def _row(item: InfoReport) -> dict[str, Any]:
    return {
        "id": item.pk,
        "title": item.title,
        "unit": item.unit_id,
        "unit_name": item.unit.name,
        "type": item.info_type,
        "state": item.state,
        "submitted_at": _time(item.submitted_at),
        "flagged": bool(getattr(item, "flagged", False)),
        "version": item.version,
    }


def _item_out(request: HttpRequest, item: InfoReport) -> dict[str, Any]:
    flags = []
    for flag in screening.open_flags(item):
        other = flag.similar if flag.item_id == item.pk else flag.item
        if not visible(InfoReport.objects.filter(pk=other.pk), request.user).exists():
            continue
        flags.append(
            {
                "id": flag.pk,
                "similar": other.pk,
                "similar_title": other.title,
                "similar_unit": other.unit.name,
                "score": flag.score,
                "actions": FLAG_RULES.available(request.user, flag),
            }
        )
    return {
        "id": item.pk,
        "title": item.title,
        "body": item.body,
        "unit": item.unit_id,
        "type": item.info_type,
        "state": item.state,
        "version": item.version,
        "returned_reason": item.returned_reason,
        "merged_into": item.merged_into_id,
        "joint_units": screening.joint_units(item),
        "adopted_at": _time(item.adopted_at),
        "false_reason": item.false_reason,
        "versions": list(item.versions.order_by("number").values("number", "title", "note")),
        "duplicates": flags,
        "actions": ITEM_RULES.available(request.user, item),
    }


def _item(request: HttpRequest, pk: int) -> InfoReport:
    _editor(request)
    return get_for(request.user, InfoReport.objects.select_related("unit"), pk)


@router.get("/screening/queue", summary="待编辑处理的信息（unit, type, since, until, offset, limit）")
def get_queue(request: HttpRequest, offset: int = 0, limit: int = 50) -> dict[str, Any]:
    _editor(request)
    part = window(offset=offset, limit=limit, most=QUEUE_MOST)
    chosen = QueueFilter.parse(Input(request.GET), request.user)
    return {"items": [_row(item) for item in chosen.rows(request.user)[part]]}


@router.get("/screening/items/{item_id}", summary="信息与疑似重复、可办理的操作")
def get_item(request: HttpRequest, item_id: IdParam) -> dict[str, Any]:
    return _item_out(request, _item(request, item_id))


def _act(request: HttpRequest, item_id: int, action: str) -> dict[str, Any]:
    item = _item(request, item_id)
    ScreenIn.parse(Input.of(request), request.user, action, item).apply(item=item, by=actor_of(request))
    return _item_out(request, InfoReport.objects.select_related("unit").get(pk=item.pk))


@router.post("/screening/items/{item_id}/return", summary="退回（reason, version）")
def return_item(request: HttpRequest, item_id: IdParam) -> dict[str, Any]:
    return _act(request, item_id, "return")


@router.post("/screening/items/{item_id}/merge", summary="合并（sources, title, body, version）")
def merge_item(request: HttpRequest, item_id: IdParam) -> dict[str, Any]:
    return _act(request, item_id, "merge")


@router.post("/screening/items/{item_id}/edit", summary="编辑（title, body, version）")
def edit_item(request: HttpRequest, item_id: IdParam) -> dict[str, Any]:
    return _act(request, item_id, "edit")


@router.post("/screening/items/{item_id}/adopt", summary="采用（version）")
def adopt_item(request: HttpRequest, item_id: IdParam) -> dict[str, Any]:
    return _act(request, item_id, "adopt")


@router.post("/screening/items/{item_id}/mark_false", summary="认定虚假信息（reason, version）")
def mark_false_item(request: HttpRequest, item_id: IdParam) -> dict[str, Any]:
    return _act(request, item_id, "mark_false")


@router.post("/screening/flags/{flag_id}/dismiss", summary="排除疑似重复")
def dismiss_flag(request: HttpRequest, flag_id: IdParam) -> dict[str, Any]:
    _editor(request)
    flag = DuplicateFlag.objects.filter(pk=flag_id).first()
    if flag is None:
        raise ServiceError("疑似重复记录不存在", code="unknown_flag")
    item = get_for(request.user, InfoReport.objects.select_related("unit"), flag.item_id)
    screening.flag_dismiss(flag=flag, by=actor_of(request))
    return _item_out(request, item)
