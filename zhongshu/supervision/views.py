"""Pages: the ledger (台账), one item with the actions its state and the viewer's part allow, opening an item,
the Excel export and import, printed notices, the progress wall and the bulletin. Thin: services decide."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhongshu.access.policy import Action, can, get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.attachments.models import Attachment
from zhongshu.attachments.services import download_response
from zhongshu.audit.disclosure import audit_shown
from zhongshu.core.errors import ServiceError
from zhongshu.core.htmx import render_page_or_fragment
from zhongshu.core.inputs import Input, max_length_of, parse_date, parse_id
from zhongshu.org.models import Unit
from zhongshu.supervision import excel, printouts, rectification, schemas, services
from zhongshu.supervision.actions import RULES, confirmable_roles, unit_role
from zhongshu.supervision.charts import wall_charts
from zhongshu.supervision.escalation import thresholds_by_category
from zhongshu.supervision.forms import PROBLEM_COLUMNS, thresholds_from_post
from zhongshu.supervision.models import (
    TITLE_MAX,
    Category,
    ConfirmerRole,
    ItemKind,
    LookBackOutcome,
    Priority,
    ProgressReport,
    Reminder,
    Source,
    SupervisionItem,
    UnitRole,
)
from zhongshu.supervision.progress_wall import progress_wall
from zhongshu.supervision.reminders import unanswered_presses
from zhongshu.supervision.roles import is_supervising, may_set_thresholds, may_use_supervision
from zhongshu.supervision.selectors import LedgerFilter, item_reports, ledger_page
from zhongshu.supervision.states import ItemState

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _allowed(request: HttpRequest) -> None:
    if not may_use_supervision(request.user):
        raise PermissionDenied("无权使用督查督办")


def _supervising(request: HttpRequest) -> None:
    if not is_supervising(request.user):
        raise PermissionDenied(services.SUPERVISING_ONLY)


def _choices() -> dict[str, Any]:
    return {
        "sources": Source.choices,
        "categories": Category.choices,
        "priorities": Priority.choices,
        "states": ItemState.choices,
        "kinds": ItemKind.choices,
    }


@login_required
def home(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    flt = LedgerFilter.from_params(request.GET)
    page = ledger_page(request.user, flt, after=parse_id(request.GET.get("after")))
    audit_shown(request.user, [row.item for row in page.rows], route="supervision.ledger")
    context = {
        "page": page,
        "filter": flt,
        "params": flt.as_params(),
        "may_supervise": is_supervising(request.user),
        "today": timezone.localdate(),
        **_choices(),
    }
    return render_page_or_fragment(
        request, "supervision/ledger.html", "supervision/_ledger_table.html", context
    )


@login_required
def item_new(request: HttpRequest) -> HttpResponse:
    _supervising(request)
    context: dict[str, Any] = {
        **_choices(),
        "values": request.POST or {},
        "title_max": TITLE_MAX,
    }
    if request.method == "POST":
        try:
            item = schemas.OpenIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
        except services.DuplicateItem as error:
            context.update(error=error.message, duplicate=error.match)
            return render(request, "supervision/item_new.html", context, status=409)
        except ServiceError as error:
            context["error"] = error.message
            return render(request, "supervision/item_new.html", context, status=error.status)
        messages.success(request, "已立项")
        return redirect("supervision:item", item.pk)
    return render(request, "supervision/item_new.html", context)


def _item_context(request: HttpRequest, item: SupervisionItem) -> dict[str, Any]:
    my_unit_role = unit_role(request.user, item)  # the rules' own reading, cached on the item
    supervising = is_supervising(request.user)
    reports = item_reports(item)
    actions = RULES.available(request.user, item)
    close_out_refusal = RULES.check("close_out", request.user, item)
    confirmations = {
        c.role: c for c in item.confirmations.filter(round=item.round).select_related("confirmer")
    }
    return {
        "item": item,
        "co_units": Unit.objects.filter(pk__in=item.unit_links.filter(role=UnitRole.CO).values("unit_id")),
        "milestones": item.milestones.all(),
        "events": item.events.all(),
        "reports": reports,
        "reminders": item.reminders.all(),
        "confirmations": confirmations,
        "look_backs": item.look_backs.all(),
        "unit_role": my_unit_role,
        "is_lead": my_unit_role == UnitRole.LEAD,
        "supervising": supervising,
        "actions": actions,
        "confirmable": [ConfirmerRole(role) for role in confirmable_roles(request.user, item)]
        if "confirm" in actions
        else [],
        "close_out_refusal": close_out_refusal.message if close_out_refusal and "return" in actions else "",
        "unanswered_presses": unanswered_presses(item),
        "presses_to_investigate": thresholds_by_category()[item.category].investigate_after_presses,
        "today": timezone.localdate(),
        "outcomes": LookBackOutcome.choices,
        "confirmer_roles": ConfirmerRole.choices,
        "withdraw_reason_max": max_length_of(SupervisionItem, "withdraw_reason"),
        **_choices(),
    }


@login_required
def item_page(request: HttpRequest, pk: int) -> HttpResponse:
    _allowed(request)
    item = get_for(
        request.user, SupervisionItem.objects.select_related("lead_unit", "leader", "supervisor"), pk
    )
    return render(request, "supervision/item.html", _item_context(request, item))


@login_required
@require_POST
def item_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    _allowed(request)
    item = get_for(request.user, SupervisionItem, pk)
    step = schemas.ITEM_ACTIONS.get(action)
    try:
        schemas.item_action(action, item=item, by=actor_of(request), data=Input.of(request))
    except ServiceError as error:
        item.refresh_from_db()
        context = _item_context(request, item)
        context.update(error=error.message, error_code=error.code, error_field=error.field)
        return render(request, "supervision/item.html", context, status=error.status)
    messages.success(request, step.done if step else "")
    return redirect("supervision:item", item.pk)


@login_required
def report_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    _allowed(request)
    attachment = Attachment.objects.select_related("file").filter(pk=pk).first()
    if attachment is None or not isinstance(attachment.owner, ProgressReport):
        from zhongshu.access.policy import RecordNotFound

        raise RecordNotFound()
    return download_response(
        request,
        attachment,
        check=lambda user, owner: can(user, owner.item, Action.DOWNLOAD),  # type: ignore[attr-defined]
        record=attachment.owner.item,  # the item's level decides whether the download is audited
    )


@login_required
def reminder_docx(request: HttpRequest, pk: int) -> HttpResponse:
    _allowed(request)
    reminder = Reminder.objects.select_related("item").filter(pk=pk).first()
    from zhongshu.access.policy import RecordNotFound

    if reminder is None:
        raise RecordNotFound()
    get_for(request.user, SupervisionItem, reminder.item_id, Action.EXPORT)
    data, name = printouts.reminder_docx(reminder)
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


@login_required
def export_xlsx(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    flt = LedgerFilter.from_params(request.GET)
    data = excel.export_ledger(request.user, flt)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote('督查台账.xlsx')}"
    return response


@login_required
def import_xlsx(request: HttpRequest) -> HttpResponse:
    _supervising(request)
    context: dict[str, Any] = {}
    if request.method == "POST" and request.POST.get("confirm") == "1":
        token = request.POST.get("token", "")
        try:
            created = excel.import_confirm(by=actor_of(request), token=token)
        except ServiceError as error:
            context["error"] = error.message
            return render(request, "supervision/import.html", context, status=error.status)
        messages.success(request, f"已导入{created}项")
        return redirect("supervision:home")
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["error"] = "请选择要导入的 Excel 文件"
            return render(request, "supervision/import.html", context, status=400)
        try:
            context["preview"] = excel.import_preview(by=actor_of(request), data=upload.read())
        except ServiceError as error:
            context["error"] = error.message
            return render(request, "supervision/import.html", context, status=error.status)
    return render(request, "supervision/import.html", context)


@login_required
def wall(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    flt = LedgerFilter.from_params(request.GET)
    figures = progress_wall(request.user, flt)
    context = {"wall": figures, "charts": wall_charts(figures), "filter": flt}
    return render(request, "supervision/wall.html", context)


@login_required
def bulletin(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    period = request.GET.get("period", "month")
    try:
        day = parse_date(request.GET.get("date"), field="date", label="日期") or timezone.localdate()
        data, name = printouts.bulletin_docx(request.user, period=period, day=day)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("supervision:wall")
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}"
    return response


@login_required
def my_unit(request: HttpRequest) -> HttpResponse:
    """A liaison's view: the ledger limited to their own unit."""
    _allowed(request)
    person = services.person_of(request.user)
    if person is None:
        raise PermissionDenied("无权使用督查督办")
    return redirect(f"{_reverse('supervision:home')}?unit={person.unit_id}")


