"""Pages of the 素材库: the library, upload (one file, or many with a progress bar), one material, 金句 and
the 问题库. Thin: services write, selectors read through the access policy."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhongshu.access.policy import Action, RecordNotFound, get_for, visible
from zhongshu.accounts.actors import actor_of
from zhongshu.attachments.services import open_file
from zhongshu.audit.disclosure import audit_shown
from zhongshu.core.errors import Conflict, ServiceError
from zhongshu.core.htmx import render_page_or_fragment, wants_fragment
from zhongshu.core.inputs import FormInvalid, Input
from zhongshu.materials import schemas, selectors, services
from zhongshu.materials.actions import MATERIAL_RULES
from zhongshu.materials.cleaning import KIND_LABELS
from zhongshu.materials.forms import MaterialEditForm, classification_choices
from zhongshu.materials.models import IngestBatch, Material, MaterialType, Problem, ProblemStatus
from zhongshu.materials.roles import may_use_materials
from zhongshu.materials.states import MaterialAction

View = Callable[..., HttpResponseBase]


def library_page(view: View) -> View:
    """Signed-in office staff only; a refusal or a missing record is a Chinese page, not Django's default."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            if not may_use_materials(request.user):
                raise PermissionDenied(services.NOT_ALLOWED)
            return view(request, *args, **kwargs)
        except PermissionDenied as error:
            return _refused(request, str(error) or services.NOT_ALLOWED, 403)
        except Http404:
            return _refused(request, RecordNotFound.message, 404)

    return wrapped


def _refused(request: HttpRequest, message: str, status: int, code: str = "") -> HttpResponse:
    context = {"message": message, "may_use": may_use_materials(request.user), "error_code": code}
    return render(request, "materials/refused.html", context, status=status)


def _failed(context: dict[str, Any], error: ServiceError) -> dict[str, Any]:
    """The page's context with what was refused and why (the same code and message as the API's)."""
    return {**context, "error": error.message, "error_code": error.code, "error_field": error.field}


def _declared_length(request: HttpRequest) -> int:
    raw = str(request.META.get("CONTENT_LENGTH") or "0")
    return int(raw) if raw.isdigit() else 0


def _paged(request: HttpRequest, items: Any, per_page: int, param: str = "page") -> Page:
    """One page of a list; the page's template links its neighbours with `{% pager page "篇" param=... %}`."""
    return Paginator(items, per_page).get_page(request.GET.get(param))


def _form_context() -> dict[str, Any]:
    return {
        "types": MaterialType.choices,
        "classifications": classification_choices(),
        "max_mb": settings.ZHONGSHU_MAX_UPLOAD_MB,
    }


@library_page
def library(request: HttpRequest) -> HttpResponse:
    flt = selectors.LibraryFilter.from_params(request.GET)
    page = _paged(request, selectors.library(request.user, flt), selectors.PAGE_SIZE)
    audit_shown(request.user, page, route="materials.library")
    return render(
        request,
        "materials/library.html",
        {
            "page": page,
            "flt": flt,
            "filtered": flt != selectors.LibraryFilter(),
            "types": MaterialType.choices,
            "tags": selectors.all_tags(),
        },
    )


