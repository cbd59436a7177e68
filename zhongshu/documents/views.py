"""Pages of 办文: thin — they read through the selectors and the access policy and write through services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import ModelMultipleChoiceField
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhongshu.access.policy import Action, get_for
from zhongshu.base.roles import Role
from zhongshu.core.errors import ServiceError
from zhongshu.core.forms import add_service_error
from zhongshu.core.htmx import vary, wants_fragment
from zhongshu.documents import incoming as incoming_services
from zhongshu.documents import services
from zhongshu.documents.actions import RULES, pending_reviews
from zhongshu.documents.dedup import most_similar
from zhongshu.documents.docx_import import body_from_docx
from zhongshu.documents.exports import register_workbook
from zhongshu.documents.forms import DraftForm, PaperIncomingForm, SubmitForm
from zhongshu.documents.models import CirculationSlip, Dispatch, Handling, OfficialDocument
from zhongshu.documents.proofreading import review_proofread
from zhongshu.documents.quotas import quota_status
from zhongshu.documents.rendering_adapter import RenderingUnavailable, document_docx
from zhongshu.documents.selectors import (
    error_compilation,
    inbox,
    incoming_register,
    outbox,
    outgoing_register,
    quota_overview,
    turnaround,
    voided_numbers,
)
from zhongshu.documents.states import DocState
from zhongshu.org.models import Person, Unit
from zhongshu.workflow.selectors import workflow_history
from zhongshu.workflow.states import StepKind, StepState


def _document(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> OfficialDocument:
    return get_for(
        request.user, OfficialDocument, pk, action, source_address=request.META.get("REMOTE_ADDR", "")
    )


def _int(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() else None


@login_required
def outgoing_list(request: HttpRequest) -> HttpResponse:
    page = outbox(request.user, before=_int(request.GET.get("before")))
    return render(request, "documents/outgoing_list.html", {"page": page})


def _draft_values(form: DraftForm) -> dict[str, Any]:
    values = dict(form.cleaned_data)
    values.pop("primary_units")
    values.pop("cc_units")
    return values


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
        "form": DraftForm(initial=initial),
        "document": document,
        "import_error": problem,
        "imported": not problem,
    }
    return render(request, "documents/draft_form.html", context, status=400 if problem else 200)


@login_required
def draft_new(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and IMPORT_BUTTON in request.POST:
        return _import_body(request, None)
    form = DraftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = _draft_values(form)
        try:
            document = services.document_draft_create(
                by=request.user,
                primary_units=form.cleaned_data["primary_units"],
                cc_units=form.cleaned_data["cc_units"],
                **values,
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
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
    form = DraftForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = _draft_values(form)
        try:
            services.document_draft_update(
                document=document,
                by=request.user,
                primary_units=form.cleaned_data["primary_units"],
                cc_units=form.cleaned_data["cc_units"],
                **values,
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
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
        "actions": RULES.available(request.user, document),
        "dispatches": document.dispatches.select_related("recipient_unit", "read_by"),
        "handlings": document.handlings.select_related("unit"),
        "slips": document.circulation.select_related("reader"),
        "person": person,
        "submit_form": SubmitForm(),
        "leaders": Person.objects.filter(is_leader=True).order_by("leader_rank", "id"),
        "units": Unit.objects.filter(is_active=True),
        "quota": quota_status(document.owner_unit_id, timezone.localdate().year)
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


def _errors_from_post(request: HttpRequest) -> list[dict[str, str]]:
    wrongs = request.POST.getlist("wrong_text")
    corrections = request.POST.getlist("correction")
    categories = request.POST.getlist("category")
    rules = request.POST.getlist("rule_id")
    confirmed = set(request.POST.getlist("confirm"))
    rows = []
    for index, wrong in enumerate(wrongs):
        if str(index) not in confirmed and index < len(rules) and rules[index]:
            continue  # a proofreader finding the reviewer did not confirm
        rows.append(
            {
                "wrong_text": wrong,
                "correction": corrections[index] if index < len(corrections) else "",
                "category": categories[index] if index < len(categories) else "other",
                "rule_id": rules[index] if index < len(rules) else "",
            }
        )
    return rows


def _people(request: HttpRequest, name: str) -> list[Person]:
    ids = [int(raw) for raw in request.POST.getlist(name) if raw.isdigit()]
    return list(Person.objects.filter(pk__in=ids))


def _units(request: HttpRequest, name: str) -> list[Unit]:
    ids = [int(raw) for raw in request.POST.getlist(name) if raw.isdigit()]
    return list(Unit.objects.filter(pk__in=ids))


def _submit(request: HttpRequest, document: OfficialDocument) -> str:
    form = SubmitForm(request.POST)
    if not form.is_valid():
        raise ServiceError("请选择核稿人和签发领导", code="invalid_input")
    services.document_submit(
        document=document,
        by=request.user,
        reviewers=list(form.cleaned_data["reviewers"]),
        countersigners=list(form.cleaned_data["countersigners"]),
        signer=form.cleaned_data["signer"],
        review_workdays=form.cleaned_data["review_workdays"],
    )
    return "已送审"


def _review(approve: bool) -> Callable[[HttpRequest, OfficialDocument], str]:
    def run(request: HttpRequest, document: OfficialDocument) -> str:
        services.document_review(
            document=document,
            by=request.user,
            approve=approve,
            opinion=request.POST.get("opinion", ""),
            confirmed_errors=_errors_from_post(request),
        )
        return "已同意" if approve else "已退回拟稿人"

    return run


def _related(model: Any, request: HttpRequest, document: OfficialDocument, name: str) -> Any:
    obj = model.objects.filter(pk=_int(request.POST.get(name)) or 0, document=document).first()
    if obj is None:
        raise ServiceError("记录不存在", code="not_found")
    return obj


ACTIONS: dict[str, Callable[[HttpRequest, OfficialDocument], str]] = {
    "submit": _submit,
    "approve": _review(True),
    "return": _review(False),
    "resubmit": lambda r, d: (services.document_resubmit(document=d, by=r.user), "已重新送审")[1],
    "sign_off": lambda r, d: (
        services.document_sign_off(document=d, by=r.user, opinion=r.POST.get("opinion", "")),
        "已签发",
    )[1],
    "recheck": lambda r, d: (
        services.document_recheck(document=d, by=r.user, note=r.POST.get("note", "")),
        "已复核",
    )[1],
    "register": lambda r, d: (
        services.document_register(
            document=d,
            by=r.user,
            copies=_int(r.POST.get("copies")) or 0,
            explanation=r.POST.get("explanation", ""),
        ),
        "已登记编号",
    )[1],
    "void_number": lambda r, d: (
        services.document_number_void(document=d, by=r.user, reason=r.POST.get("reason", "")),
        "文号已作废",
    )[1],
    "quota_override": lambda r, d: (
        services.document_quota_override(document=d, by=r.user, reason=r.POST.get("reason", "")),
        "已同意突破额度",
    )[1],
    "dispatch": lambda r, d: (services.document_dispatch(document=d, by=r.user), "已分发")[1],
    "recall": lambda r, d: (
        services.dispatch_recall(
            dispatch=_related(Dispatch, r, d, "dispatch"), by=r.user, reason=r.POST.get("reason", "")
        ),
        "已撤回",
    )[1],
    "archive": lambda r, d: (
        (services.document_hand_to_archive if d.is_outgoing else incoming_services.incoming_archive)(
            document=d, by=r.user
        ),
        "已归档",
    )[1],
    "in_register": lambda r, d: (incoming_services.incoming_register(document=d, by=r.user), "已签收登记")[1],
    "screen": lambda r, d: (
        incoming_services.incoming_screen(
            document=d, by=r.user, passed=r.POST.get("passed") == "1", note=r.POST.get("note", "")
        ),
        "已初审",
    )[1],
    "propose": lambda r, d: (
        incoming_services.incoming_propose(
            document=d,
            by=r.user,
            proposal=r.POST.get("proposal", ""),
            leader=Person.objects.filter(pk=_int(r.POST.get("leader")) or 0, is_leader=True).first()
            or _missing("请选择批示领导"),
        ),
        "已拟办",
    )[1],
    "instruct": lambda r, d: (
        incoming_services.incoming_instruct(document=d, by=r.user, instruction=r.POST.get("instruction", "")),
        "已批示",
    )[1],
    "assign": lambda r, d: (
        incoming_services.incoming_assign(
            document=d, by=r.user, units=_units(r, "units"), workdays=_int(r.POST.get("workdays")) or 0
        ),
        "已交办",
    )[1],
    "circulate": lambda r, d: (
        incoming_services.incoming_circulate(document=d, by=r.user, readers=_people(r, "readers")),
        "已送传阅",
    )[1],
    "read": lambda r, d: (
        incoming_services.circulation_read(
            slip=_related(CirculationSlip, r, d, "slip"), by=r.user, remark=r.POST.get("remark", "")
        ),
        "已阅",
    )[1],
    "remind": lambda r, d: (
        incoming_services.handling_remind(handling=_related(Handling, r, d, "handling"), by=r.user),
        "已催办",
    )[1],
    "handled": lambda r, d: (
        incoming_services.handling_complete(
            handling=_related(Handling, r, d, "handling"), by=r.user, result=r.POST.get("result", "")
        ),
        "已报告办结",
    )[1],
    "complete": lambda r, d: (incoming_services.incoming_complete(document=d, by=r.user), "已办结")[1],
    "supervise": lambda r, d: (
        incoming_services.instruction_to_supervision(document=d, by=r.user),
        "已转为督办事项",
    )[1],
}


def _missing(message: str) -> Any:
    raise ServiceError(message, code="invalid_input")


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    document = _document(request, pk)
    handler = ACTIONS.get(action)
    if handler is None:
        return HttpResponse("未知的操作", status=404)
    try:
        done = handler(request, document)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("documents:detail", document.pk)


@login_required
def download_docx(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk, Action.DOWNLOAD)
    try:
        data, filename = document_docx(document=document, by=request.user)
    except (ServiceError, RenderingUnavailable) as error:
        messages.error(request, getattr(error, "message", str(error)))
        return redirect("documents:detail", document.pk)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def inbox_page(request: HttpRequest) -> HttpResponse:
    person = services.person_of(request.user)
    page = inbox(
        request.user,
        unit_id=person.unit_id if person else None,
        before=_int(request.GET.get("before")),
        state=request.GET.get("state", ""),
    )
    return render(request, "documents/inbox.html", {"page": page, "states": DocState.choices})


@login_required
def incoming_new(request: HttpRequest) -> HttpResponse:
    form = PaperIncomingForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            document = incoming_services.incoming_register_paper(by=request.user, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"已登记，收文编号{document.incoming_number}")
            return redirect("documents:detail", document.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "documents/incoming_form.html", {"form": form}, status=status)


def _year(request: HttpRequest) -> int:
    return _int(request.GET.get("year")) or timezone.localdate().year


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
    return render(
        request,
        "documents/register_incoming.html",
        {"rows": incoming_register(request.user, year=year), "year": year},
    )


@login_required
def stats_page(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    return render(
        request, "documents/stats.html", {"year": year, "stats": turnaround(request.user, year=year)}
    )


def _date(raw: str | None, default: date) -> date:
    try:
        return date.fromisoformat(raw) if raw else default
    except ValueError:
        return default


@login_required
def errors_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    start = _date(request.GET.get("start"), today.replace(day=1))
    end = _date(request.GET.get("end"), today)
    groups = error_compilation(request.user, start=start, end=end)
    return render(request, "documents/errors.html", {"groups": groups, "start": start, "end": end})


@login_required
def quotas_page(request: HttpRequest) -> HttpResponse:
    """精文减会: each unit's counts this year and last, its quota (edited in place) and the explanations."""
    user: Any = request.user
    if not user.has_role(Role.OFFICE_DIRECTOR):
        return HttpResponse(
            "只有办公室主任才能设定发文额度", status=403, content_type="text/plain; charset=utf-8"
        )
    year = _int(request.POST.get("year") if request.method == "POST" else request.GET.get("year"))
    year = year or timezone.localdate().year
    if request.method == "POST":
        unit = Unit.objects.filter(pk=_int(request.POST.get("unit")) or 0).first()
        raw = request.POST.get("limit", "").strip()
        try:
            if unit is None:
                raise ServiceError("单位不存在", code="not_found")
            if raw and not raw.isdigit():
                raise ServiceError("发文额度须为非负整数", code="invalid_limit", field="limit")
            services.document_quota_set(unit=unit, year=year, limit=int(raw) if raw else None, by=user)
        except ServiceError as error:
            problem = error.message
        else:
            problem = ""
        if wants_fragment(request) and unit is not None:
            row = quota_overview(user, year=year, unit_id=unit.pk)[0]
            context = {"row": row, "problem": problem, "saved": not problem}
            return vary(render(request, "documents/_quota_row.html", context, status=400 if problem else 200))
        if problem:
            messages.error(request, problem)
        else:
            messages.success(request, f"已保存{unit.name if unit else ''}{year}年度发文额度")
        return redirect(f"{request.path}?year={year}")
    return vary(
        render(request, "documents/quotas.html", {"year": year, "rows": quota_overview(user, year=year)})
    )
