"""One input contract per 素材库 action, for the page and the API alike.

Each contract reads a request's `Input` (the page's form with its files, or the API's JSON or multipart body)
with `parse(data, viewer, ...)`, refusing an unreadable value with a `ServiceError` (code, Chinese message,
field), and `apply(...)` calls the one service of the action. The edit keeps the Django form its page renders
(`MaterialEditForm`): the contract runs the same form for the API (`core.inputs.cleaned`), so both edges
validate alike, and the service's version check answers a stale edit with 409 `stale` on both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar, Protocol

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from zhongshu.access.policy import RecordNotFound, visible
from zhongshu.accounts.actors import Actor
from zhongshu.base.levels import Classification
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input, cleaned, form_data, max_length_of, parse_text
from zhongshu.materials import batches, services
from zhongshu.materials.forms import MaterialEditForm
from zhongshu.materials.models import IngestBatch, KeySentence, Material, MaterialType, Problem
from zhongshu.org import inputs as org_inputs
from zhongshu.org.models import Unit

VERSION = "版本号"
TAGS = "标签"
TAGS_SCHEMA = {
    "anyOf": [
        {"type": "string", "description": "空格或逗号分隔"},
        {"type": "array", "items": {"type": "string"}},
    ]
}


class TooLarge(ServiceError):
    """A request body over its limit, refused before it is read."""

    code = "too_large"
    status = 413


def refuse_oversized(declared: int, limit: int, message: str) -> None:
    """Refuse a request whose declared length is over `limit` (before Django spools its files to disk)."""
    if declared > limit:
        raise TooLarge(message)


def upload_limit() -> tuple[int, str]:
    """One file's upload: the file and the form's other fields."""
    return services.max_upload_bytes() + 1024 * 1024, f"文件过大：超过{settings.ZHONGSHU_MAX_UPLOAD_MB}MB上限"


def batch_limit() -> tuple[int, str]:
    limit = int(settings.ZHONGSHU_MATERIALS_MAX_BATCH_MB) * 1024 * 1024
    return limit, f"上传内容过大：一次最多{limit // 1024 // 1024}MB，请分批上传"


def too_many_files() -> ServiceError:
    return ServiceError(
        f"一次最多选择{settings.DATA_UPLOAD_MAX_NUMBER_FILES}个文件，更多文件请打包为 .zip 上传",
        code="too_many_files",
        field="files",
    )


def _version(data: Input) -> int | None:
    return data.integer("version", label=VERSION, low=1)


def _tags(data: Input) -> str:
    """Tags as the page types them ("a b, c") or a JSON list of names, as one text."""
    if not data.is_form and isinstance(data.data.get("tags"), list):
        return " ".join(parse_text(raw, field="tags", label=TAGS) for raw in data.values("tags"))
    return data.text("tags", label=TAGS)


def _classification(data: Input) -> int:
    value = data.integer("classification", label="密级")
    return Classification.INTERNAL if value is None else value


# --- Upload: one file, or many in a batch ---------------------------------------------------------------


@dataclass(frozen=True)
class UploadIn:
    """上传一篇素材 (.txt/.docx/.pdf, multipart): the file, its type, title, source, date, tags, classification."""

    file: UploadedFile
    material_type: str
    title: str
    source: str
    date: date | None
    tags: str = field(metadata={"schema": {"type": "string", "description": "空格或逗号分隔"}})
    classification: int

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> UploadIn:
        files = data.uploads("file", label="文件")
        if not files:
            raise ServiceError("请选择文件", code="no_file", field="file")
        # The API's earlier name for the date, still read.
        day = "date" if data.has("date") or not data.has("date_of") else "date_of"
        return cls(
            file=files[-1],
            material_type=data.text("material_type", label="类型").strip() or MaterialType.OTHER,
            title=data.text("title", label="标题", max_length=max_length_of(Material, "title")),
            source=data.text("source", label="来源", max_length=max_length_of(Material, "source")),
            date=data.date(day, label="日期", field="date"),
            tags=_tags(data),
            classification=_classification(data),
        )

    def apply(self, *, by: Actor) -> Material | IngestBatch:
        """The material, ingested at once; or, for a file over `batches.INLINE_MAX_BYTES`, the batch of one
        file that a background job ingests while its page shows the progress."""
        if (self.file.size or 0) > batches.INLINE_MAX_BYTES:
            return batches.upload_create(
                by=by,
                uploaded=self.file,
                material_type=self.material_type,
                title=self.title,
                source=self.source,
                date_of=self.date,
                tags=self.tags,
                classification=self.classification,
            )
        return services.material_ingest(
            uploaded=self.file,
            name=self.file.name or "",
            by=by,
            material_type=self.material_type,
            title=self.title,
            source=self.source,
            date_of=self.date,
            tags=self.tags,
            classification=self.classification,
        )


@dataclass(frozen=True)
class BulkIn:
    """批量导入 (multipart): many files (or .zip archives) with one type, source, tags and classification."""

    files: list[UploadedFile]
    material_type: str
    source: str
    tags: str = field(metadata={"schema": {"type": "string", "description": "空格或逗号分隔"}})
    classification: int

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> BulkIn:
        return cls(
            files=data.uploads("files", label="文件"),
            material_type=data.text("material_type", label="类型").strip() or MaterialType.OTHER,
            source=data.text("source", label="来源", max_length=max_length_of(Material, "source")),
            tags=_tags(data),
            classification=_classification(data),
        )

    def apply(self, *, by: Actor) -> IngestBatch:
        return batches.batch_create(
            by=by,
            files=list(self.files),
            material_type=self.material_type,
            source=self.source,
            tags=self.tags,
            classification=self.classification,
        )


# --- Actions on one material -----------------------------------------------------------------------------


class MaterialContract(Protocol):
    @classmethod
    def parse(cls, data: Input, viewer: Any, material: Material) -> MaterialContract: ...

    def apply(self, *, material: Material, by: Actor) -> Any: ...


# What a JSON edit may leave out or send as null and keep: the rest (source, date, tags) null clears.
_KEPT_WHEN_NULL = ("title", "material_type", "classification")


@dataclass(frozen=True)
class EditIn:
    """修改素材信息 (标题、类型、来源、日期、标签、密级). `version` is the one the editor read (a later save
    answers 409 `stale`); through the API a field left out keeps its value."""

    form_class: ClassVar[type[MaterialEditForm]] = MaterialEditForm
    values: dict[str, Any]
    form: MaterialEditForm = field(repr=False)

    @classmethod
    def parse(cls, data: Input, viewer: Any, material: Material) -> EditIn:
        if _version(data) is None:
            raise ServiceError(
                "缺少版本号：请重新打开编辑页后再修改", code="version_required", field="version"
            )
        if not data.is_form:
            raw = {
                name: value
                for name, value in data.data.items()
                if not (value is None and name in _KEPT_WHEN_NULL)
            }
            if "tags" in raw:
                raw["tags"] = _tags(data)
            data = Input(raw)
        current = {
            name: value for name, value in MaterialEditForm.of(material).initial.items() if name != "version"
        }
        form = MaterialEditForm(form_data(data, MaterialEditForm, current))
        cleaned(form)
        return cls(values=form.service_arguments(), form=form)

    def apply(self, *, material: Material, by: Actor) -> Material:
        return services.material_update(material=material, by=by, **self.values)


@dataclass(frozen=True)
class TagsIn:
    """保存标签 (the rest of the material stays), checked against the `version` the person read."""

    tags: str = field(metadata={"schema": TAGS_SCHEMA})
    version: int | None = None

    @classmethod
    def parse(cls, data: Input, viewer: Any, material: Material) -> TagsIn:
        return cls(tags=_tags(data), version=_version(data))

    def apply(self, *, material: Material, by: Actor) -> Material:
        return services.material_set_tags(material=material, tags=self.tags, by=by, version=self.version)


@dataclass(frozen=True)
class WithdrawIn:
    """删除素材 (with the reason), checked against the `version` the person read."""

    reason: str
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any, material: Material) -> WithdrawIn:
        return cls(reason=data.text("reason", label="删除理由"), version=_version(data))

    def apply(self, *, material: Material, by: Actor) -> Material:
        return services.material_withdraw(material=material, by=by, reason=self.reason, version=self.version)


@dataclass(frozen=True)
class MaterialStep:
    """An action on a material: its contract, what the page says once it is done."""

    contract: type[MaterialContract]
    done: str


# Keyed by the API's path segment (materials.actions names the same actions).
MATERIAL_ACTIONS: dict[str, MaterialStep] = {
    "edit": MaterialStep(EditIn, "素材信息已保存"),
    "tags": MaterialStep(TagsIn, "标签已保存"),
    "withdraw": MaterialStep(WithdrawIn, "已删除素材"),
}


def material_action(action: str, *, material: Material, by: Actor, data: Input) -> Any:
    """Parse `data` with the action's contract and do it; what the service returns."""
    step = MATERIAL_ACTIONS.get(action)
    if step is None:
        raise ServiceError("未知操作", code="unknown_action")
    return step.contract.parse(data, by, material).apply(material=material, by=by)


