"""Pages of the commissions part (约稿): the list (editors: every 约稿 with its units' counts and the form to
issue one; a unit's writer: the ones asking his unit, with its state), one 约稿 with each asked unit's state
(已报送, 逾期报送, 逾期未报, 未报送) and 撤销; and on an item's page the section 所答约稿. Views stay thin:
commissions.py decides."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhongshu.access.policy import get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input
from zhongshu.information import commissions
from zhongshu.information.actions_commissions import COMMISSION_RULES
from zhongshu.information.models import Commission, InfoReport
from zhongshu.information.roles import is_editor, is_writer, may_use_information
from zhongshu.information.schemas_commissions import CommissionIssueIn
from zhongshu.information.sections import ITEM_PAGE
from zhongshu.information.tabs import BAR
from zhongshu.information.views import allowed

TAB = "commissions"


def may_see_tab(user: Any) -> bool:
    return may_use_information(user) and (is_editor(user) or is_writer(user))


def _own_units(user: Any) -> list[int] | None:
    """None for an editor (every unit); otherwise the viewer's own unit."""
    if is_editor(user):
        return None
    person = getattr(user, "person_or_none", None)
    return [person.unit_id] if person is not None and person.unit_id else []


def _list_context(request: HttpRequest) -> dict[str, Any]:
    user: Any = request.user
    units = _own_units(user)
    rows = list(commissions.visible_commissions(user).select_related("created_by")[:100])
    counts = commissions.commission_states(rows, units=units)
    return {
        "current_tab": TAB,
        "rows": [
            {"commission": row, "counts": counts[row.pk], "total": sum(counts[row.pk].values())}
            for row in rows
        ],
        "labels": commissions.STATE_LABELS,
        "badges": commissions.STATE_BADGES,
        "may_issue": commissions.may_commission(user),
        "editor_view": units is None,
        "max_days": commissions.MAX_WORKING_DAYS,
        "remind_days": commissions.remind_days(),
    }


@login_required
def commission_list(request: HttpRequest) -> HttpResponse:
    allowed(request)
    if request.method == "POST":
        if not commissions.may_commission(request.user):
            raise PermissionDenied("只有县委办信息科（编辑）可以约稿")
        try:
            commission = CommissionIssueIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
        except ServiceError as refused:
            context = _list_context(request)
            context.update(
                error=refused.message, error_code=refused.code, error_field=refused.field, posted=request.POST
            )
            return render(request, "information/commissions_list.html", context, status=refused.status)
        messages.success(request, f"约稿已下发，截止日期{commission.deadline:%Y-%m-%d}")
        return redirect("information:commission", commission.pk)
    if not may_see_tab(request.user):
        raise PermissionDenied("只有编辑和各单位信息员可以查看约稿")
    return render(request, "information/commissions_list.html", _list_context(request))


def _commission(request: HttpRequest, pk: int) -> Commission:
    allowed(request)
    return get_for(request.user, Commission.objects.select_related("created_by"), pk)


def _page_context(request: HttpRequest, commission: Commission) -> dict[str, Any]:
    rows = commissions.target_rows(commission, units=_own_units(request.user))
    return {
        "current_tab": TAB,
        "commission": commission,
        "rows": rows,
        "counts": commissions.state_counts(rows),
        "labels": commissions.STATE_LABELS,
        "actions": COMMISSION_RULES.available(request.user, commission),
        "may_answer": is_writer(request.user) and commission.cancelled_at is None,
    }


@login_required
def commission_page(request: HttpRequest, pk: int) -> HttpResponse:
    commission = _commission(request, pk)
    return render(request, "information/commissions_page.html", _page_context(request, commission))


@login_required
@require_POST
def commission_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    commission = _commission(request, pk)
    try:
        commissions.commission_cancel(by=actor_of(request), commission=commission)
    except ServiceError as refused:
        if refused.status == 403:
            raise PermissionDenied(refused.message) from refused
        context = _page_context(request, commission)
        context.update(error=refused.message, error_code=refused.code)
        return render(request, "information/commissions_page.html", context, status=refused.status)
    messages.success(request, "约稿已撤销")
    return redirect("information:commission", commission.pk)


def item_section(request: HttpRequest, item: InfoReport) -> dict[str, Any] | None:
    """所答约稿 on an item's page: the 约稿 it answers, its deadline and whether this item came in time."""
    if item.commission_target_id is None:
        return None
    target = item.commission_target
    assert target is not None
    commission = target.commission
    state = commissions.target_state(commission.deadline, item.submitted_at, timezone.now())
    if item.submitted_at is None and state == commissions.TargetState.MISSED:
        label = "尚未报送（约稿已逾期）"
    elif item.submitted_at is None:
        label = "尚未报送"
    else:
        label = "按时报送" if state == commissions.TargetState.ANSWERED else "逾期报送"
    return {
        "commission": commission,
        "answer_label": label,
        "answer_state": state,
        "cancelled": commission.cancelled_at is not None,
    }


urlpatterns: list[URLPattern] = [
    path("commissions/", commission_list, name="commissions"),
    path("commissions/<int:pk>/", commission_page, name="commission"),
    path("commissions/<int:pk>/cancel/", commission_cancel, name="commission_cancel"),
]


def register() -> None:
    """The part's tab (约稿, order 50), the item page's section 所答约稿, its access scope, to-dos and tick."""
    from zhongshu.core.jobs import register_tick
    from zhongshu.core.todos import register_todo_source

    BAR.register(TAB, "约稿", "information:commissions", 50, may_see_tab)
    ITEM_PAGE.register(
        "commission", "所答约稿", 60, "information/commissions_item_section.html", item_section
    )
    commissions.register()
    register_tick("information.commission_reminders", commissions.commission_reminders_tick)
    register_todo_source("information.commissions", commissions.commission_todos)
