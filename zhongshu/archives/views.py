"""Pages: the catalogue (档案目录), 待归档 with a 归档 button per record, one item with its stamp and files,
use requests (利用), appraisal (鉴定), the catalogue import (导入) and the same-day figures. Thin: services
decide, selectors read through the access policy."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhongshu.access.policy import Action, RecordNotFound, get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.archives import excel, schemas, selectors
from zhongshu.archives.actions import ITEM_RULES, USE_RULES
from zhongshu.archives.filing import filing_source_of_kind
from zhongshu.archives.models import (
    ArchiveFile,
    ArchiveItem,
    ArchiveUse,
    Decision,
    ItemState,
    Retention,
    UseKind,
)
from zhongshu.archives.roles import is_archives_head, is_archivist, may_use_archives
from zhongshu.archives.stamp import filing_stamp
from zhongshu.audit.disclosure import audit_shown
from zhongshu.core.errors import ServiceError
from zhongshu.core.htmx import render_page_or_fragment, wants_fragment
from zhongshu.core.inputs import Input, parse_date, parse_id
from zhongshu.core.spreadsheets import MAX_IMPORT_BYTES

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_BYTES = MAX_IMPORT_BYTES


def _allowed(request: HttpRequest) -> None:
    if not may_use_archives(request.user):
        raise PermissionDenied("无权使用档案")


def _archivist(request: HttpRequest) -> None:
    if not is_archivist(request.user):
        raise PermissionDenied("只有档案员可以办理")


def _roles(request: HttpRequest) -> dict[str, bool]:
    return {"is_archivist": is_archivist(request.user), "is_head": is_archives_head(request.user)}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """档案目录: the catalogue with filters, newest filings first, keyset-paged."""
    _allowed(request)
    flt = selectors.CatalogueFilter.from_params(request.GET)
    page = selectors.catalogue_page(request.user, flt, after=parse_id(request.GET.get("after")))
    audit_shown(request.user, page.items, route="archives.catalogue")
    context = {
        "page": page,
        "filter": flt,
        "params": flt.as_params(),
        "retentions": Retention.choices,
        "states": ItemState.choices,
        **_roles(request),
    }
    return render_page_or_fragment(
        request, "archives/catalogue.html", "archives/_catalogue_table.html", context
    )


@login_required
def export_xlsx(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    data = excel.export_catalogue(request.user, selectors.CatalogueFilter.from_params(request.GET))
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote('归档文件目录.xlsx')}"
    return response


@login_required
def pending(request: HttpRequest) -> HttpResponse:
    """待归档: closed records the archivist may see and that are not filed yet."""
    _archivist(request)
    rows = selectors.pending_records(request.user)
    audit_shown(request.user, [row.record for row in rows], route="archives.pending")
    context = {"rows": rows, "retentions": Retention.choices}
    return render(request, "archives/pending.html", context)


@login_required
@require_POST
def file_action(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """归档 one record (htmx swaps the row; without JavaScript the page reloads with a message)."""
    _archivist(request)
    source = filing_source_of_kind(kind)
    if source is None:
        raise RecordNotFound()
    htmx = wants_fragment(request)
    try:
        item = schemas.FileIn.parse(Input.of(request), request.user, kind=kind, pk=pk).apply(
            by=actor_of(request)
        )
    except ServiceError as error:
        if htmx:
            context = {"error": error.message, "error_code": error.code}
            return render(request, "archives/_pending_result.html", context, status=error.status)
        messages.error(request, error.message)
        return redirect("archives:pending")
    if htmx:
        return render(request, "archives/_pending_result.html", {"item": item})
    messages.success(request, f"已归档，档号 {item.reference_code}")
    return redirect("archives:item", item.pk)


def _item(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> ArchiveItem:
    return get_for(request.user, ArchiveItem.objects.select_related("archiving_unit"), pk, action)


@login_required
def item_page(request: HttpRequest, pk: int) -> HttpResponse:
    _allowed(request)
    return render(request, "archives/item.html", _item_context(request, _item(request, pk)))


def _item_context(request: HttpRequest, item: ArchiveItem) -> dict[str, Any]:
    return {
        "item": item,
        "stamp": filing_stamp(item),
        # The 定稿正本 (PDF) first, its 可编辑稿 (DOCX) next, then the attachments.
        "files": selectors.item_files(item),
        "appraisals": list(item.appraisals.select_related("by")),
        "source_url": _source_url(item),
        "use_kinds": UseKind.choices,
        "decisions": [Decision.KEEP, Decision.EXTEND, Decision.PROPOSE_DESTROY],
        "retentions": Retention.choices,
        "today": timezone.localdate(),
        # Exactly the actions the services would accept from this person now (archives.actions).
        "actions": ITEM_RULES.available(request.user, item),
        **_roles(request),
    }


def _source_url(item: ArchiveItem) -> str:
    if item.source_type_id is None or item.source_id is None:
        return ""
    model = ContentType.objects.get_for_id(item.source_type_id).model_class()
    source = filing_source_of_kind(item.source_kind)
    if model is None or source is None:
        return ""
    return source.url(model(pk=item.source_id))


@login_required
@require_POST
def item_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    _allowed(request)
    item = _item(request, pk, Action.VIEW)
    step = schemas.ITEM_ACTIONS.get(action)
    if step is None:
        raise RecordNotFound()
    try:
        schemas.item_action(action, item=item, by=actor_of(request), data=Input.of(request))
    except ServiceError as error:
        # The item's page again, with what was refused and why (the same code and message as the API's).
        messages.error(request, error.message)
        item = _item(request, pk, Action.VIEW)
        context = {**_item_context(request, item), "error_code": error.code, "error_field": error.field}
        return render(request, "archives/item.html", context, status=error.status)
    messages.success(request, step.done)
    return redirect("archives:item", item.pk)


@login_required
def file_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """One file of an item, for a reader who may download the item (a state secret's download is audited)."""
    _allowed(request)
    archive_file = ArchiveFile.objects.select_related("stored").filter(pk=pk).first()
    if archive_file is None:
        raise RecordNotFound()
    item = _item(request, archive_file.item_id, Action.DOWNLOAD)
    if item.is_destroyed:
        raise RecordNotFound()
    from zhongshu.attachments.services import open_file
    from zhongshu.audit.services import audit_record

    data = open_file(archive_file.stored)
    audit_record(
        actor=request.user,
        action="archives.download",
        target=item,
        details={"file": archive_file.pk, "reference_code": item.reference_code},
    )
    response = FileResponse(
        iter([data]),
        as_attachment=True,
        filename=archive_file.name,
        content_type=archive_file.stored.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- 利用 --------------------------------------------------------------------------------------------------


@login_required
def uses(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    values: dict[str, Any] = {"reference_code": request.GET.get("code", "")}
    if request.method != "POST":
        return render(request, "archives/uses.html", _uses_context(request, values))
    try:
        use = schemas.UseIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
    except ServiceError as error:
        return _uses_refused(request, error, request.POST.dict())
    messages.success(request, "已准予利用" if use.is_approved else "已提交利用申请，待档案室审批")
    return redirect("archives:uses")


def _uses_refused(request: HttpRequest, error: ServiceError, values: dict[str, Any]) -> HttpResponse:
    """The uses page again, with what was refused and why (the same code and message as the API's)."""
    messages.error(request, error.message)
    context = {**_uses_context(request, values), "error_code": error.code, "error_field": error.field}
    return render(request, "archives/uses.html", context, status=error.status)


def _uses_context(request: HttpRequest, values: dict[str, Any]) -> dict[str, Any]:
    roles = _roles(request)
    waiting = selectors.uses_waiting(request.user) if roles["is_head"] else []
    loans = selectors.loans_out(request.user) if roles["is_archivist"] else []
    return {
        "mine": selectors.my_uses(request.user)[:100],
        # Each row with the actions the services would accept from this person on it now.
        "waiting": [(use, USE_RULES.available(request.user, use)) for use in waiting],
        "loans": [(use, USE_RULES.available(request.user, use)) for use in loans],
        "use_kinds": UseKind.choices,
        "values": values,
        "today": timezone.localdate(),
        **roles,
    }


@login_required
@require_POST
def use_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    _allowed(request)
    use = get_for(request.user, ArchiveUse, pk)
    step = schemas.USE_ACTIONS.get(action)
    if step is None:
        raise RecordNotFound()
    try:
        schemas.use_action(action, use=use, by=actor_of(request), data=Input.of(request))
    except ServiceError as error:
        return _uses_refused(request, error, {})
    messages.success(request, step.done)
    return redirect("archives:uses")


# --- 鉴定, 导入, 统计 --------------------------------------------------------------------------------------


@login_required
def appraisal(request: HttpRequest) -> HttpResponse:
    roles = _roles(request)
    if not (roles["is_archivist"] or roles["is_head"]):
        raise PermissionDenied("只有档案员或档案室负责人可以鉴定")
    due = list(selectors.items_due_for_appraisal(request.user)[:200]) if roles["is_archivist"] else []
    waiting = selectors.destructions_waiting(request.user)
    audit_shown(request.user, [*due, *waiting], route="archives.appraisal")
    context = {
        "due": due,
        "waiting": waiting,
        "decisions": [Decision.KEEP, Decision.EXTEND, Decision.PROPOSE_DESTROY],
        "retentions": Retention.choices,
        **roles,
    }
    return render(request, "archives/appraisal.html", context)


@login_required
def import_xlsx(request: HttpRequest) -> HttpResponse:
    _archivist(request)
    context: dict[str, Any] = {"columns": excel.COLUMNS}
    if request.method != "POST":
        return render(request, "archives/import.html", context)
    try:
        if request.POST.get("confirm") == "1":
            created = excel.import_confirm(by=actor_of(request), token=request.POST.get("token", ""))
            messages.success(request, f"已导入{created}件")
            return redirect("archives:home")
        upload = request.FILES.get("file")
        if upload is None:
            raise ServiceError("请选择要导入的 Excel 文件", code="file_required")
        if upload.size and upload.size > MAX_UPLOAD_BYTES:
            raise ServiceError(f"文件超过{MAX_UPLOAD_BYTES // (1024 * 1024)}MB上限", code="file_too_large")
        context["preview"] = excel.import_preview(
            by=actor_of(request), data=upload.read(MAX_UPLOAD_BYTES + 1)
        )
    except ServiceError as error:
        context["error"] = error.message
        return render(request, "archives/import.html", context, status=error.status)
    return render(request, "archives/import.html", context)


@login_required
def stats(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    period = request.GET.get("period", "day")
    try:
        day = parse_date(request.GET.get("date"), field="date", label="日期") or timezone.localdate()
    except ServiceError as error:
        messages.error(request, error.message)
        day = timezone.localdate()
    figures = selectors.same_day_figures(request.user, period, day)
    return render(
        request, "archives/stats.html", {"figures": figures, "periods": selectors.PERIODS, "day": day}
    )
