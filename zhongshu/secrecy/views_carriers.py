"""机要保密 · 涉密载体: the ledger (filters by state, level, cabinet, holder and 逾期, counts, the Excel export), a
carrier's page (where it is now, its movements as a timeline, the movements it allows now as forms), the register
form, the cabinets (专柜) and "my carriers". Registers the tab, the printed-copy listener, the links to a
document's copies, the to-dos, the overdue reminders' tick and the access scopes."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhongshu.access.policy import get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.audit.disclosure import Shown, audit_shown
from zhongshu.base.levels import Classification, clearance_covers
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.core.inputs import Input
from zhongshu.core.sections import section_page
from zhongshu.org.models import Person
from zhongshu.secrecy import carriers
from zhongshu.secrecy.actions_carriers import RULES
from zhongshu.secrecy.models_carriers import Carrier, CarrierKind, CarrierState
from zhongshu.secrecy.roles import keeps_ledger, may_use_secrecy
from zhongshu.secrecy.schemas_carriers import (
    LEVEL_LABELS,
    MOVEMENTS,
    CabinetIn,
    RegisterIn,
    parse_filters,
)

TAB = "carriers"
MOST_ROWS = 500
# A carrier's page is made of sections (core.sections): this part's two; the inventory part may add its own
# (copies, counts) with CARRIER_PAGE.register(...).
CARRIER_PAGE = section_page("secrecy.carrier")
# The movements' URL words (the API's too) and what the page calls them.
ACTION_SLUGS = {
    "collect": "collect",
    "transfer": "transfer",
    "borrow": "borrow",
    "return": "return",
    "return-to-issuer": "return_to_issuer",
    "destroy": "destroy",
}
DONE = {
    "collect": "已领取",
    "transfer": "已传递",
    "borrow": "已登记借阅",
    "return": "已归还入柜",
    "return_to_issuer": "已清退",
    "destroy": "已登记销毁",
}
EXPORT_COLUMNS = (
    "载体编号",
    "份号",
    "题名",
    "密级",
    "保密期限",
    "载体类型",
    "来源",
    "所属单位",
    "保管人",
    "状态",
    "存放专柜",
    "当前持有人",
    "应还日期",
    "是否逾期",
    "登记时间",
)


def allowed(request: HttpRequest) -> None:
    if not may_use_secrecy(request.user):
        raise PermissionDenied("无权使用机要保密")


def _carrier(request: HttpRequest, pk: int) -> Carrier:
    allowed(request)
    carrier = get_for(
        request.user,
        Carrier.objects.select_related("holder", "cabinet", "owner_person", "owner_unit", "copy_of"),
        pk,
    )
    return carrier


def _filters(request: HttpRequest) -> tuple[carriers.Filters, ServiceError | None]:
    try:
        return parse_filters(Input(request.GET)), None
    except ServiceError as error:
        return carriers.Filters(), error


def _ledger_context(request: HttpRequest) -> dict[str, Any]:
    filters, error = _filters(request)
    visible = carriers.visible_carriers(request.user)
    queryset = carriers.filtered(visible, filters)
    rows = audit_shown(request.user, queryset[:MOST_ROWS], route="secrecy.carriers")
    today = timezone.localdate()
    counts = carriers.counts(visible)
    chosen_holder = Person.objects.filter(pk=filters.holder_id).first() if filters.holder_id else None
    return {
        "current_tab": TAB,
        "rows": [(carrier, carriers.days_overdue(carrier, today)) for carrier in rows],
        "more": len(rows) == MOST_ROWS,
        "counts": counts,
        "state_counts": [
            (value, label, counts.by_state.get(value, 0)) for value, label in CarrierState.choices
        ],
        "shown_count": queryset.count(),
        "states": CarrierState.choices,
        "levels": LEVEL_LABELS,
        "cabinets": carriers.visible_cabinets(request.user),
        "filters": filters,
        "chosen_holder": chosen_holder,
        "keeps_ledger": keeps_ledger(request.user),
        "error": error,
        "query": request.GET.urlencode(),
    }


@login_required
def ledger(request: HttpRequest) -> HttpResponse:
    allowed(request)
    context = _ledger_context(request)
    return render(request, "secrecy/carriers/ledger.html", context, status=400 if context["error"] else 200)


@login_required
def export(request: HttpRequest) -> HttpResponse:
    """导出 Excel: the ledger's rows under the same filters, every one the viewer may see; audited."""
    from openpyxl import Workbook

    from zhongshu.core.spreadsheets import append_row

    allowed(request)
    filters, error = _filters(request)
    if error is not None:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    queryset = carriers.filtered(carriers.visible_carriers(request.user), filters)
    today = timezone.localdate()
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook always has its sheet
    sheet.title = "涉密载体台账"
    sheet.append(list(EXPORT_COLUMNS))
    shown = Shown()
    for carrier in shown.each(queryset.iterator()):
        append_row(
            sheet,
            [
                carrier.number,
                carrier.copy_number,
                carrier.title,
                carrier.get_classification_display(),
                carrier.secrecy_marking,
                carrier.get_kind_display(),
                carrier.source,
                carrier.owner_unit.name if carrier.owner_unit else "",
                carrier.owner_person.name if carrier.owner_person else "",
                carrier.get_state_display(),
                carrier.cabinet.name if carrier.cabinet else "",
                carrier.holder.name if carrier.holder else "",
                carrier.due_on.isoformat() if carrier.due_on else "",
                "逾期" if carriers.is_overdue(carrier, today) else "",
                timezone.localtime(carrier.registered_at).strftime("%Y-%m-%d %H:%M"),
            ],
        )
    shown.record(request.user, action="secrecy.carrier.export", route="secrecy.carriers_export", always=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    # 涉密载体台账.xlsx
    response["Content-Disposition"] = (
        "attachment; filename*=UTF-8''%E6%B6%89%E5%AF%86%E8%BD%BD%E4%BD%93%E5%8F%B0%E8%B4%A6.xlsx"
    )
    return response


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """我的涉密载体: what I hold or borrowed now (with due dates), and what I keep as custodian."""
    allowed(request)
    person = getattr(request.user, "person_or_none", None)
    visible = carriers.visible_carriers(request.user)
    held = list(visible.filter(holder_id=person.pk if person else 0, state__in=carriers.OUT_STATES))
    kept = list(
        visible.filter(owner_person_id=person.pk if person else 0).exclude(state__in=carriers.OUT_STATES)[
            :MOST_ROWS
        ]
    )
    audit_shown(request.user, [*held, *kept], route="secrecy.carriers_mine")
    today = timezone.localdate()
    return render(
        request,
        "secrecy/carriers/mine.html",
        {
            "current_tab": TAB,
            "held": [(carrier, carriers.days_overdue(carrier, today)) for carrier in held],
            "kept": kept,
            "keeps_ledger": keeps_ledger(request.user),
        },
    )


def _register_form(
    request: HttpRequest, values: dict[str, Any], error: ServiceError | None = None
) -> HttpResponse:
    person = getattr(request.user, "person_or_none", None)
    clearance = person.clearance if person is not None else 0
    return render(
        request,
        "secrecy/carriers/register.html",
        {
            "current_tab": TAB,
            "values": values,
            "levels": [(value, label) for value, label in LEVEL_LABELS if clearance_covers(clearance, value)],
            "kinds": CarrierKind.choices,
            "cabinets": carriers.visible_cabinets(request.user).filter(retired=False),
            "error": error,
            "error_field": getattr(error, "field", None),
        },
        status=400 if error else 200,
    )


@login_required
def new(request: HttpRequest) -> HttpResponse:
    allowed(request)
    if not keeps_ledger(request.user):
        raise PermissionDenied("只有保密办可以登记涉密载体")
    if request.method == "POST":
        try:
            carrier = RegisterIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
        except ServiceError as error:
            if isinstance(error, Forbidden):
                raise PermissionDenied(str(error)) from None
            return _register_form(request, request.POST.dict(), error)
        messages.success(request, f"已登记涉密载体，编号{carrier.number}")
        return redirect(carriers.carrier_url(carrier))
    return _register_form(request, {"classification": "2", "kind": CarrierKind.PAPER})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    carrier = _carrier(request, pk)
    actions = RULES.available(request.user, carrier)
    return render(
        request,
        "secrecy/carriers/detail.html",
        {
            "current_tab": TAB,
            "carrier": carrier,
            "actions": actions,
            "sections": CARRIER_PAGE.render(request, carrier, extra={"actions": actions}),
        },
    )


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    name = ACTION_SLUGS.get(action)
    if name is None:
        raise Http404("没有这项办理")
    carrier = _carrier(request, pk)
    try:
        MOVEMENTS[name].parse(Input.of(request), request.user).apply(by=actor_of(request), carrier=carrier)
    except ServiceError as error:
        if isinstance(error, Forbidden):
            raise PermissionDenied(str(error)) from None
        messages.error(request, str(error))
    else:
        messages.success(request, DONE[name])
    return redirect(carriers.carrier_url(carrier))


@login_required
def cabinets(request: HttpRequest) -> HttpResponse:
    """专柜: the cabinets, how many carriers each holds now; the secrecy office sets up new ones here."""
    allowed(request)
    error: ServiceError | None = None
    values: dict[str, Any] = {}
    office = keeps_ledger(request.user)
    if request.method == "POST":
        if not office:
            raise PermissionDenied("只有保密办可以设立专柜")
        try:
            cabinet = CabinetIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
        except ServiceError as error_:
            error, values = error_, request.POST.dict()
        else:
            messages.success(request, f"已设立专柜：{cabinet.name}")
            return redirect(reverse("secrecy:carrier_cabinets"))
    from django.db.models import Count, Q

    rows = carriers.visible_cabinets(request.user).annotate(
        in_cabinet=Count(
            "carriers",
            filter=Q(
                carriers__state=CarrierState.IN_CABINET,
                carriers__in=carriers.visible_carriers(request.user).values("pk"),
            ),
        )
    )
    return render(
        request,
        "secrecy/carriers/cabinets.html",
        {
            "current_tab": TAB,
            "cabinets": rows,
            "office": office,
            "values": values,
            "error": error,
            "error_field": getattr(error, "field", None),
        },
        status=400 if error else 200,
    )


# --- the carrier page's sections ----------------------------------------------------------------------------


def _custody_section(request: HttpRequest, carrier: Carrier) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "overdue_days": carriers.days_overdue(carrier, today),
        "last_cabinet": carriers.last_cabinet(carrier),
        "cabinets": carriers.visible_cabinets(request.user).filter(retired=False),
        "borrow_days": carriers.borrow_days(),
        "default_due": today + timedelta(days=carriers.borrow_days()),
        "top_secret": carrier.classification >= Classification.TOP_SECRET,
    }


