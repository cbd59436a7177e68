"""Pages of 办文: thin — they read through the selectors and the access policy and write through services."""

from __future__ import annotations

from datetime import date
from typing import Any, overload

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import ModelMultipleChoiceField
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from zhongshu.access.policy import Action, get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.audit.disclosure import audit_shown
from zhongshu.base.roles import Role
from zhongshu.core.errors import ServiceError
from zhongshu.core.forms import add_service_error
from zhongshu.core.inputs import FormInvalid, Input, parse_date, parse_id
from zhongshu.documents import schemas, services
from zhongshu.documents.actions import RULES, pending_reviews
from zhongshu.documents.charts import turnaround_charts
from zhongshu.documents.dedup import most_similar
from zhongshu.documents.docx_import import body_from_docx
from zhongshu.documents.exports import register_workbook
from zhongshu.documents.forms import DraftForm, PaperIncomingForm, SubmitForm
from zhongshu.documents.models import OfficialDocument
from zhongshu.documents.proofreading import review_proofread
from zhongshu.documents.publication import publication_blockers
from zhongshu.documents.quotas import document_quota_status
from zhongshu.documents.rendering_adapter import (
    DOCX_TYPE,
    RenderingUnavailable,
    document_docx,
    document_pdf,
    rendered_download,
)
from zhongshu.documents.selectors import (
    error_compilation,
    inbox,
    incoming_register,
    outbox,
    outgoing_register,
    turnaround,
    voided_numbers,
)
from zhongshu.documents.states import DocState
from zhongshu.workflow.selectors import workflow_history
from zhongshu.workflow.states import StepKind, StepState