@library_page
def upload(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {**_form_context(), "values": {}}
    if request.method != "POST":
        return render(request, "materials/upload.html", context)
    try:
        # Refused before Django parses (and spools to disk) the body.
        schemas.refuse_oversized(_declared_length(request), *schemas.upload_limit())
        context["values"] = request.POST
        material = schemas.UploadIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
    except ServiceError as error:
        return render(request, "materials/upload.html", _failed(context, error), status=error.status)
    if isinstance(material, IngestBatch):
        # A large file: its page follows the background job's progress.
        return redirect("materials:batch", material.pk)
    messages.success(request, f"已入库，清理{len(material.removals)}处广告和标记")
    return redirect("materials:material", material.pk)


@library_page
def bulk_upload(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {
        **_form_context(),
        "values": {},
        "max_files": settings.DATA_UPLOAD_MAX_NUMBER_FILES,
    }
    if request.method != "POST":
        return render(request, "materials/bulk.html", context)
    try:
        schemas.refuse_oversized(_declared_length(request), *schemas.batch_limit())
        try:
            data = Input.of(request)
            data.values("files")
        except SuspiciousOperation:
            # More files than DATA_UPLOAD_MAX_NUMBER_FILES: Django refuses to parse them.
            raise schemas.too_many_files() from None
        context["values"] = request.POST
        batch = schemas.BulkIn.parse(data, request.user).apply(by=actor_of(request))
    except ServiceError as error:
        return render(request, "materials/bulk.html", _failed(context, error), status=error.status)
    return redirect("materials:batch", batch.pk)


@library_page
def batch_page(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_for(request.user, IngestBatch, pk)
    context = {"batch": batch, "counts": batch.counts(), "rows": batch.rows.select_related("material")}
    return render_page_or_fragment(request, "materials/batch.html", "materials/_batch_progress.html", context)


def _may(request: HttpRequest, action: str, material: Material) -> None:
    """The page of an action its rule refuses answers with the rule's reason (403)."""
    refusal = MATERIAL_RULES.check(action, request.user, material)
    if refusal is not None:
        raise PermissionDenied(refusal.message)


def _removal_rows(material: Material) -> list[dict[str, Any]]:
    return [
        {**removal, "label": KIND_LABELS.get(removal.get("kind", ""), removal.get("kind", ""))}
        for removal in material.removals
    ]


@library_page
def material_page(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "materials/material.html", _material_context(request, pk))


def _material_context(request: HttpRequest, pk: int) -> dict[str, Any]:
    material = get_for(request.user, Material.objects.prefetch_related("tags"), pk)
    return {
        "material": material,
        "paragraphs": material.paragraphs_list(),
        "removals": _removal_rows(material),
        "passages": selectors.shared_passages(request.user, material),
        "sentences": selectors.key_sentences(request.user).filter(material=material),
        "tag_text": " ".join(tag.name for tag in material.tags.all()),
        # Exactly the actions the services would accept from this person now (materials.actions).
        "actions": MATERIAL_RULES.available(request.user, material),
    }


@require_POST
@library_page
def material_tags(request: HttpRequest, pk: int) -> HttpResponse:
    material = get_for(request.user, Material, pk)
    try:
        schemas.material_action("tags", material=material, by=actor_of(request), data=Input.of(request))
    except ServiceError as error:
        # The material's page again, with the refusal above it (the same code and message as the API's).
        messages.error(request, error.message)
        context = _failed(_material_context(request, material.pk), error)
        return render(request, "materials/material.html", context, status=error.status)
    messages.success(request, schemas.MATERIAL_ACTIONS["tags"].done)
    return redirect("materials:material", material.pk)


@library_page
def material_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a material's title, type, source, date, tags and classification (uploader or director)."""
    material = get_for(request.user, Material.objects.prefetch_related("tags"), pk)
    _may(request, MaterialAction.EDIT, material)
    if request.method != "POST":
        return _edit_page(request, material, MaterialEditForm.of(material))
    try:
        edit = schemas.EditIn.parse(Input.of(request), request.user, material)
    except FormInvalid as error:
        return _edit_page(request, material, error.form, status=error.status, refusal=error)  # type: ignore[arg-type]
    except ServiceError as error:
        form = MaterialEditForm(request.POST)
        return _edit_page(request, material, form, status=error.status, refusal=error)
    form = edit.form
    try:
        edit.apply(material=material, by=actor_of(request))
    except Conflict as error:
        # Show the stored version (with its new version number) and what this editor typed, side by side,
        # read through the policy again: the other change may have raised it above this editor's clearance.
        try:
            current = get_for(request.user, Material.objects.prefetch_related("tags"), material.pk)
        except RecordNotFound:
            messages.error(request, error.message)
            return redirect("materials:library")
        return _edit_page(
            request, current, MaterialEditForm.of(current), status=409, refusal=error, mine=form
        )
    except ServiceError as error:
        if error.field and error.field in form.fields:
            form.add_error(error.field, error.message)
            return _edit_page(request, material, form, status=error.status, refusal=error, beside=True)
        return _edit_page(request, material, form, status=error.status, refusal=error)
    messages.success(request, schemas.MATERIAL_ACTIONS["edit"].done)
    return redirect("materials:material", material.pk)


def _edit_page(
    request: HttpRequest,
    material: Material,
    form: MaterialEditForm,
    *,
    status: int = 200,
    refusal: ServiceError | None = None,
    beside: bool = False,
    mine: MaterialEditForm | None = None,
) -> HttpResponse:
    """The edit page; a refusal shows above the form, or beside its field (`beside`, or the form's own)."""
    context: dict[str, Any] = {"material": material, "form": form, "mine": mine, "error": ""}
    if refusal is not None:
        context.update(error_code=refusal.code, error_message=refusal.message, error_field=refusal.field)
        if not beside and not isinstance(refusal, FormInvalid):
            context["error"] = refusal.message
    return render(request, "materials/edit.html", context, status=status)


@library_page
def material_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """删除: a confirmation page, then the withdrawal (uploader or director)."""
    material = get_for(request.user, Material, pk)
    _may(request, MaterialAction.WITHDRAW, material)
    context: dict[str, Any] = {"material": material, "reason": ""}
    if request.method != "POST":
        return render(request, "materials/withdraw.html", context)
    context["reason"] = request.POST.get("reason", "")
    try:
        schemas.material_action("withdraw", material=material, by=actor_of(request), data=Input.of(request))
    except ServiceError as error:
        return render(request, "materials/withdraw.html", _failed(context, error), status=error.status)
    messages.success(request, f"已删除素材《{material.title}》")
    return redirect("materials:library")


@library_page
def original_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    material = get_for(request.user, Material, pk, Action.DOWNLOAD)
    if material.original_file is None:
        raise PermissionDenied("没有原文件")
    stored = material.original_file
    response = HttpResponse(open_file(stored), content_type=stored.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(stored.original_name)}"
    response["Cache-Control"] = "private, no-store"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


@library_page
def key_sentence_list(request: HttpRequest) -> HttpResponse:
    material_type = str(request.GET.get("type") or "")
    tag = str(request.GET.get("tag") or "").strip()[:30]
    pinned_only = request.GET.get("pinned") == "1"
    sentences = selectors.key_sentences(
        request.user, material_type=material_type, tag=tag, pinned_only=pinned_only
    )
    page = _paged(request, sentences, selectors.SENTENCE_PAGE_SIZE)
    return render(
        request,
        "materials/key_sentences.html",
        {
            "page": page,
            "types": MaterialType.choices,
            "tags": selectors.all_tags(),
            "current": {"type": material_type, "tag": tag, "pinned": pinned_only},
        },
    )


@require_POST
@library_page
def key_sentence_pin(request: HttpRequest, pk: int) -> HttpResponse:
    sentence = schemas.key_sentence_for(request.user, pk)
    try:
        pin = schemas.PinIn.parse(Input.of(request), request.user, sentence)
        pin.apply(sentence=sentence, by=actor_of(request))
    except ServiceError as error:
        return _refused(request, error.message, error.status, error.code)
    pinned = pin.pinned
    if wants_fragment(request):
        return render(request, "materials/_pin.html", {"s": sentence, "pinned": pinned})
    return redirect(request.POST.get("next") or "materials:key_sentences")


@library_page
def problem_bank(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _problem_bank(request)
    try:
        schemas.ProblemIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
    except ServiceError as error:
        return _problem_bank(request, values=request.POST, refusal=error)
    messages.success(request, "问题已登记")
    return redirect("materials:problems")


def _problem_bank(
    request: HttpRequest, *, values: Any = None, refusal: ServiceError | None = None
) -> HttpResponse:
    context: dict[str, Any] = {
        "values": values or {},
        "statuses": ProblemStatus.choices,
        "classifications": _form_context()["classifications"],
    }
    if refusal is not None:
        context = _failed(context, refusal)
    research = _paged(request, selectors.research_problems(request.user), selectors.PAGE_SIZE, "rpage")
    supervision = _paged(request, selectors.supervision_problems(request.user), selectors.PAGE_SIZE, "spage")
    context.update(
        research=research,
        supervision=supervision,
        # Which of the research problems on this page the user may update (one query for the page).
        changeable=set(
            visible(
                Problem.objects.filter(pk__in=[p.pk for p in research]), request.user, Action.CHANGE
            ).values_list("pk", flat=True)
        ),
    )
    return render(
        request, "materials/problems.html", context, status=refusal.status if refusal is not None else 200
    )


@require_POST
@library_page
def problem_status(request: HttpRequest, pk: int) -> HttpResponse:
    problem = get_for(request.user, Problem, pk, Action.CHANGE)
    try:
        schemas.ProblemStatusIn.parse(Input.of(request), request.user, problem).apply(
            problem=problem, by=actor_of(request)
        )
    except ServiceError as error:
        return _problem_bank(request, refusal=error)
    messages.success(request, "状态已更新")
    return redirect("materials:problems")
