"""Storing, reading and serving files.

`store_file` streams an upload once: it counts the size (refusing past the limit), computes the SHA-256
and checks that the content is text as it goes, then judges the type by content and requires the
extension to agree. Only a file that passed every check is written under MEDIA_ROOT, and always encrypted
(`ciphers.DEFAULT_CIPHER` unless another registered cipher is named): whichever module stores a file, a
classified one never lies in clear, and no caller has to know the owner's level. A refused upload leaves
nothing behind. Files kept in clear before this rule (legacy rows with no cipher) are encrypted by
`encrypt_stored`: when a record is raised to 秘密 or above (`seal_files_of`), when one is attached, and for
the whole store by `zhongshu files encrypt`.

Plaintext never touches the disk and never sits whole in memory: it waits in a `SealedTemporaryFile`
(ciphertext under a key only that object holds) and moves in chunks.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, cast

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.http import FileResponse, HttpRequest

from zhongshu.access.policy import RecordNotFound
from zhongshu.accounts.actors import Actor
from zhongshu.attachments.ciphers import CHUNK, DEFAULT_CIPHER, FileIntegrityError, cipher_named
from zhongshu.attachments.detection import KIND_BY_EXTENSION, KINDS, TextSniffer, detect_kind
from zhongshu.attachments.models import Attachment, StoredFile
from zhongshu.attachments.uploads import SealedTemporaryFile
from zhongshu.audit.services import audit_record, object_type_of
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
    "encrypt_store",
    "encrypt_stored",
    "open_file",
    "open_stream",
    "seal_files_of",
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
    """Check and keep one upload (a Django UploadedFile, or any object with `name` and `read`), encrypted.

    `cipher` names a registered cipher; left out (or empty) it is `DEFAULT_CIPHER`: there is no way to keep a
    file in clear.
    """
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
    cipher = cipher or DEFAULT_CIPHER
    cipher_named(cipher)  # an unknown name fails before anything is read

    # The plaintext waits sealed (never in clear on disk, never whole in memory) until every check passed,
    # unless the upload itself can be read again from the start without that: then it is read twice.
    in_place = _readable_in_place(uploaded)
    staging = in_place or cast(BinaryIO, SealedTemporaryFile())
    if in_place is not None:
        in_place.seek(0)
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
            if in_place is None:
                staging.write(chunk)
        if size == 0:
            raise ServiceError("文件为空", code="file_empty")
        actual = detect_kind(staging, is_text=sniffer.finish(), claimed=claimed)
        if actual != claimed:
            raise ServiceError(
                f"文件内容与扩展名不符：声称为{KINDS[claimed].label}，实际不是", code="file_content_mismatch"
            )
        return _keep(
            staging,
            name=name,
            kind=claimed,
            size=size,
            sha256=digest.hexdigest(),
            by=by,
            cipher=cipher,
        )
    finally:
        if in_place is None:
            staging.close()


def _readable_in_place(uploaded: Any) -> BinaryIO | None:
    """The upload's own file when it can be read again from the start and its plaintext is on no disk: bytes
    in memory (a small upload) or a sealed temporary file (a large one). Reading it twice spares copying it
    through another sealed file, which would cost two more passes of SM4 (see `zhongshu bench files`)."""
    inner = getattr(uploaded, "file", uploaded)
    if isinstance(inner, io.BytesIO | SealedTemporaryFile):
        return cast(BinaryIO, inner)
    return None


def _write_encrypted(plain: BinaryIO, *, sha256: str, cipher: str) -> Path:
    """Encrypt `plain` into a new file under MEDIA_ROOT/store; returns its path relative to MEDIA_ROOT.

    Written to a `.part` file, flushed to disk, then renamed into place (and the directory synced), so an
    interruption leaves either nothing or a whole file, never a half one under a final name.
    """
    relative = Path("store") / sha256[:2] / f"{uuid.uuid4().hex}.bin"
    final = _media_root() / relative
    final.parent.mkdir(parents=True, exist_ok=True)
    partial = final.with_suffix(".part")
    try:
        with open(partial, "xb") as out:
            cipher_named(cipher).encrypt_stream(plain, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, final)
        directory = os.open(final.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
    except BaseException:
        partial.unlink(missing_ok=True)
        final.unlink(missing_ok=True)
        raise
    return relative


def _keep(
    staging: BinaryIO, *, name: str, kind: str, size: int, sha256: str, by: Actor, cipher: str
) -> StoredFile:
    staging.seek(0)
    hashing = _Hashing(staging)
    relative = _write_encrypted(hashing, sha256=sha256, cipher=cipher)  # type: ignore[arg-type]
    final = _media_root() / relative
    try:
        if not (hashing.size == size and hashing.digest.hexdigest() == sha256):
            # Read twice (see _readable_in_place): what was encrypted must be what was checked.
            raise ServiceError("文件在保存过程中发生变化，请重新上传", code="file_changed")
        with transaction.atomic():
            stored = StoredFile.objects.create(
                sha256=sha256,
                size=size,
                content_type=KINDS[kind].content_type,
                kind=kind,
                original_name=name,
                path=relative.as_posix(),
                cipher=cipher,
                uploaded_by=by,
            )
            audit_record(
                actor=by,
                action="file.store",
                target=stored,
                details={"size": size, "kind": kind, "sha256": sha256, "cipher": cipher},
            )
    except BaseException:
        final.unlink(missing_ok=True)
        raise
    # If the caller's transaction later rolls back, the file on disk is an orphan, unreadable without its
    # row (and encrypted when it mattered); `prune_orphan_files` clears such files on request.
    return stored


class FileMissing(FileIntegrityError):
    """A row names a file that is not on disk."""


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
                actor_name="系统（文件清理）",
                action="file.prune",
                details={"removed": len(removed), "paths": removed[:200]},
            )
    return len(removed)


class _Hashing:
    """Passes bytes through to `target` (a reader or a writer), counting them and hashing them on the way."""

    def __init__(self, target: Any) -> None:
        self._target = target
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data: bytes = self._target.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        self.size += len(data)
        self._target.write(data)
        return len(data)

    def matches(self, stored: StoredFile) -> bool:
        return self.size == stored.size and self.digest.hexdigest() == stored.sha256


def _plain_chunks(stored: StoredFile, handle: BinaryIO) -> Iterator[bytes]:
    """The plaintext of `stored` read from `handle`, chunk by chunk (its cipher must yield chunks)."""
    if not stored.cipher:
        return iter(lambda: handle.read(CHUNK), b"")
    decrypt_chunks = cipher_named(stored.cipher).decrypt_chunks
    assert decrypt_chunks is not None  # noqa: S101 - open_stream chose this path only for such ciphers
    return decrypt_chunks(handle)


class _PlainReader:
    """A large file's plaintext, decrypted as it is read. `open_stream` verified the whole file first; this
    second pass is checked as well, and a file altered in between raises at its end, so a download stops
    short (its Content-Length unmet) instead of completing with altered bytes."""

    def __init__(self, stored: StoredFile, handle: BinaryIO) -> None:
        self._stored = stored
        self._handle = handle
        self._chunks = _plain_chunks(stored, handle)
        self._digest = hashlib.sha256()
        self._size = 0
        self._buffer = b""
        self._offset = 0
        self._ended = False

    def _fill(self) -> bool:
        try:
            chunk = next(self._chunks)
        except StopIteration:
            self._ended = True
            if self._size != self._stored.size or self._digest.hexdigest() != self._stored.sha256:
                raise FileIntegrityError(f"stored file {self._stored.pk} changed while it was read") from None
            return False
        self._digest.update(chunk)
        self._size += len(chunk)
        self._buffer, self._offset = self._buffer[self._offset :] + chunk, 0
        return True

    def read(self, size: int = -1) -> bytes:
        want = None if size is None or size < 0 else size
        while not self._ended and (want is None or len(self._buffer) - self._offset < want):
            if not self._fill():
                break
        end = len(self._buffer) if want is None else self._offset + want
        data = self._buffer[self._offset : end]
        self._offset += len(data)
        return data

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> _PlainReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_stream(stored: StoredFile) -> BinaryIO:
    """The file's plaintext as a readable file, checked against its SHA-256 (and its tag); altered files raise.

    A small file (up to FILE_UPLOAD_MAX_MEMORY_SIZE) is decrypted into memory. A larger one is decrypted once
    to check it, then again as it is read (`_PlainReader`): two passes of SM4 and one chunk of memory, where
    a sealed temporary copy would cost three passes and the disk. The caller closes what it gets (a
    FileResponse does so once sent).
    """
    path = _media_root() / stored.path
    streams = not stored.cipher or cipher_named(stored.cipher).decrypt_chunks is not None
    if stored.size > settings.FILE_UPLOAD_MAX_MEMORY_SIZE and streams:
        try:
            handle = open(path, "rb")  # noqa: SIM115 - handed to the reader, which closes it
        except FileNotFoundError:
            raise FileMissing(f"stored file {stored.pk} is missing from disk") from None
        try:
            digest, size = hashlib.sha256(), 0
            for chunk in _plain_chunks(stored, handle):
                digest.update(chunk)
                size += len(chunk)
            if size != stored.size or digest.hexdigest() != stored.sha256:
                raise FileIntegrityError(f"stored file {stored.pk} does not match its checksum")
            handle.seek(0)
            return cast(BinaryIO, _PlainReader(stored, handle))
        except BaseException:
            handle.close()
            raise
    # Small, or a cipher that only decrypts into a file: into memory, or for a large file a sealed file.
    plain: Any = (
        io.BytesIO() if stored.size <= settings.FILE_UPLOAD_MAX_MEMORY_SIZE else SealedTemporaryFile()
    )
    try:
        hashing = _Hashing(plain)
        with open(path, "rb") as source:
            if stored.cipher:
                cipher_named(stored.cipher).decrypt_stream(source, hashing)  # type: ignore[arg-type]
            else:
                while chunk := source.read(CHUNK):
                    hashing.write(chunk)
        if not hashing.matches(stored):
            raise FileIntegrityError(f"stored file {stored.pk} does not match its checksum")
        plain.seek(0)
        return cast(BinaryIO, plain)
    except FileNotFoundError:
        plain.close()
        raise FileMissing(f"stored file {stored.pk} is missing from disk") from None
    except BaseException:
        plain.close()
        raise


def open_file(stored: StoredFile) -> bytes:
    """The file's whole plaintext, checked (see `open_stream`, which large files should use instead)."""
    with open_stream(stored) as plain:
        return plain.read()


