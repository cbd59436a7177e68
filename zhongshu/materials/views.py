"""Pages of the 素材库: the library, upload (one file, or many with a progress bar), one material, 金句 and
the 问题库. Thin: services write, selectors read through the access policy."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
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
from zhongshu.attachments.services import open_file
from zhongshu.base.levels import Classification
from zhongshu.core.errors import Conflict, ServiceError
from zhongshu.core.htmx import render_page_or_fragment, wants_fragment
from zhongshu.materials import batches, selectors, services
from zhongshu.materials.actions import MATERIAL_RULES
from zhongshu.materials.cleaning import KIND_LABELS
from zhongshu.materials.forms import MaterialEditForm, classification_choices
from zhongshu.materials.models import (
    IngestBatch,
    KeySentence,
    Material,
    MaterialType,
    Problem,
    ProblemStatus,
)
from zhongshu.materials.roles import may_use_materials
from zhongshu.materials.states import MaterialAction
from zhongshu.org.selectors import unit_choices

# Multipart framing and the form's other fields, on top of the file itself.
_FORM_OVERHEAD = 1024 * 1024


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


def _refused(request: HttpRequest, message: str, status: int) -> HttpResponse:
    context = {"message": message, "may_use": may_use_materials(request.user)}
    return render(request, "materials/refused.html", context, status=status)


def _batch_limit() -> int:
    return int(settings.ZHONGSHU_MATERIALS_MAX_BATCH_MB) * 1024 * 1024


def _declared_length(request: HttpRequest) -> int:
    raw = str(request.META.get("CONTENT_LENGTH") or "0")
    return int(raw) if raw.isdigit() else 0


def _date(raw: Any, label: str) -> date | None:
    raw = str(raw or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ServiceError(f"{label}格式应为 YYYY-MM-DD：{raw}", code="bad_date") from None


def _int(raw: Any, default: int) -> int:
    raw = str(raw or "").strip()
    return int(raw) if raw.isdigit() else default


@dataclass(frozen=True)
class Pager:
    """A page of a list with links to its neighbours that keep the list's filters (and other lists' pages)."""

    page: Page
    previous: str
    next: str


def _paged(request: HttpRequest, items: Any, per_page: int, param: str = "page") -> Pager:
    page = Paginator(items, per_page).get_page(request.GET.get(param))

    def link(number: int) -> str:
        query = request.GET.copy()
        query[param] = str(number)
        return f"?{query.urlencode()}"

    return Pager(
        page=page,
        previous=link(page.previous_page_number()) if page.has_previous() else "",
        next=link(page.next_page_number()) if page.has_next() else "",
    )


def _form_context() -> dict[str, Any]:
    return {
        "types": MaterialType.choices,
        "classifications": classification_choices(),
        "max_mb": settings.ZHONGSHU_MAX_UPLOAD_MB,
    }


@library_page
def library(request: HttpRequest) -> HttpResponse:
    flt = selectors.LibraryFilter.from_params(request.GET)
    pager = _paged(request, selectors.library(request.user, flt), selectors.PAGE_SIZE)
    return render(
        request,
        "materials/library.html",
        {
            "pager": pager,
            "page": pager.page,
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
    limit = services.max_upload_bytes()
    if _declared_length(request) > limit + _FORM_OVERHEAD:
        # Refused before Django parses (and spools to disk) the body.
        context["error"] = f"文件过大：超过{settings.ZHONGSHU_MAX_UPLOAD_MB}MB上限"
        return render(request, "materials/upload.html", context, status=413)
    post = request.POST
    context["values"] = post
    uploaded = request.FILES.get("file")
    try:
        if uploaded is None:
            raise ServiceError("请选择文件", code="no_file", field="file")
        material = services.material_ingest(
            uploaded=uploaded,
            name=uploaded.name or "",
            by=request.user,
            material_type=post.get("material_type", MaterialType.OTHER),
            title=post.get("title", ""),
            source=post.get("source", ""),
            date_of=_date(post.get("date"), "日期"),
            tags=post.get("tags", ""),
            classification=_int(post.get("classification"), Classification.INTERNAL),
        )
    except ServiceError as error:
        context["error"] = error.message
        return render(request, "materials/upload.html", context, status=error.status)
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
    if _declared_length(request) > _batch_limit():
        context["error"] = f"上传内容过大：一次最多{_batch_limit() // 1024 // 1024}MB，请分批上传"
        return render(request, "materials/bulk.html", context, status=413)
    try:
        files = request.FILES.getlist("files")
    except SuspiciousOperation:
        # More files than DATA_UPLOAD_MAX_NUMBER_FILES: Django refuses to parse them.
        context["error"] = (
            f"一次最多选择{settings.DATA_UPLOAD_MAX_NUMBER_FILES}个文件，更多文件请打包为 .zip 上传"
        )
        return render(request, "materials/bulk.html", context, status=400)
    post = request.POST
    context["values"] = post
    try:
        batch = batches.batch_create(
            by=request.user,
            files=files,
            material_type=post.get("material_type", MaterialType.OTHER),
            source=post.get("source", ""),
            tags=post.get("tags", ""),
            classification=_int(post.get("classification"), Classification.INTERNAL),
        )
    except ServiceError as error:
        context["error"] = error.message
        return render(request, "materials/bulk.html", context, status=error.status)
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
    material = get_for(request.user, Material.objects.prefetch_related("tags"), pk)
    return render(
        request,
        "materials/material.html",
        {
            "material": material,
            "paragraphs": material.paragraphs_list(),
            "removals": _removal_rows(material),
            "passages": selectors.shared_passages(request.user, material),
            "sentences": selectors.key_sentences(request.user).filter(material=material),
            "tag_text": " ".join(tag.name for tag in material.tags.all()),
            # Exactly the actions the services would accept from this person now (materials.actions).
            "actions": MATERIAL_RULES.available(request.user, material),
        },
    )


@require_POST
@library_page
def material_tags(request: HttpRequest, pk: int) -> HttpResponse:
    material = get_for(request.user, Material, pk)
    try:
        services.material_set_tags(
            material=material,
            tags=request.POST.get("tags", ""),
            by=request.user,
            version=_int(request.POST.get("version"), material.version),
        )
        messages.success(request, "标签已保存")
    except ServiceError as error:
        messages.error(request, error.message)
    return redirect("materials:material", material.pk)


@library_page
def material_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a material's title, type, source, date, tags and classification (uploader or director)."""
    material = get_for(request.user, Material.objects.prefetch_related("tags"), pk)
    _may(request, MaterialAction.EDIT, material)
    if request.method != "POST":
        return _edit_page(request, material, MaterialEditForm.of(material))
    form = MaterialEditForm(request.POST)
    if not form.is_valid():
        return _edit_page(request, material, form, status=400)
    try:
        services.material_update(material=material, by=request.user, **form.service_arguments())
    except Conflict as error:
        # Show the stored version (with its new version number) and what this editor typed, side by side,
        # read through the policy again: the other change may have raised it above this editor's clearance.
        try:
            current = get_for(request.user, Material.objects.prefetch_related("tags"), material.pk)
        except RecordNotFound:
            messages.error(request, error.message)
            return redirect("materials:library")
        return _edit_page(
            request, current, MaterialEditForm.of(current), status=409, error=error.message, mine=form
        )
    except ServiceError as error:
        if error.field and error.field in form.fields:
            form.add_error(error.field, error.message)
            return _edit_page(request, material, form, status=error.status)
        return _edit_page(request, material, form, status=error.status, error=error.message)
    messages.success(request, "素材信息已保存")
    return redirect("materials:material", material.pk)


