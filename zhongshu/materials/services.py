"""Every write of the 素材库: ingesting a material (extract → clean → index → find shared passages → 金句),
tags, pins, the 问题库's own problems. Each runs in one transaction and records its audit event last, so
a refused or failed file leaves nothing behind.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from zhongshu.access.policy import viewer_of, visible
from zhongshu.accounts.actors import Actor
from zhongshu.attachments.services import seal_files_of, store_file
from zhongshu.audit.services import audit_record
from zhongshu.base.levels import Classification
from zhongshu.base.roles import Role
from zhongshu.core.errors import Conflict, Forbidden, ServiceError
from zhongshu.materials import extraction, ingest
from zhongshu.materials.actions import MATERIAL_RULES, NOT_ALLOWED, WITHDRAWN
from zhongshu.materials.actions import NOT_OWNER as NOT_OWNER  # pages and tests read it here
from zhongshu.materials.models import (
    Fingerprint,
    KeySentence,
    Material,
    MaterialParagraph,
    MaterialType,
    Problem,
    ProblemStatus,
    SimilarPassage,
    Tag,
)
from zhongshu.materials.roles import may_use_materials
from zhongshu.materials.states import MaterialAction
from zhongshu.org.models import Unit

# NOT_ALLOWED, NOT_OWNER and WITHDRAWN are the refusals of `materials.actions`, imported above.
STALE = "保存失败：您打开编辑页后，这篇素材已被他人修改。请核对最新内容后重新修改"
LOWERING = "降低涉密素材的密级须由办公室主任或保密员办理"
# Who may lower a state secret's level (the secrecy law leaves changes of classification to whoever decides
# it, 定密责任人: in an office, its director or the 保密员 acting for them), beside the right to edit at all.
MAY_LOWER = (Role.OFFICE_DIRECTOR, Role.SECRECY_OFFICER)
MAX_TAGS = 10


def max_upload_bytes() -> int:
    return int(settings.ZHONGSHU_MAX_UPLOAD_MB) * 1024 * 1024


def _require(by: Actor) -> None:
    if not may_use_materials(by):
        raise Forbidden(NOT_ALLOWED, code="not_allowed")


def parse_tags(raw: str | list[str]) -> list[str]:
    """Tags from "a, b；c d" or a list: trimmed, each once, at most MAX_TAGS of at most 30 characters."""
    pieces = (
        raw
        if isinstance(raw, list)
        else raw.replace("；", ",").replace("，", ",").replace("、", ",").split(",")
    )
    names: list[str] = []
    for piece in pieces:
        for name in str(piece).split():
            if len(name) > 30:
                raise ServiceError(f"标签过长（最多30字）：{name[:30]}…", code="bad_tag", field="tags")
            if name not in names:
                names.append(name)
    if len(names) > MAX_TAGS:
        raise ServiceError(f"标签最多{MAX_TAGS}个", code="bad_tag", field="tags")
    return names


def _tags(names: list[str]) -> list[Tag]:
    return [Tag.objects.get_or_create(name=name)[0] for name in names]


def content_hash_of(text: str) -> str:
    return ingest.content_hash(text)


def _choice(value: str, choices: type[MaterialType]) -> str:
    if value not in choices.values:
        raise ServiceError(f"素材类型不正确：{value}", code="bad_type", field="material_type")
    return value


def _classification(value: int) -> int:
    if value not in Classification.values:
        raise ServiceError(f"密级不正确：{value}", code="bad_classification", field="classification")
    return value


def material_ingest(
    *,
    uploaded: Any,
    name: str,
    by: Actor,
    material_type: str = MaterialType.OTHER,
    title: str = "",
    source: str = "",
    date_of: date | None = None,
    tags: str | list[str] = "",
    classification: int = Classification.INTERNAL,
    progress: ingest.Progress | None = None,
) -> Material:
    """Extract, clean and file one material; refuse bad files and exact duplicates with a clear message.

    The work is `materials.ingest`'s, in short transactions; a text longer than one part becomes several
    materials, of which this returns the first. `progress` hears the share done (0 to 1) now and then."""
    _require(by)
    description = ingest.Description(
        material_type=_choice(material_type, MaterialType),
        title=title,
        source=source,
        date_of=date_of,
        tags=parse_tags(tags),
        classification=_classification(int(classification)),
    )
    materials = ingest.ingest_file(
        uploaded,
        name=name,
        by=by,
        description=description,
        max_bytes=max_upload_bytes(),
        store_original=lambda source: _store_original(source, by, description.classification),
        refuse_duplicate=lambda digest: _refuse_duplicate(digest, by),
        progress=progress,
    )
    return materials[0]


class _Original:
    """The file as the store reads it: its name, and its bytes (a non-UTF-8 text re-encoded as UTF-8)."""

    def __init__(self, source: extraction.TextSource) -> None:
        self.name = source.name
        self._source = source

    def chunks(self) -> Any:
        return self._source.original_chunks()


def _store_original(source: extraction.TextSource, by: Actor, classification: int) -> Any:
    """Called once every part is written, just before they enter the library (`classification` is the
    materials' level, for the store to choose how to keep the file)."""
    return store_file(uploaded=_Original(source), by=by, allowed_kinds={source.kind})


def _refuse_duplicate(digest: str, by: Actor) -> None:
    existing = Material.objects.filter(content_hash=digest).first()
    if existing is None:
        return
    if visible(Material.objects.filter(pk=existing.pk), by).exists():
        raise Conflict(
            f"素材库中已有相同内容的素材：《{existing.title}》（编号{existing.pk}）", code="duplicate"
        )
    raise Conflict("素材库中已有相同内容的素材", code="duplicate")


def _locked(material: Material, version: int | None, action: str, by: Actor) -> Material:
    """The material's row, locked, once its rule lets `by` take `action` on it now (`materials.actions`);
    `Conflict` when it was withdrawn, or changed since the caller read it (`version`)."""
    locked = Material.objects.select_for_update().filter(pk=material.pk).first()
    if locked is None:
        raise Conflict(WITHDRAWN, code="withdrawn")
    MATERIAL_RULES.require(action, by, locked)
    expected = material.version if version is None else version
    if locked.version != expected:
        raise Conflict(STALE, code="stale")
    return locked


def _title(value: str) -> str:
    title = " ".join(value.split())
    if not title:
        raise ServiceError("请填写标题", code="required", field="title")
    if len(title) > 200:
        raise ServiceError("标题过长（最多200字）", code="too_long", field="title")
    return title


def _editable_classification(value: int, by: Actor) -> int:
    classification = _classification(int(value))
    # Marking a material above what the editor may know would hide it from the editor at once.
    if classification > viewer_of(by).highest_level:
        raise ServiceError(
            "密级不能高于本人可知悉的最高密级", code="classification_too_high", field="classification"
        )
    return classification


def material_update(
    *,
    material: Material,
    by: Actor,
    version: int,
    title: str,
    material_type: str,
    source: str,
    date_of: date | None,
    tags: str | list[str],
    classification: int,
) -> Material:
    """Correct a material's description. `version` is the one the editor read: a later save refuses it."""
    return _update(
        MaterialAction.EDIT,
        material=material,
        by=by,
        version=version,
        title=title,
        material_type=material_type,
        source=source,
        date_of=date_of,
        tags=tags,
        classification=classification,
    )


def _update(
    action: str,
    *,
    material: Material,
    by: Actor,
    version: int,
    title: str,
    material_type: str,
    source: str,
    date_of: date | None,
    tags: str | list[str],
    classification: int,
) -> Material:
    with transaction.atomic():
        locked = _locked(material, version, action, by)
        level = _editable_classification(classification, by)
        values = {
            "title": _title(title),
            "material_type": _choice(material_type, MaterialType),
            "source": " ".join(source.split())[:200],
            "date": date_of,
            "classification": level,
        }
        tag_names = parse_tags(tags)
        _may_reclassify(locked.classification, level, by)
        changed = [name for name, value in values.items() if getattr(locked, name) != value]
        before_tags = sorted(locked.tags.values_list("name", flat=True))
        tags_changed = before_tags != sorted(tag_names)
        if not changed and not tags_changed:
            return locked
        before = {name: _plain(getattr(locked, name)) for name in changed if name != "title"}
        for name in changed:
            setattr(locked, name, values[name])
        locked.version += 1
        locked.save(update_fields=[*changed, "version"])
        if "classification" in changed and Classification(level).is_state_secret:
            # Raised to 秘密 or above: an original still kept in clear (stored before every file was) is not.
            seal_files_of(locked, by=by, also=[locked.original_file])
        if tags_changed:
            locked.tags.set(_tags(tag_names))
        # The log names the record by id: a title (possibly of a classified material) never goes in.
        after = {name: _plain(values[name]) for name in changed if name != "title"}
        if tags_changed:
            before["tags"], after["tags"] = before_tags, tag_names
        audit_record(
            actor=by,
            action="material.update",
            target=locked,
            details={
                "fields": [*changed, *(["tags"] if tags_changed else [])],
                "before": before,
                "after": after,
                "version": locked.version,
            },
        )
    return locked


def _may_reclassify(before: int, after: int, by: Actor) -> None:
    """Raising a level is the editor's to do (within their clearance); lowering a state secret (秘密 and up),
    which opens it to more people, is the director's or the 保密员's."""
    if (
        Classification(before).is_state_secret
        and after < before
        and not any(by.has_role(r) for r in MAY_LOWER)
    ):
        raise Forbidden(LOWERING, code="lowering_needs_authority", field="classification")


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def material_set_tags(
    *, material: Material, tags: str | list[str], by: Actor, version: int | None = None
) -> Material:
    """Replace the tags only (the quick form on the material's page); the rest stays as it is."""
    return _update(
        MaterialAction.TAG,
        material=material,
        by=by,
        version=material.version if version is None else version,
        title=material.title,
        material_type=material.material_type,
        source=material.source,
        date_of=material.date,
        tags=tags,
        classification=material.classification,
    )


def material_withdraw(
    *, material: Material, by: Actor, reason: str = "", version: int | None = None
) -> Material:
    """删除: take a material out of the library. The row stays (withdrawn) for the audit trail; its paragraphs,
    fingerprints, shared passages and 金句 are deleted, and saving it removes its search entry."""
    reason = " ".join(reason.split())
    with transaction.atomic():
        locked = _locked(material, version, MaterialAction.WITHDRAW, by)
        if len(reason) > 200:
            raise ServiceError("删除理由过长（最多200字）", code="too_long", field="reason")
        passages, _ = SimilarPassage.objects.filter(Q(a_material=locked) | Q(b_material=locked)).delete()
        # Counted apart: the delete's total also counts what cascades from the sentences (their pins).
        sentences = KeySentence.objects.filter(material=locked).count()
        KeySentence.objects.filter(material=locked).delete()
        fingerprints, _ = Fingerprint.objects.filter(material=locked).delete()
        paragraphs, _ = MaterialParagraph.objects.filter(material=locked).delete()
        locked.withdrawn_at = timezone.now()
        locked.withdrawn_by = by
        locked.withdrawal_reason = reason
        locked.version += 1
        locked.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason", "version"])
        audit_record(
            actor=by,
            action="material.withdraw",
            target=locked,
            details={
                "reason": reason,
                "paragraphs": paragraphs,
                "fingerprints": fingerprints,
                "shared_passages": passages,
                "key_sentences": sentences,
            },
        )
    return locked


def key_sentence_pin(*, sentence: KeySentence, by: Actor, pinned: bool) -> KeySentence:
    _require(by)
    with transaction.atomic():
        if pinned:
            sentence.pinned_by.add(by)
        else:
            sentence.pinned_by.remove(by)
        audit_record(
            actor=by,
            action="material.key_sentence.pin" if pinned else "material.key_sentence.unpin",
            target=sentence.material,
            details={"key_sentence": sentence.pk},
        )
    return sentence


def problem_create(
    *,
    by: Actor,
    problem: str,
    found_on: date | None,
    unit: Unit | None = None,
    tags: str | list[str] = "",
    classification: int = Classification.INTERNAL,
) -> Problem:
    """A problem found by research, entered by hand into the 问题库."""
    _require(by)
    text = problem.strip()
    if not text:
        raise ServiceError("请填写问题", code="required", field="problem")
    if len(text) > 2000:
        raise ServiceError("问题描述过长（最多2000字）", code="too_long", field="problem")
    if found_on is None:
        raise ServiceError("请填写发现日期", code="required", field="found_on")
    names = parse_tags(tags)
    classification = _classification(int(classification))
    viewer = viewer_of(by)
    with transaction.atomic():
        record = Problem.objects.create(
            problem=text,
            found_on=found_on,
            unit=unit,
            classification=classification,
            owner_person_id=viewer.person_id,
            owner_unit_id=viewer.unit_id,
            created_by=by,
        )
        record.tags.set(_tags(names))
        audit_record(actor=by, action="problem.create", target=record)
    return record


def problem_set_status(*, problem: Problem, status: str, by: Actor) -> Problem:
    _require(by)
    if status not in ProblemStatus.values:
        raise ServiceError(f"状态不正确：{status}", code="bad_status", field="status")
    with transaction.atomic():
        before = problem.status
        problem.status = status
        problem.save(update_fields=["status"])
        audit_record(
            actor=by, action="problem.status", target=problem, details={"before": before, "after": status}
        )
    return problem
