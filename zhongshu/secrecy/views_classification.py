"""机要保密 · 定密: 待我审定 (the officer's queue; for everyone else the matters they proposed), 定密登记簿 (filters
by kind, level, unit, year and state, with its Excel export), 年度审查 (every secret in force), a decision's page
(its record, parts, decide and review forms), the proposal form (a search box offering only the records the
proposer may see and change) and the classification officers (定密责任人). Registers the tab, the to-dos, the
expiry tick, the decisions' access scope and their link to the record they are about."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhongshu.access.links import source_of
from zhongshu.access.policy import get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.audit.disclosure import audit_shown
from zhongshu.base.levels import Classification, highest_level_for
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.core.inputs import Input
from zhongshu.org.models import Unit
from zhongshu.secrecy import classification as service
from zhongshu.secrecy.actions_classification import RULES
from zhongshu.secrecy.models_classification import (
    ClassificationDecision,
    ClassificationOfficer,
    DecisionKind,
    DecisionState,
    ReviewVerdict,
)
from zhongshu.secrecy.roles import keeps_ledger, may_use_secrecy
from zhongshu.secrecy.schemas_classification import (
    DecideIn,
    OfficerEndIn,
    OfficerIn,
    ProposeIn,
    ReviewIn,
    parse_filters,
    parse_queue,
)

TAB = "classification"
MOST_ROWS = 500
EXPORT_COLUMNS = (
    "序号",
    "类别",
    "记录类型",
    "记录",
    "定密单位",
    "密级",
    "保密期限（年）",
    "原密级",
    "定密依据",
    "理由",
    "承办人",
    "提出时间",
    "审定人",
    "审定时间",
    "审定意见",
    "状态",
    "起算日期",
    "届满日期",
    "当前状况",
)


def allowed(request: HttpRequest) -> None:
    if not may_use_secrecy(request.user):
        raise PermissionDenied("无权使用机要保密")


def _person_name(user: Any) -> str:
    person = getattr(user, "person_or_none", None) if user is not None else None
    return person.name if person is not None else ""


@login_required
def pending(request: HttpRequest) -> HttpResponse:
    """待我审定; for someone who decides nothing, the matters they proposed."""
    allowed(request)
    officer = service.is_officer(request.user)
    if officer:
        rows = list(service.pending_for(request.user)[:MOST_ROWS])
    else:
        rows = list(
            service.visible_decisions(request.user)
            .filter(proposed_by_id=request.user.pk)
            .order_by("-proposed_at", "-pk")[:MOST_ROWS]
        )
    shown = service.records_shown(((row.content_type_id, row.object_id) for row in rows), request.user)
    audit_shown(request.user, rows, route="secrecy.classification_pending")
    return render(
        request,
        "secrecy/classification/pending.html",
        {
            "current_tab": TAB,
            "officer": officer,
            "lines": _lines(rows, shown),
            "waiting": service.unreviewed_count(request.user) if officer else 0,
        },
    )


def _lines(rows: list[ClassificationDecision], shown: dict[tuple[int, int], service.Shown]) -> list[Any]:
    today = timezone.localdate()
    return [
        {
            "decision": row,
            "label": service.decision_label(row),
            "record": shown.get((row.content_type_id, row.object_id), service.HIDDEN),
            "noun": service.noun_of(row.content_type_id),
            "standing": service.standing(row, today),
            "proposer": _person_name(row.proposed_by),
            "decider": _person_name(row.decided_by),
        }
        for row in rows
    ]


def _filters(request: HttpRequest) -> tuple[service.Filters, ServiceError | None]:
    try:
        return parse_filters(Input(request.GET)), None
    except ServiceError as error:
        return service.Filters(), error


@login_required
def register_page(request: HttpRequest) -> HttpResponse:
    """定密登记簿: every decision the viewer may read; a record they may not see is listed without its title."""
    allowed(request)
    filters, error = _filters(request)
    rows = list(service.filtered(service.visible_decisions(request.user), filters)[:MOST_ROWS])
    shown = service.records_shown(((row.content_type_id, row.object_id) for row in rows), request.user)
    audit_shown(request.user, rows, route="secrecy.classification_register")
    return render(
        request,
        "secrecy/classification/register.html",
        {
            "current_tab": TAB,
            "lines": _lines(rows, shown),
            "more": len(rows) == MOST_ROWS,
            "filters": filters,
            "kinds": DecisionKind.choices,
            "levels": Classification.choices,
            "states": DecisionState.choices,
            "chosen_unit": Unit.objects.filter(pk=filters.unit_id).first() if filters.unit_id else None,
            "everyone": service.sees_register(request.user),
            "error": error,
            "query": request.GET.urlencode(),
        },
        status=400 if error else 200,
    )


@login_required
def export(request: HttpRequest) -> HttpResponse:
    """导出 Excel: the register's rows under the same filters; a record the viewer may not see shows no title."""
    from openpyxl import Workbook

    from zhongshu.audit.disclosure import Shown
    from zhongshu.core.spreadsheets import append_row

    allowed(request)
    filters, error = _filters(request)
    if error is not None:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    rows = list(service.filtered(service.visible_decisions(request.user), filters))
    shown = service.records_shown(((row.content_type_id, row.object_id) for row in rows), request.user)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook always has its sheet
    sheet.title = "定密登记簿"
    sheet.append(list(EXPORT_COLUMNS))
    tally = Shown()
    today = timezone.localdate()
    for line in _lines(rows, shown):
        decision = line["decision"]
        tally.add(decision)
        append_row(
            sheet,
            [
                decision.pk,
                decision.get_kind_display(),
                line["noun"],
                line["record"].title,
                decision.unit.name if decision.unit else "",
                decision.get_classification_display(),
                decision.secrecy_term_years or "",
                Classification(decision.previous_classification).label
                if decision.previous_classification is not None
                else "",
                decision.basis,
                decision.reason,
                line["proposer"],
                timezone.localtime(decision.proposed_at).strftime("%Y-%m-%d %H:%M"),
                line["decider"],
                timezone.localtime(decision.decided_at).strftime("%Y-%m-%d %H:%M")
                if decision.decided_at
                else "",
                decision.opinion,
                decision.get_state_display(),
                decision.starts_on.isoformat() if decision.starts_on else "",
                decision.ends_on.isoformat() if decision.ends_on else "",
                service.standing(decision, today).label,
            ],
        )
    tally.record(
        request.user,
        action="secrecy.classification.export",
        route="secrecy.classification_register",
        always=True,
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        "attachment; filename*=UTF-8''%E5%AE%9A%E5%AF%86%E7%99%BB%E8%AE%B0%E7%B0%BF.xlsx"
    )
    return response