def _reverse(name: str) -> str:
    from django.urls import reverse

    return reverse(name)


# --- 整改: problem lists ------------------------------------------------------------------------------


@login_required
def problem_lists(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    context = {
        "summaries": rectification.problem_lists_for(request.user),
        "may_supervise": is_supervising(request.user),
    }
    return render(request, "supervision/problem_lists.html", context)


@login_required
def problem_list_new(request: HttpRequest) -> HttpResponse:
    _supervising(request)
    context: dict[str, Any] = {
        **_choices(),
        "columns": PROBLEM_COLUMNS,
        "values": request.POST or {"category": Category.SPECIAL},
    }
    if request.method != "POST":
        return render(request, "supervision/problem_list_new.html", context)
    try:
        parsed = schemas.ProblemListIn.parse(Input.of(request), request.user)
        problem_list = parsed.apply(by=actor_of(request))
    except services.ProblemListInvalid as error:
        context["errors"] = error.errors
        return render(request, "supervision/problem_list_new.html", context, status=error.status)
    except ServiceError as error:
        context["errors"] = [error.message]
        return render(request, "supervision/problem_list_new.html", context, status=error.status)
    messages.success(request, f"已建立问题清单，交办{len(parsed.problems)}个问题")
    return redirect("supervision:problem_list", problem_list.pk)


@login_required
def problem_list_page(request: HttpRequest, pk: int) -> HttpResponse:
    _allowed(request)
    problem_list = rectification.problem_list_for(request.user, pk)
    rows, progress = rectification.problem_rows(request.user, problem_list, timezone.localdate())
    audit_shown(request.user, [row.item for row in rows], route="supervision.problem_list")
    context = {"problem_list": problem_list, "rows": rows, "progress": progress}
    return render(request, "supervision/problem_list.html", context)


# --- Escalation thresholds ----------------------------------------------------------------------------


@login_required
def thresholds(request: HttpRequest) -> HttpResponse:
    if not may_set_thresholds(request.user):
        raise PermissionDenied("仅办公室主任可以设置督办阈值")
    status = 200
    errors: list[str] = []
    if request.method == "POST":
        rules = thresholds_from_post(request.POST)
        try:
            changed = services.escalation_rules_update(by=actor_of(request), rules=rules)
        except services.ThresholdsInvalid as error:
            errors, status = error.errors, error.status
        else:
            messages.success(request, f"已保存，{changed}个类别的阈值有变化，下次督办扫描起生效")
            return redirect("supervision:thresholds")
    else:
        rules = {
            category: {
                "reminder_before_workdays": t.reminder_before,
                "press_after_workdays": t.press_after,
                "investigate_after_workdays": t.investigate_after,
                "investigate_after_presses": t.investigate_after_presses,
                "look_back_workdays": t.look_back,
            }
            for category, t in thresholds_by_category().items()
        }
    rows = [
        {
            "category": category,
            "label": Category(category).label,
            "fields": [
                {
                    "name": f"{category}-{field.name}",
                    "label": field.label,
                    "least": field.least,
                    "most": field.most,
                    "value": values.get(field.name, ""),
                }
                for field in services.THRESHOLD_FIELDS
            ],
        }
        for category, values in rules.items()
    ]
    context = {"rows": rows, "errors": errors}
    return render(request, "supervision/thresholds.html", context, status=status)
