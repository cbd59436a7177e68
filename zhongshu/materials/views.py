"""Pages of the 素材库: the library, upload (one file, or many with a progress bar), one material, 金句 and
the 问题库. Thin: services write, selectors read through the access policy."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhongshu.access.levels import Classification
from zhongshu.access.policy import Action, can, get_for, visible
from zhongshu.attachments.services import open_file
from zhongshu.core.errors import ServiceError
from zhongshu.materials import batches, selectors, services
from zhongshu.materials.cleaning import KIND_LABELS
from zhongshu.materials.models import (
    IngestBatch,
    KeySentence,
    Material,
    MaterialType,
    Problem,
    ProblemStatus,
)
from zhongshu.materials.roles import may_use_materials
from zhongshu.org.models import Unit

# Multipart framing and the form's other fields, on top of the file itself.
_FORM_OVERHEAD = 1024 * 1024


def _allowed(request: HttpRequest) -> None:
    if not may_use_materials(request.user):
        raise PermissionDenied(services.NOT_ALLOWED)


def _batch_limit() -> int:
    return int(getattr(settings, "ZHONGSHU_MATERIALS_MAX_BATCH_MB", 1024)) * 1024 * 1024


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


def _form_context() -> dict[str, Any]:
    return {
        "types": MaterialType.choices,
        "classifications": [(c.value, c.label) for c in Classification if c <= Classification.SECRET],
        "max_mb": settings.ZHONGSHU_MAX_UPLOAD_MB,
    }


@login_required
def library(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    flt = selectors.LibraryFilter.from_params(request.GET)
    page = Paginator(selectors.library(request.user, flt), selectors.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "materials/library.html",
        {"page": page, "flt": flt, "types": MaterialType.choices, "tags": selectors.all_tags()},
    )


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    _allowed(request)
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


@login_required
def bulk_upload(request: HttpRequest) -> HttpResponse:
    _allowed(request)
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


@login_required
def batch_page(request: HttpRequest, pk: int) -> HttpResponse:
    _allowed(request)
    batch = get_for(request.user, IngestBatch, pk)
    context = {"batch": batch, "counts": batch.counts(), "rows": batch.rows.select_related("material")}
    template = (
        "materials/_batch_progress.html" if request.headers.get("HX-Request") else "materials/batch.html"
    )
    response = render(request, template, context)
    response["Vary"] = "HX-Request"
    return response


def _removal_rows(material: Material) -> list[dict[str, Any]]:
    return [
        {**removal, "label": KIND_LABELS.get(removal.get("kind", ""), removal.get("kind", ""))}
        for removal in material.removals
    ]


@login_required
def material_page(request: HttpRequest, pk: int) -> HttpResponse:
    _allowed(request)
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
            "may_change": can(request.user, material, Action.CHANGE),
        },
    )


@login_required
@require_POST
def material_tags(request: HttpRequest, pk: int) -> HttpResponse:
    _allowed(request)
    material = get_for(request.user, Material, pk, Action.CHANGE)
    try:
        services.material_set_tags(material=material, tags=request.POST.get("tags", ""), by=request.user)
        messages.success(request, "标签已保存")
    except ServiceError as error:
        messages.error(request, error.message)
    return redirect("materials:material", material.pk)


@login_required
def original_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    _allowed(request)
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


@login_required
def key_sentence_list(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    material_type = str(request.GET.get("type") or "")
    tag = str(request.GET.get("tag") or "").strip()[:30]
    pinned_only = request.GET.get("pinned") == "1"
    sentences = selectors.key_sentences(
        request.user, material_type=material_type, tag=tag, pinned_only=pinned_only
    )
    page = Paginator(sentences, 100).get_page(request.GET.get("page"))
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


@login_required
@require_POST
def key_sentence_pin(request: HttpRequest, pk: int) -> HttpResponse:
    _allowed(request)
    sentence = KeySentence.objects.filter(
        pk=pk, material__in=visible(Material.objects.all(), request.user).values("pk")
    ).first()
    if sentence is None:
        from zhongshu.access.policy import RecordNotFound

        raise RecordNotFound()
    pinned = request.POST.get("pinned") == "1"
    services.key_sentence_pin(sentence=sentence, by=request.user, pinned=pinned)
    if request.headers.get("HX-Request"):
        return render(request, "materials/_pin.html", {"s": sentence, "pinned": pinned})
    return redirect(request.POST.get("next") or "materials:key_sentences")


@login_required
def problem_bank(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    context: dict[str, Any] = {
        "values": {},
        "units": Unit.objects.filter(is_active=True).only("id", "name").order_by("sort_order", "code"),
        "statuses": ProblemStatus.choices,
        "classifications": _form_context()["classifications"],
    }
    status = 200
    if request.method == "POST":
        post = request.POST
        context["values"] = post
        try:
            unit_id = _int(post.get("unit"), 0)
            unit = Unit.objects.filter(pk=unit_id, is_active=True).first() if unit_id else None
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
    context["research"] = selectors.research_problems(request.user)[:200]
    context["supervision"] = selectors.supervision_problems(request.user)[:200]
    return render(request, "materials/problems.html", context, status=status)


@login_required
@require_POST
def problem_status(request: HttpRequest, pk: int) -> HttpResponse:
    _allowed(request)
    problem = get_for(request.user, Problem, pk, Action.CHANGE)
    try:
        services.problem_set_status(problem=problem, status=request.POST.get("status", ""), by=request.user)
        messages.success(request, "状态已更新")
    except ServiceError as error:
        messages.error(request, error.message)
    return redirect("materials:problems")