@login_required
def review_page(request: HttpRequest) -> HttpResponse:
    """年度定密审查: for the secrecy office and the officers, every secret in force on the day."""
    allowed(request)
    try:
        on, unit_id = parse_queue(Input(request.GET))
        error = None
    except ServiceError as refused:
        on, unit_id, error = timezone.localdate(), None, refused
    try:
        queue = service.review_queue_for(request.user, on=on, unit_id=unit_id)
    except Forbidden as refused:
        raise PermissionDenied(refused.message) from None
    page = queue[:MOST_ROWS]
    shown = service.records_shown(((line.content_type_id, line.object_id) for line in page), request.user)
    audit_shown(
        request.user,
        [line for line in page if (line.content_type_id, line.object_id) in shown],
        route="secrecy.classification_review",
        ref=lambda line: ("secrecy.classificationdecision", line.decision_id),
    )
    units = {unit.pk: unit.name for unit in Unit.objects.filter(pk__in={line.unit_id for line in page})}
    lines = [
        {
            "line": line,
            "record": shown.get((line.content_type_id, line.object_id), service.HIDDEN),
            "noun": service.noun_of(line.content_type_id),
            "unit": units.get(line.unit_id or 0, ""),
            "level": Classification(line.classification).label,
            "reviewed": ReviewVerdict(line.reviewed).label if line.reviewed else "",
        }
        for line in page
    ]
    return render(
        request,
        "secrecy/classification/review.html",
        {
            "current_tab": TAB,
            "lines": lines,
            "total": len(queue),
            "reviewed": sum(1 for line in queue if line.reviewed),
            "more": len(queue) > MOST_ROWS,
            "on": on,
            "chosen_unit": Unit.objects.filter(pk=unit_id).first() if unit_id else None,
            "error": error,
        },
        status=400 if error else 200,
    )