def _document(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> OfficialDocument:
    return get_for(
        request.user, OfficialDocument, pk, action, source_address=request.META.get("REMOTE_ADDR", "")
    )


@login_required
def outgoing_list(request: HttpRequest) -> HttpResponse:
    dispatched = _day(request, "dispatched")
    page = outbox(request.user, before=parse_id(request.GET.get("before")), dispatched=dispatched)
    audit_shown(request.user, page.rows, route="documents.outgoing")
    query = urlencode({"dispatched": dispatched.isoformat()}) if dispatched else ""
    return render(
        request, "documents/outgoing_list.html", {"page": page, "dispatched": dispatched, "query": query}
    )


IMPORT_BUTTON = "import_docx"


def _import_body(request: HttpRequest, document: OfficialDocument | None) -> HttpResponse:
    """导入正文（DOCX）: the form comes back unsaved with the body from the file, or with the file's error."""
    initial: dict[str, Any] = {}
    for name, field in DraftForm.base_fields.items():
        if name in request.POST:
            multiple = isinstance(field, ModelMultipleChoiceField)
            initial[name] = request.POST.getlist(name) if multiple else request.POST.get(name)
    if "seal" not in request.POST:
        initial["seal"] = False
    problem = ""
    try:
        initial["body"] = body_from_docx(uploaded=request.FILES.get("body_docx"))
    except ServiceError as error:
        problem = error.message
    context: dict[str, Any] = {
        "form": DraftForm(initial=initial, viewer=request.user),
        "document": document,
        "import_error": problem,
        "imported": not problem,
    }
    return render(request, "documents/draft_form.html", context, status=400 if problem else 200)


def _draft_post(
    request: HttpRequest, document: OfficialDocument | None
) -> tuple[Any, OfficialDocument | None]:
    """The posted draft through its contract (the API's too): the form back with its errors, or the saved
    document."""
    try:
        draft = schemas.DraftIn.parse(Input.of(request), request.user)
    except FormInvalid as error:
        return error.form, None
    try:
        if document is None:
            saved = draft.create(by=actor_of(request))
        else:
            saved = draft.update(document=document, by=actor_of(request))
    except ServiceError as error:
        add_service_error(draft.form, error)
        return draft.form, None
    return draft.form, saved


@login_required
def draft_new(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and IMPORT_BUTTON in request.POST:
        return _import_body(request, None)
    form: Any = DraftForm(viewer=request.user)
    if request.method == "POST":
        form, document = _draft_post(request, None)
        if document is not None:
            messages.success(request, "文稿已保存")
            return redirect("documents:detail", document.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "documents/draft_form.html", {"form": form, "document": None}, status=status)


@login_required
def draft_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk, Action.CHANGE)
    if request.method == "POST" and IMPORT_BUTTON in request.POST:
        return _import_body(request, document)
    initial = {name: getattr(document, name) for name in services.EDITABLE_FIELDS}
    initial["primary_units"] = list(document.primary_units.all())
    initial["cc_units"] = list(document.cc_units.all())
    form: Any = DraftForm(initial=initial, viewer=request.user)
    if request.method == "POST":
        form, saved = _draft_post(request, document)
        if saved is not None:
            messages.success(request, "文稿已修改")
            return redirect("documents:detail", document.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "documents/draft_form.html", {"form": form, "document": document}, status=status)


def _detail_context(request: HttpRequest, document: OfficialDocument) -> dict[str, Any]:
    person = services.person_of(request.user)
    user: Any = request.user
    is_clerk_here = bool(person and user.has_role(Role.CLERK) and person.unit_id == document.owner_unit_id)
    my_steps = []
    if document.workflow_id:
        my_steps = [
            step
            for history_step in workflow_history(document.workflow)  # type: ignore[arg-type]
            for step in [history_step]
            if step.state == StepState.OPEN and person is not None and step.assignee_id == person.pk
        ]
    actions = RULES.available(request.user, document)
    context: dict[str, Any] = {
        "document": document,
        "findings": services.document_findings(document) if document.is_outgoing else [],
        "history": workflow_history(document.workflow) if document.workflow_id else [],  # type: ignore[arg-type]
        "events": document.events.all(),
        "is_clerk_here": is_clerk_here,
        "my_review_step": next(
            (s for s in my_steps if s.kind in (StepKind.REVIEW, StepKind.COUNTERSIGN)), None
        ),
        "my_sign_step": next((s for s in my_steps if s.kind == StepKind.SIGN_OFF), None),
        "pending_reviews": pending_reviews(document) if document.workflow_id else [],
        "actions": actions,
        # Why publishing would be refused now (the secrecy review's gate), shown beside the button.
        "publication_blockers": publication_blockers(document) if "publish" in actions else [],
        "dispatches": document.dispatches.select_related("recipient_unit", "read_by"),
        "handlings": document.handlings.select_related("unit"),
        "slips": document.circulation.select_related("reader"),
        "person": person,
        "submit_form": SubmitForm(viewer=request.user),
        "quota": document_quota_status(document.owner_unit_id, timezone.localdate().year)
        if document.is_outgoing
        else None,
    }
    return context


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    return render(request, "documents/detail.html", _detail_context(request, document))


@login_required
def review_page(request: HttpRequest, pk: int) -> HttpResponse:
    """核稿: the proofreader's findings inline, the most similar earlier documents, approve or return."""
    document = _document(request, pk)
    context = _detail_context(request, document)
    checked = review_proofread(document.body)
    context["proofread_text"] = checked.text
    context["proofread_findings"] = checked.findings
    context["proofread"] = checked.items
    context["similar"] = most_similar(document, user=request.user)
    return render(request, "documents/review.html", context)


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    document = _document(request, pk)
    step = schemas.DOCUMENT_ACTIONS.get(action)
    if step is None:
        return HttpResponse("未知的操作", status=404)
    try:
        schemas.document_action(action, document=document, by=actor_of(request), data=Input.of(request))
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, step.done)
    return redirect("documents:detail", document.pk)


def _download(request: HttpRequest, pk: int, make: Any, content_type: str) -> HttpResponse:
    """下载公文 as DOCX or PDF: the same guard (DOWNLOAD through the policy) and audit (in `make`) for both;
    a file that cannot be made (no LibreOffice) is a message on the document's page, never an error page."""
    document = _document(request, pk, Action.DOWNLOAD)
    try:
        data, filename = make(document=document, by=actor_of(request))
    except (ServiceError, RenderingUnavailable) as error:
        messages.error(request, getattr(error, "message", str(error)))
        return redirect("documents:detail", document.pk)
    return rendered_download(data, filename, content_type)


