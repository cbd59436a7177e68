"""机要保密 · 清点与复制: the counts (their list, the count form — a cabinet or a unit's whole custody, numbers
pasted or scanned one a line — and a count's printable report with every discrepancy and its Excel download),
the discrepancies' resolution, and the copy requests (mine, to decide; the request form; a request's page with
its decision). Registers the tab, the access scopes of counts and copy requests, and the secrecy office's to-dos.

A discrepancy row shows the carrier's number and title only to a viewer who may see the carrier (the access
policy, one query per page); to anyone else it reads 无权查看."""

from __future__ import annotations

import contextlib
import io
from typing import Any
from urllib.parse import quote

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
from zhongshu.audit.disclosure import Shown, audit_shown
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.core.inputs import Input
from zhongshu.secrecy import inventory
from zhongshu.secrecy.actions_inventory import COPY_RULES
from zhongshu.secrecy.models_carriers import (
    CopyRequest,
    CopyState,
    Inventory,
    InventoryDiscrepancy,
)
from zhongshu.secrecy.roles import keeps_ledger, may_use_secrecy
from zhongshu.secrecy.schemas_inventory import CopyIn, CountIn, DecideIn, ResolveIn

TAB = "inventory"
MOST_ROWS = 200
HIDDEN = "无权查看"
REPORT_COLUMNS = ("序号", "差异类型", "载体编号", "题名", "密级", "台账记载", "处理情况")


def allowed(request: HttpRequest) -> None:
    if not may_use_secrecy(request.user):
        raise PermissionDenied("无权使用机要保密")


def _context(request: HttpRequest, **values: Any) -> dict[str, Any]:
    return {"current_tab": TAB, "keeps_ledger": keeps_ledger(request.user), **values}


# --- counts -------------------------------------------------------------------------------------------------


@login_required
def inventories(request: HttpRequest) -> HttpResponse:
    allowed(request)
    rows = list(inventory.visible_inventories(request.user)[:MOST_ROWS])
    open_counts = inventory.open_counts([row.pk for row in rows])
    return render(
        request,
        "secrecy/inventory/list.html",
        _context(
            request,
            rows=[(row, open_counts.get(row.pk, (0, 0))) for row in rows],
            more=len(rows) == MOST_ROWS,
            may_count=inventory.may_count_any(request.user),
            to_decide=inventory.pending_copy_requests(request.user).count(),
        ),
    )


def _count_form(
    request: HttpRequest, values: dict[str, Any], error: ServiceError | None = None
) -> HttpResponse:
    return render(
        request,
        "secrecy/inventory/count_form.html",
        _context(
            request,
            values=values,
            cabinets=list(inventory.countable_cabinets(request.user)),
            whole_unit=keeps_ledger(request.user),
            error=error,
            error_field=getattr(error, "field", None),
            most=inventory.MOST_NUMBERS,
        ),
        status=400 if error else 200,
    )


@login_required
def count_new(request: HttpRequest) -> HttpResponse:
    allowed(request)
    if not inventory.may_count_any(request.user):
        raise PermissionDenied("只有保密办或专柜保管人可以清点涉密载体")
    if request.method == "POST":
        try:
            made = CountIn.parse(Input.of(request), request.user).record(by=actor_of(request))
        except ServiceError as error:
            if isinstance(error, Forbidden):
                raise PermissionDenied(str(error)) from None
            return _count_form(request, request.POST.dict(), error)
        found = made.discrepancies.count()
        if found:
            messages.warning(request, f"清点已登记，发现{found}项差异，请逐项核查处理")
        else:
            messages.success(request, "清点已登记，账物相符")
        return redirect(inventory.inventory_url(made))
    return _count_form(request, {"counted_on": timezone.localdate().isoformat()})


def _inventory(request: HttpRequest, pk: int) -> Inventory:
    allowed(request)
    return get_for(request.user, inventory.visible_inventories(request.user), pk)


