"""信息报送 · screening: the editors' queue (信息编辑 tab), an item's screening page (the item's text, its
疑似重复 side by side and the 编辑处理 actions) and the actions' POSTs. The same two sections go on the item's
page (information/sections.py ITEM_PAGE, orders 20 and 25). Views stay thin: screening.py decides."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from zhongshu.access.policy import get_for, visible
from zhongshu.accounts.actors import actor_of
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input
from zhongshu.information import screening
from zhongshu.information.actions_screening import FLAG_RULES, ITEM_RULES
from zhongshu.information.models import DuplicateFlag, InfoReport, InfoType, ItemState
from zhongshu.information.roles import is_editor
from zhongshu.information.schemas_screening import DONE, QueueFilter, ScreenIn
from zhongshu.information.views import allowed

QUEUE_MOST = 200


def _editor_only(request: HttpRequest) -> None:
    allowed(request)
    if not is_editor(request.user):
        raise PermissionDenied("只有县委办信息科的编辑才能处理报送的信息")


@login_required
def queue_page(request: HttpRequest) -> HttpResponse:
    """信息编辑: submitted items waiting for screening, 紧急信息 first, the flagged ones marked."""
    _editor_only(request)
    error = None
    try:
        chosen = QueueFilter.parse(Input(request.GET), request.user)
    except ServiceError as refused:
        error = refused.message
        chosen = QueueFilter(None, "", None, None)
    rows = list(chosen.rows(request.user)[:QUEUE_MOST])
    return render(
        request,
        "information/screening_queue.html",
        {
            "current_tab": "screening",
            "rows": rows,
            "chosen": chosen,
            "types": InfoType.choices,
            "error": error,
            "most": QUEUE_MOST,
        },
        status=400 if error else 200,
    )


def _item(request: HttpRequest, pk: int) -> InfoReport:
    allowed(request)
    return get_for(request.user, InfoReport.objects.select_related("unit", "author", "merged_into"), pk)


# --- the two sections (on the item's page and on the screening page) ----------------------------------------


def _pairs(request: HttpRequest, item: InfoReport) -> list[dict[str, Any]]:
    out = []
    for flag in screening.open_flags(item):
        other = flag.similar if flag.item_id == item.pk else flag.item
        if not visible(InfoReport.objects.filter(pk=other.pk), request.user).exists():
            continue
        left, right, score = screening.side_by_side(item, other)
        out.append(
            {
                "flag": flag,
                "other": other,
                "left": left,
                "right": right,
                "score": round(flag.score * 100),
                "actions": FLAG_RULES.available(request.user, flag),
            }
        )
    return out


def duplicates_context(request: HttpRequest, item: InfoReport) -> dict[str, Any] | None:
    if not is_editor(request.user):
        return None
    return {"pairs": _pairs(request, item)}


def actions_context(request: HttpRequest, item: InfoReport) -> dict[str, Any] | None:
    if not is_editor(request.user):
        return None
    actions = ITEM_RULES.available(request.user, item)
    mergeable: list[InfoReport] = []
    prefill = item.body
    if "merge" in actions:
        ids = {f.similar_id if f.item_id == item.pk else f.item_id for f in screening.open_flags(item)}
        mergeable = list(
            visible(
                InfoReport.objects.filter(pk__in=ids, state=ItemState.SUBMITTED), request.user
            ).select_related("unit")
        )
        prefill = "\n\n".join([item.body, *(other.body for other in mergeable)])
    return {
        "actions": actions,
        "mergeable": mergeable,
        "merge_body": prefill,
        "joint_units": screening.joint_units(item),
    }


def _page_context(request: HttpRequest, item: InfoReport, **extra: Any) -> dict[str, Any]:
    return {
        "current_tab": "screening" if is_editor(request.user) else "",
        "item": item,
        "duplicates": duplicates_context(request, item),
        "screen": actions_context(request, item),
        "joint_units": screening.joint_units(item),
        **extra,
    }


@login_required
def item_page(request: HttpRequest, pk: int) -> HttpResponse:
    """An item's screening page: its text and state for anyone who may see it (a writer follows a returned
    item here); the near-duplicates and the actions for the editors."""
    item = _item(request, pk)
    return render(request, "information/screening_item.html", _page_context(request, item))


@login_required
@require_POST
def item_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    item = _item(request, pk)
    try:
        ScreenIn.parse(Input.of(request), request.user, action, item).apply(item=item, by=actor_of(request))
    except ServiceError as refused:
        item.refresh_from_db()
        context = _page_context(
            request,
            item,
            error=refused.message,
            error_code=refused.code,
            error_field=refused.field,
            error_action=action,
            posted=request.POST,
        )
        return render(request, "information/screening_item.html", context, status=refused.status)
    messages.success(request, DONE.get(action, "已办理"))
    if action in ("return", "adopt") and is_editor(request.user):
        return redirect("information:screening_queue")
    return redirect("information:screening_item", item.pk)


@login_required
@require_POST
def flag_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    allowed(request)
    flag = DuplicateFlag.objects.filter(pk=pk).first()
    if flag is None:
        raise Http404("疑似重复记录不存在")
    item = get_for(request.user, InfoReport.objects.select_related("unit", "author"), flag.item_id)
    try:
        screening.flag_dismiss(flag=flag, by=actor_of(request))
    except ServiceError as refused:
        context = _page_context(request, item, error=refused.message, error_code=refused.code)
        return render(request, "information/screening_item.html", context, status=refused.status)
    messages.success(request, DONE["dismiss"])
    return redirect("information:screening_item", item.pk)


urlpatterns: list[URLPattern] = [
    path("screening/", queue_page, name="screening_queue"),
    path("screening/items/<int:pk>/", item_page, name="screening_item"),
    path("screening/items/<int:pk>/<str:action>/", item_act, name="screening_act"),
    path("screening/flags/<int:pk>/dismiss/", flag_dismiss, name="screening_dismiss"),
]


def register() -> None:
    """The 信息编辑 tab (editors only), the item page's two sections and the to-dos."""
    from zhongshu.core.todos import register_todo_source
    from zhongshu.information.sections import ITEM_PAGE
    from zhongshu.information.tabs import BAR

    BAR.register("screening", "信息编辑", "information:screening_queue", 20, is_editor)
    ITEM_PAGE.register(
        "duplicates", "疑似重复", 20, "information/screening_section_duplicates.html", duplicates_context
    )
    ITEM_PAGE.register(
        "screening", "编辑处理", 25, "information/screening_section_actions.html", actions_context
    )
    register_todo_source("information.screening", screening.editor_todos)
    register_todo_source("information.returned", screening.writer_todos)