# --- encrypting files kept in clear ------------------------------------------------------------------------


def encrypt_stored(stored: StoredFile) -> bool:
    """Encrypt one file kept in clear (a row with no cipher) under `DEFAULT_CIPHER`. True if it did.

    Safe to interrupt at any point: the ciphertext goes to a new file (written, synced, renamed into place);
    only then does the row move to it, in a short transaction that first checks, under a row lock, that nobody
    moved it meanwhile; the clear file is removed once that commits. Cut before the row changes, the new file
    is an orphan (`files prune`) and the row still names the clear one, which reads as before. A clear file
    whose bytes no longer match the row's checksum raises `FileIntegrityError` and is left as it is.
    """
    if stored.cipher:
        return False
    source = _media_root() / stored.path
    try:
        with open(source, "rb") as handle:
            hashing = _Hashing(handle)
            relative = _write_encrypted(hashing, sha256=stored.sha256, cipher=DEFAULT_CIPHER)  # type: ignore[arg-type]
    except FileNotFoundError:
        raise FileMissing(f"stored file {stored.pk} is missing from disk") from None
    written = _media_root() / relative
    if not hashing.matches(stored):
        written.unlink(missing_ok=True)
        raise FileIntegrityError(f"stored file {stored.pk} does not match its checksum")
    try:
        with transaction.atomic():
            current = StoredFile.objects.select_for_update().get(pk=stored.pk)
            if current.cipher or current.path != stored.path:
                written.unlink(missing_ok=True)  # encrypted by someone else meanwhile
                stored.path, stored.cipher = current.path, current.cipher
                return False
            StoredFile.objects.filter(pk=stored.pk).update(path=relative.as_posix(), cipher=DEFAULT_CIPHER)
            # The clear file goes once the row no longer names it (at once when no transaction is open).
            transaction.on_commit(lambda: source.unlink(missing_ok=True))
    except BaseException:
        written.unlink(missing_ok=True)
        raise
    stored.path, stored.cipher = relative.as_posix(), DEFAULT_CIPHER
    return True


