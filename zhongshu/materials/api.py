"""The 素材库 JSON API: materials (list, detail, upload), bulk batches' status, 金句 and the 问题库.
Thin: services write, selectors read through the access policy, errors come back as {"code", "message"}."""

from __future__ import annotations

import datetime as dt
from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from zhongshu.access.levels import Classification
from zhongshu.access.policy import get_for
from zhongshu.core.errors import Forbidden
from zhongshu.materials import selectors, services
from zhongshu.materials.actions import MATERIAL_RULES
from zhongshu.materials.models import IngestBatch, Material, MaterialType
from zhongshu.materials.roles import may_use_materials

router = Router()


class MaterialOut(Schema):
    id: int
    title: str
    material_type: str
    type_label: str
    source: str
    date: date | None
    tags: list[str]
    classification: int
    version: int


class MaterialPatchIn(Schema):
    """What an editor may correct. `version` is the one they read; fields left out stay as they are."""

    version: int
    title: str | None = None
    material_type: str | None = None
    source: str | None = None
    date: dt.date | None = None  # `dt.`: a field named date with a default hides the type in the class body
    tags: list[str] | None = None
    classification: int | None = None


class RemovalOut(Schema):
    kind: str
    text: str
    line: int


class PassageOut(Schema):
    other_id: int
    other_title: str
    here_paragraph: int
    there_paragraph: int
    here: str
    there: str
    length: int


class MaterialDetailOut(MaterialOut):
    text: str
    removals: list[RemovalOut]
    similar: list[PassageOut]
    key_sentences: list[str]
    actions: list[str]  # what the caller may do with the material now, as its page offers it


class RowOut(Schema):
    seq: int
    name: str
    status: str
    message: str
    material_id: int | None


class BatchOut(Schema):
    id: int
    total: int
    done: int
    ok: int
    errors: int
    percent: int
    finished: bool
    rows: list[RowOut]


class KeySentenceOut(Schema):
    id: int
    text: str
    score: float
    material_id: int
    material_title: str
    pinned: bool


class ProblemOut(Schema):
    id: int
    origin: str  # "supervision" (整改, read live) or "research" (调研, kept here)
    problem: str
    unit: str | None
    status: str
    found_on: date | None


def _allowed(request: HttpRequest) -> None:
    if not may_use_materials(request.user):
        raise Forbidden(services.NOT_ALLOWED, code="not_allowed")


def _out(material: Material) -> dict[str, Any]:
    return {
        "id": material.pk,
        "title": material.title,
        "material_type": material.material_type,
        "type_label": material.get_material_type_display(),
        "source": material.source,
        "date": material.date,
        "tags": [tag.name for tag in material.tags.all()],
        "classification": material.classification,
        "version": material.version,
    }


def _detail(request: HttpRequest, material: Material) -> dict[str, Any]:
    return {
        **_out(material),
        "text": material.text,
        "removals": material.removals,
        "similar": [
            {
                "other_id": p.other.pk,
                "other_title": p.other.title,
                "here_paragraph": p.here_seq,
                "there_paragraph": p.there_seq,
                "here": p.here,
                "there": p.there,
                "length": p.length,
            }
            for p in selectors.shared_passages(request.user, material)
        ],
        "key_sentences": list(material.key_sentences.values_list("text", flat=True)),
        "actions": MATERIAL_RULES.available(request.user, material),
    }


@router.get("/items", response=list[MaterialOut], summary="素材列表（按类型、标签、来源、日期筛选）")
def list_materials(
    request: HttpRequest,
    type: str = "",  # noqa: A002 - the query parameter's name on the page too
    tag: str = "",
    source: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    q: str = "",
) -> list[dict[str, Any]]:
    _allowed(request)
    flt = selectors.LibraryFilter(
        material_type=type if type in MaterialType.values else "",
        tag=tag,
        source=source,
        date_from=date_from,
        date_to=date_to,
        q=q,
    )
    return [_out(m) for m in selectors.library(request.user, flt)[:200]]


@router.get(
    "/items/{pk}", response=MaterialDetailOut, summary="一篇素材：清理后的正文、清理记录、相似段落、金句"
)
def material_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    _allowed(request)
    return _detail(request, get_for(request.user, Material, pk))