def _decision(request: HttpRequest, pk: int) -> ClassificationDecision:
    allowed(request)
    return get_for(
        request.user,
        ClassificationDecision.objects.select_related("unit", "proposed_by__person", "decided_by__person"),
        pk,
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision(request, pk)
    link = source_of(decision, request.user)
    parts = service.records_shown(
        ((part.content_type_id, part.object_id) for part in decision.parts.all()), request.user
    )
    part_lines = [
        {"noun": service.noun_of(part.content_type_id), "record": parts.get(key, service.HIDDEN)}
        for part in decision.parts.all()
        for key in [(part.content_type_id, part.object_id)]
    ]
    return render(
        request,
        "secrecy/classification/detail.html",
        {
            "current_tab": TAB,
            "decision": decision,
            "label": service.decision_label(decision),
            "link": link,
            "noun": service.noun_of(decision.content_type_id),
            "parts": part_lines,
            "people": list(decision.need_to_know_people.all()),
            "units": list(decision.need_to_know_units.all()),
            "reviews": list(decision.reviews.select_related("reviewed_by__person").order_by("-year")),
            "standing": service.standing(decision),
            "actions": RULES.available(request.user, decision),
            "proposer": _person_name(decision.proposed_by),
            "decider": _person_name(decision.decided_by),
            "verdicts": ReviewVerdict.choices,
            "year": timezone.localdate().year,
        },
    )


def _act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    decision = _decision(request, pk)
    refusal = RULES.check(action, request.user, decision)
    if refusal is not None and refusal.forbidden:  # who may act is judged before what was typed
        raise PermissionDenied(refusal.message)
    try:
        if action == "decide":
            DecideIn.parse(Input.of(request), request.user).apply(by=actor_of(request), decision=decision)
            messages.success(request, "已审定")
        else:
            ReviewIn.parse(Input.of(request), request.user).apply(by=actor_of(request), decision=decision)
            messages.success(request, "已记录年度审查结论")
    except ServiceError as error:
        if isinstance(error, Forbidden):
            raise PermissionDenied(str(error)) from None
        messages.error(request, str(error))
    return redirect(service.decision_url(decision))


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "decide")


@login_required
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "review")


def _form(request: HttpRequest, values: Any, *, error: ServiceError | None = None) -> HttpResponse:
    """The proposal form: the search box and its results (records the proposer may see and change), the
    chosen record and parts, and the fields."""
    query = request.GET.get("q", "")[:100]
    record_ref = values.get("record", "") if hasattr(values, "get") else ""
    part_refs = [ref for ref in (values.getlist("part") if hasattr(values, "getlist") else []) if ref]
    record = _chosen(request, record_ref, change=True)
    parts = [found for found in (_chosen(request, ref, change=False) for ref in part_refs) if found]
    person = getattr(request.user, "person_or_none", None)
    top = highest_level_for(person.clearance if person is not None else 0)
    base = {"record": record_ref, "part": part_refs}

    def keep(**changes: Any) -> str:
        return "?" + urlencode({**base, "q": query, **changes}, doseq=True)

    results = service.choosable_records(request.user, query) if query else []
    return render(
        request,
        "secrecy/classification/new.html",
        {
            "current_tab": TAB,
            "query": query,
            "results": [
                {
                    "choice": choice,
                    "as_record": keep(record=choice.ref),
                    "as_part": keep(part=[*part_refs, choice.ref]),
                }
                for choice in results
            ],
            "record": record,
            "parts": parts,
            "part_refs": part_refs,
            "values": values,
            "kinds": DecisionKind.choices,
            "levels": [(int(level), level.label) for level in Classification if level <= top],
            "defaults": {level.label: service.default_term(level) for level in service.SECRET_LEVELS},
            "error": error,
            "error_field": getattr(error, "field", None),
        },
        status=400 if error else 200,
    )


