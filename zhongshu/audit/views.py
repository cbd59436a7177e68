"""The auditor's pages: the filtered log (keyset pages, htmx table swaps), CSV export, chain check."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from zhongshu.audit.anchor import AnchorError, Head, newest_head
from zhongshu.audit.forms import AuditFilterForm
from zhongshu.audit.models import AuditEvent
from zhongshu.audit.selectors import (
    AuditFilter,
    EventPage,
    all_filtered_events,
    known_actions,
    newest_first_page,
)
from zhongshu.audit.services import audit_chain_verify, audit_log_authorize, audit_log_viewed
from zhongshu.audit.vocabulary import action_label, object_type_label, object_types
from zhongshu.base.levels import Classification
from zhongshu.core.errors import Forbidden
from zhongshu.core.htmx import render_page_or_fragment, wants_fragment
from zhongshu.core.spreadsheets import safe_row

KIND_LABELS = {
    "anchor": "锚定记录不可信",
    "altered": "被篡改",
    "missing": "缺失",
    "inserted": "被插入",
    "renumbered": "序号被改动",
    "altered_or_inserted": "被篡改或被插入",
}
CSV_HEADER = [
    "序号",
    "时间",
    "操作人",
    "来源地址",
    "操作",
    "对象类型",
    "对象编号",
    "密级",
    "结果",
    "详情",
    "本条哈希",
]


def _forbidden(error: Forbidden) -> PermissionDenied:
    """The shell's 403 page (403.html) with the audit service's own refusal as its reason."""
    return PermissionDenied(error.message)


def _cursor(raw: str | None) -> int | None:
    try:
        value = int(raw or "")
    except ValueError:
        return None
    return value if value > 0 else None


@require_GET
@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    try:
        audit_log_authorize(user=request.user, action="audit.view")
    except Forbidden as error:
        raise _forbidden(error) from error
    form = AuditFilterForm(request.GET or None)
    filters = form.to_filter() if form.is_bound else AuditFilter()
    before = _cursor(request.GET.get("before"))
    invalid = form.is_bound and not form.is_valid()
    page = newest_first_page(filters, before=before) if not invalid else None
    audit_log_viewed(user=request.user, filters=filters.as_params(), via="web")
    params = filters.as_params()
    context = _list_context(form, filters, page, before)
    response = render_page_or_fragment(request, "audit/event_list.html", "audit/_table.html", context)
    if wants_fragment(request):
        # The address bar shows the filters in use, not the form's empty fields.
        query = urlencode({**params, **({"before": str(before)} if before else {})})
        response["HX-Push-Url"] = request.path + (f"?{query}" if query else "")
    return response


def _list_context(
    form: AuditFilterForm, filters: AuditFilter, page: EventPage | None, before: int | None
) -> dict[str, object]:
    """The list page's context; `page` is None when the filters are wrong (the page says so)."""
    params = filters.as_params()
    return {
        "form": form,
        "page": page,
        "query": urlencode(params),
        "next_query": urlencode({**params, "before": str(page.next_cursor)})
        if page and page.next_cursor
        else "",
        "before": before,
        "actions": known_actions(),
        "object_types": object_types(),
        **_anchor_context(),
    }


def _anchor_context() -> dict[str, Head | str | None]:
    """The newest head published outside the database, shown to the auditor beside the chain check."""
    try:
        return {"anchor_head": newest_head(), "anchor_error": ""}
    except AnchorError as error:
        return {"anchor_head": None, "anchor_error": str(error)}


def _csv_rows(filters: AuditFilter) -> Iterator[str]:
    class Line:
        def write(self, value: str) -> str:
            return value

    writer = csv.writer(Line())
    # Excel opens UTF-8 CSV as Chinese only with the byte-order mark first.
    yield "\ufeff" + writer.writerow(CSV_HEADER)
    for event in all_filtered_events(filters):
        # Every cell through the exports' one rule: a name or detail starting with = runs as a formula.
        yield writer.writerow(safe_row(_csv_fields(event)))


def _csv_fields(event: AuditEvent) -> list[str]:
    label = (
        Classification(event.classification).label if event.classification in Classification.values else ""
    )
    return [
        str(event.seq),
        timezone.localtime(event.occurred_at).strftime("%Y-%m-%d %H:%M:%S"),
        event.actor_name,
        event.source_address,
        action_label(event.action),
        object_type_label(event.object_type),
        event.object_id,
        str(label),
        event.get_outcome_display(),
        _details_text(event.details),
        event.entry_hash,
    ]


def _details_text(details: object) -> str:
    return json.dumps(details, ensure_ascii=False, sort_keys=True) if details else ""


@require_GET
@login_required
def export_csv(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    try:
        audit_log_authorize(user=request.user, action="audit.export")
    except Forbidden as error:
        raise _forbidden(error) from error
    form = AuditFilterForm(request.GET or None)
    filters = form.to_filter() if form.is_bound else AuditFilter()
    if form.is_bound and not form.is_valid():
        # Nothing exported: the list again, its filters marked where they are wrong.
        context = {**_list_context(form, filters, None, None), "export_refused": True}
        return render(request, "audit/event_list.html", context, status=400)
    audit_log_viewed(user=request.user, filters=filters.as_params(), via="web", action="audit.export")
    response = StreamingHttpResponse(_csv_rows(filters), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    return response


@require_POST
@login_required
def verify(request: HttpRequest) -> HttpResponse:
    try:
        result = audit_chain_verify(user=request.user, via="web")
    except Forbidden as error:
        raise _forbidden(error) from error
    kind = KIND_LABELS.get(result.problem.kind, result.problem.kind) if result.problem else ""
    context = {"result": result, "kind_label": kind, **_anchor_context()}
    return render_page_or_fragment(request, "audit/verify.html", "audit/_verify_result.html", context)
