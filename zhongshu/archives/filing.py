"""The one filing interface: any module registers a `FilingSource` for its model, and `file_record` turns a
closed record of it into an archive item (件) with its metadata, classification and files.

A source answers two questions about one of its records: `is_fileable(record)` (None when it may be filed,
else the Chinese reason, e.g. 公文尚未办结) and `describe(record)` (a `FilingData`: what the item carries).
`pending(queryset)` narrows the model's records to those worth offering on the 待归档 page (closed ones).
Minutes, research reports and incident reports will register theirs when their modules arrive.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import QuerySet

from zhongshu.access.policy import can
from zhongshu.archives.models import CATEGORY_WS, ArchiveFile, ArchiveItem, FileRole, Fonds, Retention
from zhongshu.archives.numbering import allocate_item_number, format_reference_code
from zhongshu.archives.roles import ARCHIVIST_ONLY, is_archivist
from zhongshu.audit.services import audit_record
from zhongshu.base.levels import Classification
from zhongshu.core.errors import Conflict, Forbidden, ServiceError


@dataclass(frozen=True)
class FilingFile:
    """A file the item holds: either an already stored file, or bytes to store (a rendered final copy)."""

    name: str
    role: str = FileRole.ATTACHMENT
    stored: Any = None  # attachments.StoredFile
    render: Callable[[], bytes] | None = None


@dataclass(frozen=True)
class FilingData:
    title: str
    year: int
    org_code: str
    date: date | None = None
    doc_number: str = ""
    responsible: str = ""
    retention: str = Retention.Y30
    org_name: str = ""
    pages: int = 0
    body_text: str = ""
    self_made_title: bool = False
    remarks: str = ""
    files: Sequence[FilingFile] = ()
    classification: int = Classification.INTERNAL
    secrecy_term_years: int | None = None
    owner_person_id: int | None = None
    owner_unit_id: int | None = None
    need_to_know_people: Sequence[int] = field(default_factory=tuple)
    need_to_know_units: Sequence[int] = field(default_factory=tuple)


@dataclass(frozen=True)
class FilingSource:
    model: type[models.Model]
    kind: str  # code name: "document", "supervision_item"
    label: str  # 公文, 督查事项
    is_fileable: Callable[[Any], str | None]
    describe: Callable[[Any], FilingData]
    pending: Callable[[QuerySet[Any]], QuerySet[Any]]
    url: Callable[[Any], str] = lambda record: ""
    # What the record's own module records once it is filed (a document becomes 已归档入库), given the locked
    # record, the archivist and the new item's 档号, inside the filing's transaction: both happen or neither.
    on_filed: Callable[[Any, Any, str], None] = lambda record, user, reference_code: None
    # DOCX bytes → the fixed-layout 定稿正本 (PDF), for the item's 可编辑稿 (a FilingFile of role EDITABLE);
    # it may raise a ServiceError: of status 503 (LibreOffice missing) the item waits and the tick tries again;
    # any other is final for the item, whose page then says why (archives.fixed_copies).
    fixed_copy: Callable[[bytes], bytes] | None = None


_SOURCES: dict[type[models.Model], FilingSource] = {}


def register_filing_source(source: FilingSource) -> None:
    """Register (or replace, apps may be set up twice) the filing source of a model."""
    _SOURCES[source.model] = source


def filing_sources() -> list[FilingSource]:
    return list(_SOURCES.values())


def filing_source_for(model: type[models.Model]) -> FilingSource | None:
    return _SOURCES.get(model)


def filing_source_of_kind(kind: str) -> FilingSource | None:
    return next((source for source in _SOURCES.values() if source.kind == kind), None)


def fonds_of(unit: Any) -> str:
    """The archiving unit's 全宗号: its `Fonds` row, or its unit code."""
    if unit is None:
        raise ServiceError("归档人未隶属任何单位，无法确定全宗号", code="no_fonds")
    code = Fonds.objects.filter(unit_id=unit.pk).values_list("code", flat=True).first()
    return code or unit.code


