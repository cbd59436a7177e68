"""Pages of the submissions part (信息报送, the unit's side): the unit's items with filters, 新建信息, the item's
page at /information/items/<id>/ made of the parts' sections, editing, the actions (报送, 签发, 退回) and the
unit leader's 待签发 list. Views stay thin: submissions.py decides."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from zhongshu.access.policy import get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input
from zhongshu.information import submissions
from zhongshu.information.actions_submissions import ITEM_RULES, ItemAction, unit_of, unit_person
from zhongshu.information.models import InfoReport, InfoType, ItemVersion
from zhongshu.information.roles import is_leader, is_writer, may_use_information
from zhongshu.information.schemas_submissions import ItemActIn, ItemIn, done_message, parse_version
from zhongshu.information.sections import ITEM_PAGE
from zhongshu.information.views import allowed

TAB = "submissions"


def _base(**extra: Any) -> dict[str, Any]:
    return {
        "current_tab": TAB,
        "types": submissions.TYPE_LABELS,
        "states": submissions.STATE_LABELS,
        "classifications": submissions.CLASSIFICATION_LABELS,
        **extra,
    }


@login_required
def item_list(request: HttpRequest) -> HttpResponse:
    """本单位信息: the unit's items (状态, 类别, 报送时间), filtered by state, type and words."""
    allowed(request)
    state = request.GET.get("state", "")[:20]
    info_type = request.GET.get("type", "")[:20]
    q = request.GET.get("q", "").strip()[:50]
    rows = list(submissions.unit_items(request.user, state=state, info_type=info_type, q=q)[:200])
    return render(
        request,
        "information/submissions_list.html",
        _base(
            rows=rows,
            state=state,
            info_type=info_type,
            q=q,
            may_write=is_writer(request.user),
            to_sign=submissions.awaiting_sign_off(request.user).count() if is_leader(request.user) else 0,
        ),
    )


def _form_context(request: HttpRequest, item: InfoReport | None = None, **extra: Any) -> dict[str, Any]:
    unit_id = unit_of(request.user) or 0
    keep = item.commission_target_id if item is not None else None
    return _base(
        item=item,
        targets=submissions.open_targets(unit_id, keep),
        **{"classifications": submissions.classifications_for(unit_person(request.user)), **extra},
    )


@login_required
def item_new(request: HttpRequest) -> HttpResponse:
    """新建信息: save as a draft, or save and submit at once."""
    allowed(request)
    if not is_writer(request.user):
        raise PermissionDenied("只有信息员或联络员才能拟写信息")
    if request.method == "POST":
        by = actor_of(request)
        try:
            item = ItemIn.parse(Input.of(request)).create(by=by)
        except ServiceError as refused:
            context = _form_context(
                request,
                error=refused.message,
                error_code=refused.code,
                error_field=refused.field,
                posted=request.POST,
            )
            return render(request, "information/submissions_form.html", context, status=refused.status)
        if request.POST.get("then") == "submit":
            try:
                item = submissions.item_submit(item=item, by=by)
            except ServiceError as refused:
                messages.error(request, f"信息已保存为草稿，但未能报送：{refused.message}")
                return redirect("information:item", item.pk)
            messages.success(request, done_message(item, "submit"))
        else:
            messages.success(request, "信息已保存为草稿")
        return redirect("information:item", item.pk)
    return render(request, "information/submissions_form.html", _form_context(request))


def _item(request: HttpRequest, pk: int) -> InfoReport:
    allowed(request)
    return get_for(
        request.user,
        InfoReport.objects.select_related("unit", "author", "signed_off_by", "commission_target__commission"),
        pk,
    )


@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    refusal = ITEM_RULES.check(ItemAction.EDIT, request.user, item)
    if refusal is not None:
        if refusal.forbidden:
            raise PermissionDenied(refusal.message)
        messages.error(request, refusal.message)
        return redirect("information:item", item.pk)
    if request.method == "POST":
        data = Input.of(request)
        try:
            ItemIn.parse(data).update(item=item, by=actor_of(request), version=parse_version(data))
        except ServiceError as refused:
            context = _form_context(
                request,
                item,
                error=refused.message,
                error_code=refused.code,
                error_field=refused.field,
                posted=request.POST,
            )
            return render(request, "information/submissions_form.html", context, status=refused.status)
        messages.success(request, "修改已保存")
        return redirect("information:item", item.pk)
    return render(request, "information/submissions_form.html", _form_context(request, item))


def _page_context(request: HttpRequest, item: InfoReport, **extra: Any) -> dict[str, Any]:
    actions = ITEM_RULES.available(request.user, item)
    return _base(
        item=item,
        actions=actions,
        sections=ITEM_PAGE.render(request, item, extra={"actions": actions}),
        **extra,
    )


@login_required
def item_page(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    return render(request, "information/submissions_item.html", _page_context(request, item))


@login_required
@require_POST
def item_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    item = _item(request, pk)
    if action not in (ItemAction.SUBMIT, ItemAction.SIGN_OFF, ItemAction.SEND_BACK):
        raise PermissionDenied("未知的操作")
    try:
        item = ItemActIn.parse(Input.of(request), action).apply(item=item, by=actor_of(request))
    except ServiceError as refused:
        item.refresh_from_db()
        context = _page_context(
            request, item, error=refused.message, error_code=refused.code, error_field=refused.field
        )
        return render(request, "information/submissions_item.html", context, status=refused.status)
    messages.success(request, done_message(item, action))
    return redirect("information:item", item.pk)


@login_required
def sign_off_list(request: HttpRequest) -> HttpResponse:
    """待签发: the items of the leader's unit waiting for his sign-off."""
    allowed(request)
    if not is_leader(request.user):
        raise PermissionDenied("只有单位领导才能签发信息")
    rows = list(submissions.awaiting_sign_off(request.user)[:200])
    return render(request, "information/submissions_sign_off.html", _base(rows=rows))


# --- the item page's sections ------------------------------------------------------------------------------


def _text_section(request: HttpRequest, item: InfoReport) -> dict[str, Any] | None:
    versions = list(
        ItemVersion.objects.filter(item=item).select_related("edited_by__person").order_by("number")
    )
    return {"versions": versions, "urgent": item.info_type == InfoType.URGENT}


def _history_section(request: HttpRequest, item: InfoReport) -> dict[str, Any] | None:
    return {"lines": submissions.history(item)}


urlpatterns: list[URLPattern] = [
    path("items/", item_list, name="items"),
    path("items/new/", item_new, name="item_new"),
    path("items/sign-off/", sign_off_list, name="item_sign_off_list"),
    path("items/<int:pk>/", item_page, name="item"),
    path("items/<int:pk>/edit/", item_edit, name="item_edit"),
    path("items/<int:pk>/<str:action>/", item_act, name="item_act"),
]


def register() -> None:
    """The part's tab, the item page's two sections, the leaders' to-dos and the search source."""
    from zhongshu.core.todos import register_todo_source
    from zhongshu.information import search_submissions
    from zhongshu.information.tabs import BAR

    BAR.register(TAB, "信息报送", "information:items", 10, may_use_information)
    ITEM_PAGE.register("text", "正文与版本", 10, "information/submissions_section_text.html", _text_section)
    ITEM_PAGE.register(
        "history", "办理记录", 90, "information/submissions_section_history.html", _history_section
    )
    register_todo_source("information.sign_off", submissions.sign_off_todos)
    search_submissions.register()