def seal_files_of(owner: models.Model, *, by: Actor, also: Iterable[StoredFile | None] = ()) -> int:
    """Encrypt whatever of `owner`'s files is still in clear: its attachments and the files in `also` (files
    a record names by its own field, like a material's original). Called where a record is raised to 秘密 or
    above; audited against the owner when it encrypted any. Returns how many it encrypted."""
    files = {stored.pk: stored for stored in also if stored is not None}
    for attachment in attachments_of(owner):
        files.setdefault(attachment.file_id, attachment.file)
    encrypted = [pk for pk, stored in sorted(files.items()) if encrypt_stored(stored)]
    if encrypted:
        audit_record(
            actor=by,
            action="file.encrypt",
            target=owner,
            details={"files": encrypted, "cipher": DEFAULT_CIPHER},
        )
    return len(encrypted)


@dataclass
class StoreEncryption:
    """What `encrypt_store` did: counts, and the ids of the files it could not encrypt."""

    encrypted: int = 0
    already: int = 0
    missing: list[int] = field(default_factory=list)
    damaged: list[int] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"encrypted: {self.encrypted}, already encrypted: {self.already}, "
            f"missing: {len(self.missing)}, damaged: {len(self.damaged)}"
        )


def encrypt_store(*, batch: int = 200) -> StoreEncryption:
    """Encrypt every file of the store still kept in clear, one at a time (see `encrypt_stored`); audited.

    Idempotent: a second run finds nothing left to do. Rows are read a batch at a time in id order, so memory
    does not grow with the store and no transaction stays open across files.
    """
    result = StoreEncryption(already=StoredFile.objects.exclude(cipher="").count())
    encrypted: list[int] = []
    last = 0
    try:
        while rows := list(StoredFile.objects.filter(cipher="", pk__gt=last).order_by("pk")[:batch]):
            for stored in rows:
                last = stored.pk
                try:
                    done = encrypt_stored(stored)
                except FileMissing:
                    result.missing.append(stored.pk)
                    continue
                except FileIntegrityError:
                    result.damaged.append(stored.pk)
                    continue
                if done:
                    encrypted.append(stored.pk)
                else:
                    result.already += 1
    finally:  # what was encrypted is recorded even when a later file fails
        result.encrypted = len(encrypted)
        if encrypted or result.missing or result.damaged:
            audit_record(
                actor=None,
                actor_name="系统（文件加密）",
                action="file.encrypt_store",
                details={
                    "encrypted": len(encrypted),
                    "files": encrypted[:200],
                    "missing": result.missing[:200],
                    "damaged": result.damaged[:200],
                    "cipher": DEFAULT_CIPHER,
                },
            )
    return result