def file_record(
    user: Any, record: models.Model, *, retention: str | None = None, fonds: str | None = None
) -> ArchiveItem:
    """归档: file one closed record as an archive item, once. The archivist must see the record."""
    from zhongshu.archives.services import person_of

    if not is_archivist(user):
        raise Forbidden(ARCHIVIST_ONLY, code="not_archivist")
    source = filing_source_for(type(record))
    if source is None:
        raise ServiceError("该类记录不能归档", code="not_fileable_kind")
    if retention is not None and retention not in Retention.values:
        raise ServiceError(f"保管期限无效：{retention}", code="bad_retention", field="retention")
    archivist = person_of(user)
    content_type = ContentType.objects.get_for_model(type(record))
    with transaction.atomic():
        locked = type(record)._default_manager.select_for_update().filter(pk=record.pk).first()
        if locked is None or not can(user, locked):
            raise Forbidden("无权归档该记录", code="forbidden")
        if ArchiveItem.objects.filter(source_type=content_type, source_id=locked.pk).exists():
            raise Conflict("该记录已归档，不能重复归档", code="already_filed")
        reason = source.is_fileable(locked)
        if reason:
            raise ServiceError(reason, code="not_fileable")
        data = source.describe(locked)
        fonds_code = (fonds or "").strip() or fonds_of(archivist.unit if archivist else None)
        chosen = retention or data.retention
        number = allocate_item_number(fonds_code, data.year, chosen, data.org_code)
        try:
            with transaction.atomic():
                item = ArchiveItem.objects.create(
                    fonds=fonds_code,
                    category=CATEGORY_WS,
                    year=data.year,
                    retention=chosen,
                    org_code=data.org_code,
                    org_name=data.org_name[:100],
                    item_number=number,
                    reference_code=format_reference_code(
                        fonds_code, data.year, chosen, data.org_code, number
                    ),
                    doc_number=data.doc_number[:80],
                    responsible=data.responsible[:200],
                    title=data.title[:300],
                    self_made_title=data.self_made_title,
                    date=data.date,
                    pages=data.pages,
                    remarks=data.remarks[:300],
                    body_text=data.body_text,
                    archiving_unit=archivist.unit if archivist else None,
                    source_type=content_type,
                    source_id=locked.pk,
                    source_kind=source.kind,
                    classification=data.classification,
                    secrecy_term_years=data.secrecy_term_years,
                    owner_person_id=data.owner_person_id,
                    owner_unit_id=data.owner_unit_id,
                    filed_by=user,
                    fixed_copy_pending=source.fixed_copy is not None
                    and any(spec.role == FileRole.EDITABLE for spec in data.files),
                )
        except IntegrityError:
            raise Conflict("该记录已归档，不能重复归档", code="already_filed") from None
        item.need_to_know_people.set(data.need_to_know_people)
        item.need_to_know_units.set(data.need_to_know_units)
        _attach_files(item, data.files, user)
        audit_record(
            actor=user,
            action="archives.file",
            target=item,
            details={
                "reference_code": item.reference_code,
                "source": f"{content_type.app_label}.{content_type.model}",
                "source_id": locked.pk,
                "files": item.files.count(),
            },
        )
        source.on_filed(locked, user, item.reference_code)
        if item.fixed_copy_pending:
            from zhongshu.archives.fixed_copies import JOB
            from zhongshu.core.jobs import enqueue

            enqueue(JOB, item_id=item.pk)
    return item


def _attach_files(item: ArchiveItem, files: Sequence[FilingFile], user: Any) -> None:
    from zhongshu.attachments.services import encrypt_stored, store_file

    for position, spec in enumerate(files):
        stored = spec.stored
        if stored is None and spec.render is not None:
            # The final copy is rendered once at filing and kept (the store encrypts every file).
            stored = store_file(uploaded=_Upload(spec.name, spec.render()), by=user)
        if stored is None:
            continue
        # A source's file kept in clear from before every file was encrypted is not kept so in the archive.
        encrypt_stored(stored)
        ArchiveFile.objects.create(
            item=item, stored=stored, role=spec.role, name=spec.name[:255], sort_order=position
        )


class _Upload:
    """Bytes that `store_file` can read like an upload."""

    def __init__(self, name: str, data: bytes) -> None:
        self.name = name
        self.size = len(data)
        self._data = data
        self._read = False

    def read(self, size: int = -1) -> bytes:
        if self._read:
            return b""
        self._read = True
        return self._data
