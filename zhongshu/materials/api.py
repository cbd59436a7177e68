"""The 素材库 JSON API: materials (list, detail), bulk batches' status, 金句 and the 问题库, and every action the
pages offer (上传, 批量导入, 修改, 标签, 删除, 收藏金句, 登记问题, 问题状态), each with the page's contract
(materials.schemas) and service. Thin: services write, selectors read through the access policy, errors come
back as {"code", "message"} (and "field")."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from ninja import Router, Schema, Status

from zhongshu.access.policy import Action, get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.audit.disclosure import audit_shown
from zhongshu.core.errors import Forbidden
from zhongshu.core.inputs import Input, request_body
from zhongshu.materials import schemas, selectors, services
from zhongshu.materials.actions import MATERIAL_RULES
from zhongshu.materials.models import IngestBatch, KeySentence, Material, MaterialType, Problem
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


class PinOut(Schema):
    id: int
    pinned: bool


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


def _problem_out(problem: Problem) -> dict[str, Any]:
    return {
        "id": problem.pk,
        "origin": "research",
        "problem": problem.problem,
        "unit": problem.unit.name if problem.unit else None,
        "status": problem.status,
        "found_on": problem.found_on,
    }


def _multipart(request: HttpRequest) -> Input:
    """The request's fields; more files than Django parses is refused as the bulk page refuses it."""
    try:
        data = Input.of(request)
        data.values("files")
    except SuspiciousOperation:
        raise schemas.too_many_files() from None
    return data


def _declared_length(request: HttpRequest) -> int:
    raw = str(request.META.get("CONTENT_LENGTH") or "0")
    return int(raw) if raw.isdigit() else 0


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
    shown = audit_shown(request.user, selectors.library(request.user, flt)[:200], route="api.materials.items")
    return [_out(m) for m in shown]


@router.get(
    "/items/{pk}", response=MaterialDetailOut, summary="一篇素材：清理后的正文、清理记录、相似段落、金句"
)
def material_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    _allowed(request)
    return _detail(request, get_for(request.user, Material, pk))


@router.post(
    "/items",
    response={201: MaterialDetailOut, 202: BatchOut},
    summary="上传一篇素材（.txt/.docx/.pdf，multipart）；大文件在后台入库，答 202 及进度（GET /batches/{pk}）",
    openapi_extra=request_body(schemas.UploadIn),
)
def material_upload(request: HttpRequest) -> Status:
    _allowed(request)
    schemas.refuse_oversized(_declared_length(request), *schemas.upload_limit())
    material = schemas.UploadIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
    if isinstance(material, IngestBatch):
        return Status(202, _batch_out(material))
    return Status(201, _detail(request, material))


def _act(request: HttpRequest, pk: int, action: str, data: Input | None = None) -> Material:
    """The page's action `action` on material `pk`, from the request's JSON or multipart body."""
    _allowed(request)
    material = get_for(request.user, Material.objects.prefetch_related("tags"), pk)
    data = Input.of(request) if data is None else data
    return schemas.material_action(action, material=material, by=actor_of(request), data=data)


@router.post(
    "/items/{pk}/edit",
    response=MaterialDetailOut,
    summary="修改素材信息（未给出的字段不变）；version 不是最新时答 409 stale",
    openapi_extra=request_body(schemas.EditIn),
)
def material_edit(request: HttpRequest, pk: int) -> dict[str, Any]:
    material = _act(request, pk, "edit")
    return _detail(request, get_for(request.user, Material.objects.prefetch_related("tags"), material.pk))


@router.patch(
    "/items/{pk}",
    response=MaterialOut,
    summary="修改素材信息（同 POST /items/{pk}/edit）；version 不是最新时答 409 stale",
    openapi_extra=request_body(schemas.EditIn),
)
def material_update(request: HttpRequest, pk: int) -> dict[str, Any]:
    material = _act(request, pk, "edit")
    return _out(Material.objects.prefetch_related("tags").get(pk=material.pk))


@router.post(
    "/items/{pk}/tags",
    response=MaterialDetailOut,
    summary="保存标签；version 不是最新时答 409 stale",
    openapi_extra=request_body(schemas.TagsIn),
)
def material_tags(request: HttpRequest, pk: int) -> dict[str, Any]:
    material = _act(request, pk, "tags")
    return _detail(request, get_for(request.user, Material.objects.prefetch_related("tags"), material.pk))


@router.post(
    "/items/{pk}/withdraw",
    response={204: None},
    summary="删除素材（从素材库、检索、金句和相似段落中移除，保留审计记录）",
    openapi_extra=request_body(schemas.WithdrawIn),
)
def material_withdraw_post(request: HttpRequest, pk: int) -> Status:
    _act(request, pk, "withdraw")
    return Status(204, None)


@router.delete(
    "/items/{pk}",
    response={204: None},
    summary="删除素材（同 POST /items/{pk}/withdraw，version 和 reason 在查询参数中）",
)
def material_withdraw(request: HttpRequest, pk: int) -> Status:
    # `version` and `reason` in the query, read by the same contract as the page's form.
    _act(request, pk, "withdraw", Input(request.GET))
    return Status(204, None)


@router.post(
    "/batches",
    response={201: BatchOut},
    summary="批量导入（multipart：多个文件或 .zip）；进度见 GET /batches/{pk}",
    openapi_extra=request_body(schemas.BulkIn),
)
def batch_create(request: HttpRequest) -> Status:
    _allowed(request)
    schemas.refuse_oversized(_declared_length(request), *schemas.batch_limit())
    batch = schemas.BulkIn.parse(_multipart(request), request.user).apply(by=actor_of(request))
    return Status(201, _batch_out(batch))


@router.get("/batches/{pk}", response=BatchOut, summary="批量导入的进度和每个文件的结果")
def batch_status(request: HttpRequest, pk: int) -> dict[str, Any]:
    _allowed(request)
    return _batch_out(get_for(request.user, IngestBatch, pk))


def _batch_out(batch: IngestBatch) -> dict[str, Any]:
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


@router.post(
    "/key-sentences/{pk}/pin",
    response=PinOut,
    summary="收藏或取消收藏金句",
    openapi_extra=request_body(schemas.PinIn),
)
def key_sentence_pin(request: HttpRequest, pk: int) -> dict[str, Any]:
    _allowed(request)
    sentence: KeySentence = schemas.key_sentence_for(request.user, pk)
    pin = schemas.PinIn.parse(Input.of(request), request.user, sentence)
    pin.apply(sentence=sentence, by=actor_of(request))
    return {"id": sentence.pk, "pinned": pin.pinned}


@router.post(
    "/problems",
    response={201: ProblemOut},
    summary="登记调研发现的问题",
    openapi_extra=request_body(schemas.ProblemIn),
)
def problem_create(request: HttpRequest) -> Status:
    _allowed(request)
    problem = schemas.ProblemIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
    return Status(201, _problem_out(problem))


@router.post(
    "/problems/{pk}/status",
    response=ProblemOut,
    summary="更新调研问题的状态",
    openapi_extra=request_body(schemas.ProblemStatusIn),
)
def problem_status(request: HttpRequest, pk: int) -> dict[str, Any]:
    _allowed(request)
    problem = get_for(request.user, Problem, pk, Action.CHANGE)
    problem = schemas.ProblemStatusIn.parse(Input.of(request), request.user, problem).apply(
        problem=problem, by=actor_of(request)
    )
    return _problem_out(problem)


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
    result += [_problem_out(p) for p in selectors.research_problems(request.user)[:500]]
    return result