def _chosen(request: HttpRequest, ref: str, *, change: bool) -> service.RecordChoice | None:
    from zhongshu.access.policy import Action

    if not ref:
        return None
    key, object_id = service.parse_ref(ref)
    kind = service.kind_for(key)
    try:
        record = service.record_for(
            request.user, key, object_id, action=Action.CHANGE if change else Action.VIEW, field="record"
        )
    except ServiceError:
        return None
    return service._choice(kind, record) if kind is not None else None


@login_required
def new(request: HttpRequest) -> HttpResponse:
    allowed(request)
    if request.method == "POST":
        try:
            decision = ProposeIn.parse(Input.of(request), request.user).propose(by=actor_of(request))
        except ServiceError as error:
            return _form(request, request.POST, error=error)
        messages.success(request, "已提出，等待定密责任人审定")
        return redirect(service.decision_url(decision))
    return _form(request, request.GET)


@login_required
def officers(request: HttpRequest) -> HttpResponse:
    """定密责任人: who decides for which unit, from when to when; the secrecy office names and ends them."""
    allowed(request)
    error: ServiceError | None = None
    if request.method == "POST":
        try:
            OfficerIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
            messages.success(request, "已指定定密责任人")
            return redirect("secrecy:classification_officers")
        except ServiceError as refused:
            if isinstance(refused, Forbidden):
                raise PermissionDenied(str(refused)) from None
            error = refused
    rows = ClassificationOfficer.objects.select_related("person", "unit").order_by("unit__name", "-starts_on")
    today = timezone.localdate()
    return render(
        request,
        "secrecy/classification/officers.html",
        {
            "current_tab": TAB,
            "rows": [
                {
                    "officer": row,
                    "active": row.starts_on <= today and (row.ends_on is None or row.ends_on >= today),
                }
                for row in rows
            ],
            "keeper": keeps_ledger(request.user),
            "today": today,
            "error": error,
            "values": request.POST if request.method == "POST" else {},
        },
        status=400 if error else 200,
    )


@login_required
@require_POST
def officer_end(request: HttpRequest, pk: int) -> HttpResponse:
    allowed(request)
    officer = ClassificationOfficer.objects.filter(pk=pk).first()
    if officer is None:
        raise Http404("定密责任人不存在")
    try:
        OfficerEndIn.parse(Input.of(request), request.user).apply(by=actor_of(request), officer=officer)
        messages.success(request, "已终止")
    except ServiceError as error:
        if isinstance(error, Forbidden):
            raise PermissionDenied(str(error)) from None
        messages.error(request, str(error))
    return redirect("secrecy:classification_officers")


urlpatterns: list[URLPattern] = [
    path("classification/", pending, name="classification_pending"),
    path("classification/register/", register_page, name="classification_register"),
    path("classification/register.xlsx", export, name="classification_export"),
    path("classification/review/", review_page, name="classification_review"),
    path("classification/new/", new, name="classification_new"),
    path("classification/officers/", officers, name="classification_officers"),
    path("classification/officers/<int:pk>/end/", officer_end, name="classification_officer_end"),
    path("classification/<int:pk>/", detail, name="classification_decision"),
    path("classification/<int:pk>/decide/", decide, name="classification_decide"),
    path("classification/<int:pk>/review/", review, name="classification_review_mark"),
]


def register() -> None:
    """The tab (定密, order 10), the decisions' access scope and their link to their record, the to-dos (the
    officer's pending decisions and the year's unreviewed secrets) and the expiry tick."""
    from zhongshu.access.links import register_derived
    from zhongshu.access.policy import register_scope
    from zhongshu.core.jobs import register_tick
    from zhongshu.core.todos import register_todo_source
    from zhongshu.secrecy.tabs import BAR

    BAR.register("classification", "定密", "secrecy:classification_pending", 10, may_use_secrecy)
    register_scope(ClassificationDecision, service.decision_scope)
    register_derived(
        ClassificationDecision,
        type_field="content_type",
        id_field="object_id",
        noun="定密决定",
        title=service.decision_label,
        url=service.decision_url,
        newest="proposed_at",
        state=lambda decision: decision.get_state_display(),
    )
    register_todo_source("secrecy.classification", service.todos)
    register_tick("secrecy.classification_expiry", lambda: service.expire_due())