def _edit_page(
    request: HttpRequest,
    material: Material,
    form: MaterialEditForm,
    *,
    status: int = 200,
    error: str = "",
    mine: MaterialEditForm | None = None,
) -> HttpResponse:
    context = {"material": material, "form": form, "error": error, "mine": mine}
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
        services.material_withdraw(
            material=material,
            by=request.user,
            reason=context["reason"],
            version=_int(request.POST.get("version"), material.version),
        )
    except ServiceError as error:
        context["error"] = error.message
        return render(request, "materials/withdraw.html", context, status=error.status)
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
    pager = _paged(request, sentences, selectors.SENTENCE_PAGE_SIZE)
    return render(
        request,
        "materials/key_sentences.html",
        {
            "pager": pager,
            "page": pager.page,
            "types": MaterialType.choices,
            "tags": selectors.all_tags(),
            "current": {"type": material_type, "tag": tag, "pinned": pinned_only},
        },
    )


@require_POST
@library_page
def key_sentence_pin(request: HttpRequest, pk: int) -> HttpResponse:
    sentence = KeySentence.objects.filter(
        pk=pk, material__in=visible(Material.objects.all(), request.user).values("pk")
    ).first()
    if sentence is None:
        from zhongshu.access.policy import RecordNotFound

        raise RecordNotFound()
    pinned = request.POST.get("pinned") == "1"
    services.key_sentence_pin(sentence=sentence, by=request.user, pinned=pinned)
    if wants_fragment(request):
        return render(request, "materials/_pin.html", {"s": sentence, "pinned": pinned})
    return redirect(request.POST.get("next") or "materials:key_sentences")


@library_page
def problem_bank(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {
        "values": {},
        "units": unit_choices(request.user),
        "statuses": ProblemStatus.choices,
        "classifications": _form_context()["classifications"],
    }
    status = 200
    if request.method == "POST":
        post = request.POST
        context["values"] = post
        try:
            unit_id = _int(post.get("unit"), 0)
            unit = unit_choices(request.user).filter(pk=unit_id).first() if unit_id else None
            if unit_id and unit is None:
                raise ServiceError("单位不存在", code="unknown_unit", field="unit")
            services.problem_create(
                by=request.user,
                problem=post.get("problem", ""),
                found_on=_date(post.get("found_on"), "发现日期"),
                unit=unit,
                tags=post.get("tags", ""),
                classification=_int(post.get("classification"), Classification.INTERNAL),
            )
        except ServiceError as error:
            context["error"] = error.message
            status = error.status
        else:
            messages.success(request, "问题已登记")
            return redirect("materials:problems")
    research = _paged(request, selectors.research_problems(request.user), selectors.PAGE_SIZE, "rpage")
    supervision = _paged(request, selectors.supervision_problems(request.user), selectors.PAGE_SIZE, "spage")
    context.update(
        research=research.page,
        research_pager=research,
        supervision=supervision.page,
        supervision_pager=supervision,
        # Which of the research problems on this page the user may update (one query for the page).
        changeable=set(
            visible(
                Problem.objects.filter(pk__in=[p.pk for p in research.page]), request.user, Action.CHANGE
            ).values_list("pk", flat=True)
        ),
    )
    return render(request, "materials/problems.html", context, status=status)


@require_POST
@library_page
def problem_status(request: HttpRequest, pk: int) -> HttpResponse:
    problem = get_for(request.user, Problem, pk, Action.CHANGE)
    try:
        services.problem_set_status(problem=problem, status=request.POST.get("status", ""), by=request.user)
        messages.success(request, "状态已更新")
    except ServiceError as error:
        messages.error(request, error.message)
    return redirect("materials:problems")