# --- 金句 --------------------------------------------------------------------------------------------------


def key_sentence_for(viewer: Any, pk: int) -> KeySentence:
    """A 金句 of a material the viewer may see, or not found."""
    sentence = KeySentence.objects.filter(
        pk=pk, material__in=visible(Material.objects.all(), viewer).values("pk")
    ).first()
    if sentence is None:
        raise RecordNotFound()
    return sentence


@dataclass(frozen=True)
class PinIn:
    """收藏 (`pinned` true) or 取消收藏 (false) a 金句."""

    pinned: bool

    @classmethod
    def parse(cls, data: Input, viewer: Any, sentence: KeySentence) -> PinIn:
        raw = data.value("pinned")
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            raise ServiceError("请说明收藏还是取消收藏", code="pinned_required", field="pinned")
        return cls(pinned=data.flag("pinned", label="收藏"))

    def apply(self, *, sentence: KeySentence, by: Actor) -> KeySentence:
        return services.key_sentence_pin(sentence=sentence, by=by, pinned=self.pinned)


# --- 问题库 ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProblemIn:
    """登记调研发现的问题: the problem, the day it was found, the unit (optional), tags, classification."""

    problem: str
    found_on: date | None
    unit: Unit | None
    tags: str = field(metadata={"schema": TAGS_SCHEMA})
    classification: int = Classification.INTERNAL

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> ProblemIn:
        return cls(
            problem=data.text("problem", label="问题"),
            found_on=data.date("found_on", label="发现日期"),
            unit=org_inputs.unit(data, "unit", viewer),
            tags=_tags(data),
            classification=_classification(data),
        )

    def apply(self, *, by: Actor) -> Problem:
        return services.problem_create(
            by=by,
            problem=self.problem,
            found_on=self.found_on,
            unit=self.unit,
            tags=self.tags,
            classification=self.classification,
        )


@dataclass(frozen=True)
class ProblemStatusIn:
    """更新问题状态."""

    status: str

    @classmethod
    def parse(cls, data: Input, viewer: Any, problem: Problem) -> ProblemStatusIn:
        return cls(status=data.text("status", label="状态").strip())

    def apply(self, *, problem: Problem, by: Actor) -> Problem:
        return services.problem_set_status(problem=problem, status=self.status, by=by)