@login_required
def download_docx(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, document_docx, DOCX_TYPE)


@login_required
def download_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, document_pdf, "application/pdf")


@login_required
def inbox_page(request: HttpRequest) -> HttpResponse:
    person = services.person_of(request.user)
    state = request.GET.get("state", "")
    state = state if state in DocState.values else ""
    received = _day(request, "received")
    page = inbox(
        request.user,
        unit_id=person.unit_id if person else None,
        before=parse_id(request.GET.get("before")),
        state=state,
        received=received,
    )
    audit_shown(request.user, page.rows, route="documents.inbox")
    params = {"state": state, "received": received.isoformat() if received else ""}
    context = {
        "page": page,
        "states": DocState.choices,
        "state_label": DocState(state).label if state else "",
        "received": received,
        "query": urlencode({key: value for key, value in params.items() if value}),
    }
    return render(request, "documents/inbox.html", context)


@login_required
def incoming_new(request: HttpRequest) -> HttpResponse:
    form: Any = PaperIncomingForm(initial={"received_on": timezone.localdate()})
    if request.method == "POST":
        try:
            paper = schemas.PaperIncomingIn.parse(Input.of(request), request.user)
        except FormInvalid as error:
            form = error.form
        else:
            form = paper.form
            try:
                document = paper.apply(by=actor_of(request))
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, f"已登记，收文编号{document.incoming_number}")
                return redirect("documents:detail", document.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "documents/incoming_form.html", {"form": form}, status=status)


def _year(request: HttpRequest) -> int:
    return parse_id(request.GET.get("year")) or timezone.localdate().year


def _xlsx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f"attachment; filename={name}"
    return response


@login_required
def outgoing_register_page(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    if request.GET.get("format") == "xlsx":
        rows = outgoing_register(request.user, year=year, action=Action.EXPORT)
        return _xlsx(
            register_workbook("outgoing", rows, actor=request.user), f"outgoing-register-{year}.xlsx"
        )
    rows = outgoing_register(request.user, year=year)
    audit_shown(request.user, rows, route="documents.register_outgoing")
    return render(
        request,
        "documents/register_outgoing.html",
        {"rows": rows, "year": year, "voided": voided_numbers(year)},
    )


@login_required
def incoming_register_page(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    if request.GET.get("format") == "xlsx":
        rows = incoming_register(request.user, year=year, action=Action.EXPORT)
        return _xlsx(
            register_workbook("incoming", rows, actor=request.user), f"incoming-register-{year}.xlsx"
        )
    shown = audit_shown(
        request.user, incoming_register(request.user, year=year), route="documents.register_incoming"
    )
    return render(request, "documents/register_incoming.html", {"rows": shown, "year": year})


@login_required
def stats_page(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    stats = turnaround(request.user, year=year)
    context = {"year": year, "stats": stats, "charts": turnaround_charts(stats)}
    return render(request, "documents/stats.html", context)


@overload
def _day(request: HttpRequest, name: str) -> date | None: ...
@overload
def _day(request: HttpRequest, name: str, default: date) -> date: ...
def _day(request: HttpRequest, name: str, default: date | None = None) -> date | None:
    """A day of the page's filter (?received=2026-12-04, the workbench's figures link so); the default (none
    unless given) when it is missing or unreadable, as the ledger's filters read."""
    try:
        return parse_date(request.GET.get(name), field=name, label="日期") or default
    except ServiceError:
        return default


@login_required
def errors_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    start = _day(request, "start", today.replace(day=1))
    end = _day(request, "end", today)
    groups = error_compilation(request.user, start=start, end=end)
    audit_shown(request.user, [e.document for g in groups for e in g.entries], route="documents.errors")
    return render(request, "documents/errors.html", {"groups": groups, "start": start, "end": end})