@router.post("/items", response={201: MaterialDetailOut}, summary="上传一篇素材（.txt/.docx/.pdf）")
def material_upload(
    request: HttpRequest,
    file: File[UploadedFile],
    material_type: Form[str] = MaterialType.OTHER,
    title: Form[str] = "",
    source: Form[str] = "",
    tags: Form[str] = "",
    classification: Form[int] = Classification.INTERNAL,
    date_of: Form[date | None] = None,
) -> Any:
    _allowed(request)
    material = services.material_ingest(
        uploaded=file,
        name=file.name or "",
        by=request.user,
        material_type=material_type,
        title=title,
        source=source,
        tags=tags,
        classification=classification,
        date_of=date_of,
    )
    return Status(201, _detail(request, material))


@router.patch(
    "/items/{pk}",
    response=MaterialOut,
    summary="修改素材信息（标题、类型、来源、日期、标签、密级）；version 不是最新时答 409 stale",
)
def material_update(request: HttpRequest, pk: int, payload: MaterialPatchIn) -> dict[str, Any]:
    _allowed(request)
    material = get_for(request.user, Material.objects.prefetch_related("tags"), pk)
    current: dict[str, Any] = {
        "title": material.title,
        "material_type": material.material_type,
        "source": material.source,
        "date": material.date,
        "tags": [tag.name for tag in material.tags.all()],
        "classification": material.classification,
    }
    # A field sent as null clears it where clearing means something (source, date, tags), else stays.
    for name, value in payload.dict(exclude_unset=True).items():
        if name in current and (value is not None or name in ("source", "date", "tags")):
            current[name] = value
    material = services.material_update(
        material=material,
        by=request.user,
        version=payload.version,
        title=current["title"],
        material_type=current["material_type"],
        source=current["source"] or "",
        date_of=current["date"],
        tags=current["tags"] or [],
        classification=current["classification"],
    )
    return _out(Material.objects.prefetch_related("tags").get(pk=material.pk))


@router.delete(
    "/items/{pk}",
    response={204: None},
    summary="删除素材（从素材库、检索、金句和相似段落中移除，保留审计记录）",
)
def material_withdraw(request: HttpRequest, pk: int, version: int | None = None, reason: str = "") -> Any:
    _allowed(request)
    material = get_for(request.user, Material, pk)
    services.material_withdraw(material=material, by=request.user, reason=reason, version=version)
    return Status(204, None)


@router.get("/batches/{pk}", response=BatchOut, summary="批量导入的进度和每个文件的结果")
def batch_status(request: HttpRequest, pk: int) -> dict[str, Any]:
    _allowed(request)
    batch = get_for(request.user, IngestBatch, pk)
    rows = [
        {"seq": r.seq, "name": r.name, "status": r.status, "message": r.message, "material_id": r.material_id}
        for r in batch.rows.all()
    ]
    return {"id": batch.pk, **{k: v for k, v in batch.counts().items()}, "rows": rows}


@router.get("/key-sentences", response=list[KeySentenceOut], summary="金句（按类型、标签筛选）")
def key_sentence_list(
    request: HttpRequest, type: str = "", tag: str = "", pinned: bool = False
) -> list[dict[str, Any]]:  # noqa: A002
    _allowed(request)
    rows = selectors.key_sentences(request.user, material_type=type, tag=tag, pinned_only=pinned)[:500]
    return [
        {
            "id": s.pk,
            "text": s.text,
            "score": s.score,
            "material_id": s.material_id,
            "material_title": s.material.title,
            "pinned": bool(s.pinned),  # type: ignore[attr-defined]
        }
        for s in rows
    ]


@router.get("/problems", response=list[ProblemOut], summary="问题库：督查整改发现的问题和调研发现的问题")
def problem_list(request: HttpRequest) -> list[dict[str, Any]]:
    _allowed(request)
    result: list[dict[str, Any]] = [
        {
            "id": item.pk,
            "origin": "supervision",
            "problem": item.title,
            "unit": item.lead_unit.name if item.lead_unit else None,
            "status": item.state,
            "found_on": item.created_at.date() if getattr(item, "created_at", None) else None,
        }
        for item in selectors.supervision_problems(request.user)[:500]
    ]
    result += [
        {
            "id": p.pk,
            "origin": "research",
            "problem": p.problem,
            "unit": p.unit.name if p.unit else None,
            "status": p.status,
            "found_on": p.found_on,
        }
        for p in selectors.research_problems(request.user)[:500]
    ]
    return result
