"""Pages: the ledger (台账), one item with the actions its state and the viewer's part allow, opening an item,
the Excel export and import, printed notices, the progress wall and the bulletin. Thin: services decide."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhongshu.access.policy import Action, can, get_for, visible
from zhongshu.attachments.models import Attachment
from zhongshu.attachments.services import attachments_of, download_response
from zhongshu.core.errors import ServiceError
from zhongshu.core.htmx import render_page_or_fragment
from zhongshu.org.models import Person, Unit
from zhongshu.org.selectors import unit_choices
from zhongshu.supervision import excel, printouts, rectification, services
from zhongshu.supervision.escalation import thresholds_by_category
from zhongshu.supervision.forms import PROBLEM_COLUMNS, parse_problem_lines, thresholds_from_post
from zhongshu.supervision.models import (
    Category,
    ConfirmerRole,
    ItemKind,
    ItemUnit,
    LookBackOutcome,
    Milestone,
    Priority,
    ProgressReport,
    Reminder,
    Source,
    SupervisionItem,
    UnitRole,
)
from zhongshu.supervision.progress_wall import progress_wall
from zhongshu.supervision.reminders import supervision_item_press, unanswered_presses
from zhongshu.supervision.roles import is_supervising, may_set_thresholds, may_use_supervision
from zhongshu.supervision.selectors import LedgerFilter, ledger_page
from zhongshu.supervision.states import ItemState, allowed_actions

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _allowed(request: HttpRequest) -> None:
    if not may_use_supervision(request.user):
        raise PermissionDenied("无权使用督查督办")


def _supervising(request: HttpRequest) -> None:
    if not is_supervising(request.user):
        raise PermissionDenied(services.SUPERVISING_ONLY)


def _int(raw: Any) -> int | None:
    raw = str(raw or "").strip()
    return int(raw) if raw.isascii() and raw.isdigit() else None


def _date(raw: Any, label: str) -> date | None:
    raw = str(raw or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ServiceError(f"{label}格式应为 YYYY-MM-DD：{raw}", code="bad_date") from None


def _unit(raw: Any, label: str = "单位") -> Unit | None:
    pk = _int(raw)
    if pk is None:
        return None
    unit = Unit.objects.filter(pk=pk, is_active=True).first()
    if unit is None:
        raise ServiceError(f"{label}不存在：{raw}", code="unknown_unit")
    return unit


def _units(values: list[str]) -> list[Unit]:
    return [unit for unit in (_unit(v, "配合单位") for v in values) if unit is not None]


def _person(raw: Any, label: str) -> Person | None:
    pk = _int(raw)
    if pk is None:
        return None
    person = Person.objects.filter(pk=pk).first()
    if person is None:
        raise ServiceError(f"{label}不存在：{raw}", code="unknown_person")
    return person


def _choices(user: Any) -> dict[str, Any]:
    return {
        "sources": Source.choices,
        "categories": Category.choices,
        "priorities": Priority.choices,
        "states": ItemState.choices,
        "kinds": ItemKind.choices,
        "all_units": unit_choices(user),
        "leaders": visible(
            Person.objects.filter(is_leader=True).only("id", "name", "title").order_by("leader_rank", "id"),
            user,
        ),
    }


@login_required
def home(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    flt = LedgerFilter.from_params(request.GET)
    page = ledger_page(request.user, flt, after=_int(request.GET.get("after")))
    context = {
        "page": page,
        "filter": flt,
        "params": flt.as_params(),
        "may_supervise": is_supervising(request.user),
        "today": timezone.localdate(),
        **_choices(request.user),
    }
    return render_page_or_fragment(
        request, "supervision/ledger.html", "supervision/_ledger_table.html", context
    )


@login_required
def item_new(request: HttpRequest) -> HttpResponse:
    _supervising(request)
    context: dict[str, Any] = {**_choices(request.user), "values": request.POST or {}}
    if request.method == "POST":
        post = request.POST
        try:
            item = services.supervision_item_open(
                by=request.user,
                title=post.get("title", ""),
                body=post.get("body", ""),
                source=post.get("source", ""),
                source_note=post.get("source_note", ""),
                category=post.get("category", Category.DECISION),
                priority=_int(post.get("priority")) or Priority.NORMAL,
                lead_unit=_unit(post.get("lead_unit"), "牵头单位"),
                leader=_person(post.get("leader"), "责任领导"),
                action_required=post.get("read_only") != "1",
                confirm_duplicate=post.get("confirm_duplicate") == "1",
            )
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
    person = services.person_of(request.user)
    unit_role = None
    if person is not None:
        unit_role = (
            ItemUnit.objects.filter(item=item, unit_id=person.unit_id).values_list("role", flat=True).first()
        )
    supervising = is_supervising(request.user)
    reports = list(item.reports.select_related("unit", "milestone"))
    for report in reports:
        report.files = list(attachments_of(report))  # type: ignore[attr-defined]
    actions = set(allowed_actions(item.state))
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
        "missing_confirmations": [r for r in ConfirmerRole if r.value not in confirmations],
        "look_backs": item.look_backs.all(),
        "unit_role": unit_role,
        "is_lead": unit_role == UnitRole.LEAD,
        "supervising": supervising,
        "may": {
            "assign": supervising and "assign" in actions,
            "receive": unit_role == UnitRole.LEAD and "receive" in actions,
            "report": unit_role is not None and "report" in actions,
            "request_completion": unit_role == UnitRole.LEAD and "request_completion" in actions,
            "confirm": "confirm" in actions and (supervising or person is not None),
            "close_out": supervising and "close_out" in actions,
            "return": supervising and "return" in actions,
            "press": supervising and "press" in actions,
            "look_back": supervising and item.look_back_due is not None,
        },
        "unanswered_presses": unanswered_presses(item),
        "presses_to_investigate": thresholds_by_category()[item.category].investigate_after_presses,
        "today": timezone.localdate(),
        "outcomes": LookBackOutcome.choices,
        "confirmer_roles": ConfirmerRole.choices,
        **_choices(request.user),
    }


@login_required
def item_page(request: HttpRequest, pk: int) -> HttpResponse:
    _allowed(request)
    item = get_for(
        request.user, SupervisionItem.objects.select_related("lead_unit", "leader", "supervisor"), pk
    )
    return render(request, "supervision/item.html", _item_context(request, item))


def _act(request: HttpRequest, item: SupervisionItem, action: str) -> str:
    post = request.POST
    by = request.user
    version = _int(post.get("version"))
    if action == "assign":
        services.supervision_item_assign(
            item=item,
            by=by,
            lead_unit=_unit(post.get("lead_unit"), "牵头单位"),
            co_units=_units(post.getlist("co_units")),
            deadline=_date(post.get("deadline"), "办理时限"),
            deadline_workdays=_int(post.get("deadline_workdays")),
            leader=_person(post.get("leader"), "责任领导"),
            confirm_duplicate=post.get("confirm_duplicate") == "1",
            milestones=[
                services.PlannedMilestone(title.strip(), _date(due, "节点日期") or timezone.localdate())
                for title, due in zip(
                    post.getlist("milestone_title"), post.getlist("milestone_due"), strict=False
                )
                if title.strip()
            ],
            version=version,
        )
        return "已交办"
    if action == "receive":
        services.supervision_item_receive(item=item, by=by, version=version)
        return "已签收"
    if action == "report":
        milestone_id = _int(post.get("milestone"))
        milestone = Milestone.objects.filter(pk=milestone_id, item=item).first() if milestone_id else None
        services.progress_report_submit(
            item=item,
            by=by,
            text=post.get("text", ""),
            milestone=milestone,
            files=request.FILES.getlist("files"),
        )
        return "已反馈进展"
    if action == "request_completion":
        services.supervision_item_request_completion(
            item=item,
            by=by,
            evidence=post.get("evidence", ""),
            files=request.FILES.getlist("files"),
            version=version,
        )
        return "已申请办结"
    if action == "confirm":
        services.supervision_item_confirm(
            item=item,
            by=by,
            role=post.get("role", ""),
            confirmer=_person(post.get("confirmer"), "确认人"),
            opinion=post.get("opinion", ""),
        )
        return "已确认"
    if action == "close_out":
        services.supervision_item_close_out(item=item, by=by, version=version)
        return "已销号"
    if action == "return":
        services.supervision_item_return(item=item, by=by, reason=post.get("reason", ""), version=version)
        return "已退回重办重报"
    if action == "press":
        supervision_item_press(item=item, by=by, note=post.get("note", ""))
        return "已督办"
    if action == "look_back":
        services.supervision_item_look_back(
            item=item,
            by=by,
            outcome=post.get("outcome", ""),
            note=post.get("note", ""),
            deadline=_date(post.get("deadline"), "办理时限"),
            deadline_workdays=_int(post.get("deadline_workdays")),
            version=version,
        )
        return "已记录回头看"
    raise ServiceError("未知操作", code="unknown_action")


@login_required
@require_POST
def item_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    _allowed(request)
    item = get_for(request.user, SupervisionItem, pk)
    try:
        done = _act(request, item, action)
    except ServiceError as error:
        item.refresh_from_db()
        context = _item_context(request, item)
        context["error"] = error.message
        return render(request, "supervision/item.html", context, status=error.status)
    messages.success(request, done)
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
            created = excel.import_confirm(by=request.user, token=token)
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
            context["preview"] = excel.import_preview(by=request.user, data=upload.read())
        except ServiceError as error:
            context["error"] = error.message
            return render(request, "supervision/import.html", context, status=error.status)
    return render(request, "supervision/import.html", context)


@login_required
def wall(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    flt = LedgerFilter.from_params(request.GET)
    return render(request, "supervision/wall.html", {"wall": progress_wall(request.user, flt), "filter": flt})


@login_required
def bulletin(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    period = request.GET.get("period", "month")
    try:
        day = _date(request.GET.get("date"), "日期") or timezone.localdate()
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
        **_choices(request.user),
        "columns": PROBLEM_COLUMNS,
        "values": request.POST or {"category": Category.SPECIAL},
    }
    if request.method != "POST":
        return render(request, "supervision/problem_list_new.html", context)
    post = request.POST
    title = post.get("title", "")
    try:
        parsed = parse_problem_lines(
            title=title,
            text=post.get("problems", ""),
            category=post.get("category", Category.SPECIAL),
            leader=_person(post.get("leader"), "责任领导"),
        )
        if parsed.errors:
            raise services.ProblemListInvalid(parsed.errors)
        problem_list = services.problem_list_submit(
            by=request.user, title=title, origin=post.get("origin", ""), problems=parsed.problems
        )
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
            changed = services.escalation_rules_update(by=request.user, rules=rules)
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