def attach_file(*, owner: models.Model, stored: StoredFile, by: Actor, purpose: str = "") -> Attachment:
    """Tie `stored` to `owner`. A file still kept in clear (from before every file was encrypted) is
    encrypted first: attaching it to a record must not leave it readable on disk."""
    encrypt_stored(stored)
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
    request: HttpRequest,
    attachment: Attachment,
    *,
    check: Callable[[Any, models.Model], bool],
    record: models.Model | None = None,
) -> FileResponse:
    """Serve an attachment if `check(user, owner)` allows; otherwise the same 404 as a missing record.

    Downloads of files of state secrets (秘密 and above) are audited. The level is the owner's, or, when the
    owner has none of its own (a progress report of a supervision item), that of `record`, the classified
    record the owner belongs to: without it a 秘密 item's evidence went out unrecorded.
    """
    owner = attachment.owner
    if owner is None or not check(request.user, owner):
        raise RecordNotFound()
    classified = record if record is not None else owner
    level = int(getattr(classified, "classification", 0) or 0)
    stored = attachment.file
    plain = open_stream(stored)
    if level >= Classification.CONFIDENTIAL:
        audit_record(
            actor=request.user,
            action="attachment.download",
            target=classified,
            classification=level,
            details={
                "attachment": attachment.pk,
                "file": stored.pk,
                "owner": f"{object_type_of(owner)}:{owner.pk}",
            },
        )
    response = FileResponse(
        plain,  # type: ignore[arg-type]  # a file-like, as FileResponse reads it; closed once sent
        as_attachment=True,
        filename=stored.original_name,
        content_type=stored.content_type,
    )
    # A large file's reader cannot be measured by seeking: the row knows its size.
    response["Content-Length"] = str(stored.size)
    response.block_size = CHUNK  # FileResponse reads 4 KB at a time by default
    response["Cache-Control"] = "private, no-store"
    return response
