"""Storing, reading and serving files.

`store_file` streams an upload once: it counts the size (refusing past the limit), computes the SHA-256
and checks that the content is text as it goes, then judges the type by content and requires the
extension to agree. Only a file that passed every check is written under MEDIA_ROOT (encrypted when a
cipher is named); a refused upload leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, cast

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.http import FileResponse, HttpRequest

from zhongshu.access.policy import RecordNotFound
from zhongshu.accounts.actors import Actor
from zhongshu.attachments.ciphers import CHUNK, FileIntegrityError, cipher_named
from zhongshu.attachments.detection import KIND_BY_EXTENSION, KINDS, TextSniffer, detect_kind
from zhongshu.attachments.models import Attachment, StoredFile
from zhongshu.audit.services import audit_record
from zhongshu.base.levels import Classification
from zhongshu.core.errors import ServiceError

DEFAULT_KINDS = frozenset({"pdf", "docx", "xlsx", "png", "jpeg", "txt", "csv"})
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\]")

__all__ = [
    "DEFAULT_KINDS",
    "FileIntegrityError",
    "attach_file",
    "attachments_of",
    "download_response",
    "open_file",
    "store_file",
]


def _limit_label(max_bytes: int) -> str:
    mib = 1024 * 1024
    if max_bytes % mib == 0:
        return f"{max_bytes // mib}MB"
    if max_bytes % 1024 == 0:
        return f"{max_bytes // 1024}KB"
    return f"{max_bytes}字节"


def _clean_name(name: str) -> str:
    base = _UNSAFE_NAME.sub("_", os.path.basename(name.replace("\\", "/"))).strip()
    if len(base) > 255:
        stem, dot, extension = base.rpartition(".")
        base = (stem[: 250 - len(extension)] + dot + extension) if dot else base[:255]
    return base or "未命名"


def _chunks(uploaded: Any) -> Iterator[bytes]:
    if hasattr(uploaded, "chunks"):
        yield from uploaded.chunks()
        return
    while chunk := uploaded.read(CHUNK):
        yield chunk


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def store_file(
    *,
    uploaded: Any,
    by: Actor,
    allowed_kinds: Iterable[str] = DEFAULT_KINDS,
    max_bytes: int | None = None,
    cipher: str | None = None,
) -> StoredFile:
    """Check and keep one upload (a Django UploadedFile, or any object with `name` and `read`)."""
    limit = max_bytes if max_bytes is not None else settings.ZHONGSHU_MAX_UPLOAD_MB * 1024 * 1024
    allowed = frozenset(allowed_kinds)
    name = _clean_name(str(getattr(uploaded, "name", "") or ""))
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    claimed = KIND_BY_EXTENSION.get(extension)
    if claimed is None:
        raise ServiceError(
            f"不支持的文件类型：{('.' + extension) if extension else '无扩展名'}", code="file_type"
        )
    if claimed not in allowed:
        allowed_labels = "、".join(KINDS[code].label for code in KINDS if code in allowed)
        raise ServiceError(
            f"不允许上传此类型的文件：{KINDS[claimed].label}（允许：{allowed_labels}）", code="file_type"
        )
    too_big = ServiceError(f"文件超过{_limit_label(limit)}上限", code="file_too_large")
    declared = getattr(uploaded, "size", None)
    if isinstance(declared, int) and declared > limit:
        raise too_big
    encryptor = cipher_named(cipher) if cipher else None

    # Plaintext waits in memory when it is to be encrypted (it must not touch the disk in clear), else in
    # a temporary file beside its destination.
    staging: BinaryIO
    if encryptor is not None:
        staging = io.BytesIO()
    else:
        (_media_root() / "tmp").mkdir(parents=True, exist_ok=True)
        staging = cast(BinaryIO, tempfile.TemporaryFile(dir=_media_root() / "tmp"))  # noqa: SIM115 - closed below
    try:
        digest = hashlib.sha256()
        sniffer = TextSniffer()
        size = 0
        for chunk in _chunks(uploaded):
            size += len(chunk)
            if size > limit:
                raise too_big
            digest.update(chunk)
            sniffer.feed(chunk)
            staging.write(chunk)
        if size == 0:
            raise ServiceError("文件为空", code="file_empty")
        actual = detect_kind(staging, is_text=sniffer.finish(), claimed=claimed)
        if actual != claimed:
            raise ServiceError(
                f"文件内容与扩展名不符：声称为{KINDS[claimed].label}，实际不是", code="file_content_mismatch"
            )
        return _keep(
            staging, name=name, kind=claimed, size=size, sha256=digest.hexdigest(), by=by, cipher=cipher
        )
    finally:
        staging.close()


def _keep(
    staging: BinaryIO, *, name: str, kind: str, size: int, sha256: str, by: Actor, cipher: str | None
) -> StoredFile:
    relative = Path("store") / sha256[:2] / f"{uuid.uuid4().hex}.bin"
    final = _media_root() / relative
    final.parent.mkdir(parents=True, exist_ok=True)
    partial = final.with_suffix(".part")
    staging.seek(0)
    try:
        with open(partial, "xb") as out:
            if cipher:
                cipher_named(cipher).encrypt_stream(staging, out)
            else:
                while chunk := staging.read(CHUNK):
                    out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, final)
        with transaction.atomic():
            stored = StoredFile.objects.create(
                sha256=sha256,
                size=size,
                content_type=KINDS[kind].content_type,
                kind=kind,
                original_name=name,
                path=relative.as_posix(),
                cipher=cipher or "",
                uploaded_by=by,
            )
            audit_record(
                actor=by,
                action="file.store",
                target=stored,
                details={"size": size, "kind": kind, "sha256": sha256, "cipher": cipher or ""},
            )
    except BaseException:
        partial.unlink(missing_ok=True)
        final.unlink(missing_ok=True)
        raise
    # If the caller's transaction later rolls back, the file on disk is an orphan, unreadable without its
    # row (and encrypted when it mattered); `prune_orphan_files` clears such files on request.
    return stored


class WrongDatabase(ServiceError):
    """The store holds files but the database names none: most likely not this store's database."""