@login_required
def inventory_page(request: HttpRequest, pk: int) -> HttpResponse:
    """清点报告: printable; each discrepancy with what the ledger says and how it was resolved."""
    made = _inventory(request, pk)
    lines = inventory.report_lines(request.user, made)
    audit_shown(
        request.user, [line.carrier for line in lines if line.carrier is not None], route="secrecy.inventory"
    )
    return render(
        request,
        "secrecy/inventory/report.html",
        _context(
            request,
            inventory=made,
            lines=lines,
            summary=inventory.summary(made),
            hidden=HIDDEN,
        ),
    )


@login_required
def inventory_report(request: HttpRequest, pk: int) -> HttpResponse:
    """清点报告 (Excel): the same rows as the page, through the same policy; always audited."""
    from openpyxl import Workbook

    from zhongshu.core.spreadsheets import append_row

    made = _inventory(request, pk)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook always has its sheet
    sheet.title = "涉密载体清点报告"
    place = made.cabinet.name if made.cabinet is not None else "全部专柜"
    append_row(sheet, [f"{made.unit.name} {place} 清点日期：{made.counted_on:%Y-%m-%d}"])
    summary = inventory.summary(made)
    append_row(
        sheet,
        [
            f"应在{made.expected_count}件，实点{made.found_count}件，"
            f"应在未见{summary['missing']}件，位置不符{summary['misplaced']}件，已注销仍在{summary['gone']}件"
        ],
    )
    sheet.append(list(REPORT_COLUMNS))
    shown = Shown()
    for index, line in enumerate(inventory.report_lines(request.user, made), start=1):
        if line.carrier is not None:
            shown.add(line.carrier)
        append_row(
            sheet,
            [
                index,
                line.discrepancy.get_kind_display(),
                line.carrier.number if line.carrier is not None else HIDDEN,
                line.carrier.title if line.carrier is not None else HIDDEN,
                line.carrier.get_classification_display() if line.carrier is not None else HIDDEN,
                line.discrepancy.ledger_says if line.carrier is not None else HIDDEN,
                line.discrepancy.resolved_note or "未处理",
            ],
        )
    shown.record(
        request.user,
        action="secrecy.inventory.export",
        route="secrecy.inventory_report",
        always=True,
        object_type=Inventory._meta.label_lower,
        details={"inventory": made.pk},
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    filename = quote(f"涉密载体清点报告{made.counted_on:%Y%m%d}.xlsx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


@login_required
@require_POST
def discrepancy_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    allowed(request)
    discrepancy = get_for(request.user, InventoryDiscrepancy.objects.all(), pk)
    try:
        inventory.discrepancy_resolve_check(by=actor_of(request), discrepancy=discrepancy)
        ResolveIn.parse(Input.of(request), request.user).apply(by=actor_of(request), discrepancy=discrepancy)
        messages.success(request, "已登记处理情况")
    except ServiceError as error:
        if isinstance(error, Forbidden):
            raise PermissionDenied(str(error)) from None
        messages.error(request, str(error))
    return redirect(f"{inventory.inventory_url(discrepancy.inventory)}#d{discrepancy.pk}")


# --- copies -------------------------------------------------------------------------------------------------


@login_required
def copy_requests(request: HttpRequest) -> HttpResponse:
    """复制申请: those waiting for my decision, mine, and (for the secrecy office) those decided."""
    allowed(request)
    person = inventory.person_of(request.user)
    to_decide = list(inventory.pending_copy_requests(request.user).order_by("requested_at", "id")[:MOST_ROWS])
    mine = list(
        inventory.visible_copy_requests(request.user).filter(requested_by_id=person.pk if person else 0)[
            :MOST_ROWS
        ]
    )
    decided: list[CopyRequest] = []
    if keeps_ledger(request.user):
        decided = list(
            inventory.visible_copy_requests(request.user)
            .exclude(state=CopyState.PENDING)
            .order_by("-decided_at", "-id")[:MOST_ROWS]
        )
    shown_carriers = [row.carrier for row in [*to_decide, *mine, *decided]]
    seen = inventory.visible_carrier_ids(request.user, [carrier.pk for carrier in shown_carriers])
    audit_shown(
        request.user,
        [carrier for carrier in shown_carriers if carrier.pk in seen],
        route="secrecy.copy_requests",
    )
    return render(
        request,
        "secrecy/inventory/copies.html",
        _context(request, to_decide=to_decide, mine=mine, decided=decided, seen=seen, hidden=HIDDEN),
    )


def _copy_form(
    request: HttpRequest, values: dict[str, Any], error: ServiceError | None = None
) -> HttpResponse:
    return render(
        request,
        "secrecy/inventory/copy_form.html",
        _context(
            request,
            values=values,
            error=error,
            error_field=getattr(error, "field", None),
            most=inventory.MOST_COPIES,
        ),
        status=400 if error else 200,
    )


@login_required
def copy_new(request: HttpRequest) -> HttpResponse:
    allowed(request)
    if request.method == "POST":
        try:
            made = CopyIn.parse(Input.of(request), request.user).request(by=actor_of(request))
        except ServiceError as error:
            if isinstance(error, Forbidden):
                raise PermissionDenied(str(error)) from None
            return _copy_form(request, request.POST.dict(), error)
        messages.success(request, "复制申请已提交，经保密办批准后方可复制")
        return redirect(inventory.copy_request_url(made))
    values: dict[str, Any] = {"copies": "1"}
    chosen = Input(request.GET).value("carrier")
    if chosen:
        with contextlib.suppress(ServiceError):  # a stale link: the form opens blank
            values["carrier_number"] = CopyIn.carrier_of(Input(request.GET), request.user).number
    return _copy_form(request, values)


def _copy_request(request: HttpRequest, pk: int) -> CopyRequest:
    allowed(request)
    return get_for(request.user, inventory.visible_copy_requests(request.user), pk)


@login_required
def copy_request_page(request: HttpRequest, pk: int) -> HttpResponse:
    made = _copy_request(request, pk)
    sees_carrier = made.carrier_id in inventory.visible_carrier_ids(request.user, [made.carrier_id])
    if sees_carrier:
        audit_shown(request.user, [made.carrier], route="secrecy.copy_request")
    return render(
        request,
        "secrecy/inventory/copy_request.html",
        _context(
            request,
            copy_request=made,
            sees_carrier=sees_carrier,
            copies=inventory.copies_made(request.user, made),
            actions=COPY_RULES.available(request.user, made),
            top_secret=made.carrier.classification >= 4,
            hidden=HIDDEN,
        ),
    )


@login_required
@require_POST
def copy_decide(request: HttpRequest, pk: int) -> HttpResponse:
    made = _copy_request(request, pk)
    try:
        inventory.copy_decide_check(by=actor_of(request), request=made)
        decided = DecideIn.parse(Input.of(request), request.user).apply(by=actor_of(request), request=made)
        messages.success(request, f"复制申请{decided.get_state_display()}")
    except ServiceError as error:
        if isinstance(error, Forbidden):
            raise PermissionDenied(str(error)) from None
        messages.error(request, str(error))
    return redirect(inventory.copy_request_url(made))


urlpatterns: list[URLPattern] = [
    path("inventory/", inventories, name="inventories"),
    path("inventory/new/", count_new, name="inventory_new"),
    path("inventory/<int:pk>/", inventory_page, name="inventory"),
    path("inventory/<int:pk>/report.xlsx", inventory_report, name="inventory_report"),
    path("inventory/discrepancies/<int:pk>/resolve/", discrepancy_resolve, name="discrepancy_resolve"),
    path("inventory/copies/", copy_requests, name="copy_requests"),
    path("inventory/copies/new/", copy_new, name="copy_new"),
    path("inventory/copies/<int:pk>/", copy_request_page, name="copy_request"),
    path("inventory/copies/<int:pk>/decide/", copy_decide, name="copy_decide"),
]


def register() -> None:
    """The tab (清点与复制, order 30), the access scopes of counts, discrepancies and copy requests, and the
    secrecy office's to-dos (discrepancies to resolve, copy requests to decide)."""
    from zhongshu.core.todos import register_todo_source
    from zhongshu.secrecy.tabs import BAR

    BAR.register("inventory", "清点与复制", "secrecy:inventories", 30, may_use_secrecy)
    inventory.register_scopes()
    register_todo_source("secrecy.inventory_discrepancy", inventory.inventory_todos)
    register_todo_source("secrecy.copy_decide", inventory.copy_todos)