def _events_section(request: HttpRequest, carrier: Carrier) -> dict[str, Any]:
    return {"events": carriers.events_of(carrier)}


urlpatterns: list[URLPattern] = [
    path("carriers/", ledger, name="carriers"),
    path("carriers/export.xlsx", export, name="carriers_export"),
    path("carriers/mine/", mine, name="carriers_mine"),
    path("carriers/new/", new, name="carrier_new"),
    path("carriers/cabinets/", cabinets, name="carrier_cabinets"),
    path("carriers/<int:pk>/", detail, name="carrier"),
    path("carriers/<int:pk>/<slug:action>/", act, name="carrier_act"),
]


def _may_see_tab(user: Any) -> bool:
    return may_use_secrecy(user)


def _copy_title(carrier: Carrier) -> str:
    return f"{carrier.number}（份号{carrier.copy_number}）" if carrier.copy_number else carrier.number


def register() -> None:
    """The tab (涉密载体, order 20), the access scopes, the printed-copy listener, a document's copies on its page,
    the to-dos of overdue borrowings, the daily reminder tick, and the carrier page's sections."""
    from zhongshu.access.links import register_derived
    from zhongshu.core.jobs import register_tick
    from zhongshu.core.printing import register_copy_listener
    from zhongshu.core.todos import register_todo_source
    from zhongshu.secrecy import carrier_reminders
    from zhongshu.secrecy.tabs import BAR

    BAR.register("carriers", "涉密载体", "secrecy:carriers", 20, _may_see_tab)
    carriers.install_scopes()
    register_copy_listener("secrecy.carriers", carriers.printed_copy_listener)
    register_derived(
        Carrier,
        type_field="source_type",
        id_field="source_id",
        noun="涉密载体",
        title=_copy_title,
        url=carriers.carrier_url,
        newest="registered_at",
        state=lambda carrier: carrier.get_state_display(),
    )
    register_todo_source("secrecy.carrier_overdue", carrier_reminders.overdue_todos)
    register_tick("secrecy.carrier_overdue_reminders", carrier_reminders.overdue_reminders_tick)
    CARRIER_PAGE.register(
        "custody", "现状与办理", 10, "secrecy/carriers/section_custody.html", _custody_section
    )
    CARRIER_PAGE.register("events", "流转记录", 20, "secrecy/carriers/section_events.html", _events_section)