def orphan_files(older_than_seconds: int = 3600) -> list[Path]:
    """Files under MEDIA_ROOT/store that no StoredFile names (left by rolled-back uploads), oldest first.

    Files younger than `older_than_seconds` are left out: an upload writes its file before its row commits.
    """
    import time

    root = _media_root() / "store"
    if not root.exists():
        return []
    cutoff = time.time() - older_than_seconds
    candidates = [path for path in root.glob("*/*") if path.is_file() and path.stat().st_mtime <= cutoff]
    if candidates and not StoredFile.objects.exists():
        raise WrongDatabase(
            f"{root} holds files but this database names none: is it the right database?",
            code="wrong_database",
        )
    by_name = {path.relative_to(_media_root()).as_posix(): path for path in candidates}
    named: set[str] = set()
    names = list(by_name)
    for start in range(0, len(names), 500):  # a few hundred names per query, not one query per file
        chunk = names[start : start + 500]
        named.update(StoredFile.objects.filter(path__in=chunk).values_list("path", flat=True))
    return sorted(
        (path for name, path in by_name.items() if name not in named), key=lambda p: p.stat().st_mtime
    )


def prune_orphan_files(older_than_seconds: int = 3600) -> int:
    """Remove the `orphan_files` and record how many in the audit log. Returns the number removed.

    Deliberately not a tick: run against the wrong database it would delete every file, so an operator
    runs it knowingly (`zhongshu files prune --delete`), and a database that names no file at all is refused.
    """
    removed: list[str] = []
    try:
        for path in orphan_files(older_than_seconds):
            path.unlink(missing_ok=True)
            removed.append(path.relative_to(_media_root()).as_posix())
    finally:  # what was removed is recorded even when a later file cannot be
        if removed:
            audit_record(
                actor=None,
                actor_name="files prune",
                action="file.prune",
                details={"removed": len(removed), "paths": removed[:200]},
            )
    return len(removed)


def open_file(stored: StoredFile) -> bytes:
    """The file's plaintext, decrypted and checked against its SHA-256; altered files raise."""
    path = _media_root() / stored.path
    try:
        with open(path, "rb") as handle:
            if stored.cipher:
                plain = io.BytesIO()
                cipher_named(stored.cipher).decrypt_stream(handle, plain)
                data = plain.getvalue()
            else:
                data = handle.read()
    except FileNotFoundError:
        raise FileIntegrityError(f"stored file {stored.pk} is missing from disk") from None
    if len(data) != stored.size or hashlib.sha256(data).hexdigest() != stored.sha256:
        raise FileIntegrityError(f"stored file {stored.pk} does not match its checksum")
    return data


def attach_file(*, owner: models.Model, stored: StoredFile, by: Actor, purpose: str = "") -> Attachment:
    with transaction.atomic():
        attachment = Attachment.objects.create(
            content_type=ContentType.objects.get_for_model(owner),
            object_id=owner.pk,
            file=stored,
            purpose=purpose,
            attached_by=by,
        )
        audit_record(
            actor=by,
            action="attachment.add",
            target=owner,
            details={"attachment": attachment.pk, "file": stored.pk, "purpose": purpose},
        )
    return attachment


def attachments_of(owner: models.Model, purpose: str | None = None) -> models.QuerySet[Attachment]:
    queryset = Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(owner), object_id=owner.pk
    ).select_related("file")
    if purpose is not None:
        queryset = queryset.filter(purpose=purpose)
    return queryset


def download_response(
    request: HttpRequest, attachment: Attachment, *, check: Callable[[Any, models.Model], bool]
) -> FileResponse:
    """Serve an attachment if `check(user, owner)` allows; otherwise the same 404 as a missing record.

    Downloads of files owned by state secrets (秘密 and above) are audited.
    """
    owner = attachment.owner
    if owner is None or not check(request.user, owner):
        raise RecordNotFound()
    stored = attachment.file
    data = open_file(stored)
    if int(getattr(owner, "classification", 0) or 0) >= Classification.CONFIDENTIAL:
        audit_record(
            actor=request.user,
            action="attachment.download",
            target=owner,
            details={"attachment": attachment.pk, "file": stored.pk},
        )
    response = FileResponse(
        io.BytesIO(data), as_attachment=True, filename=stored.original_name, content_type=stored.content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response
