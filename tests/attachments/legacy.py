"""A file as the store kept it before every file was encrypted: plaintext on disk, a row with no cipher."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

from django.conf import settings

from zhongshu.attachments.detection import KIND_BY_EXTENSION, KINDS
from zhongshu.attachments.models import StoredFile


def legacy_clear_file(uploader, name: str, content: bytes) -> StoredFile:
    sha256 = hashlib.sha256(content).hexdigest()
    relative = Path("store") / sha256[:2] / f"{uuid.uuid4().hex}.bin"
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    kind = KIND_BY_EXTENSION[name.rpartition(".")[2].lower()]
    return StoredFile.objects.create(
        sha256=sha256,
        size=len(content),
        content_type=KINDS[kind].content_type,
        kind=kind,
        original_name=name,
        path=relative.as_posix(),
        cipher="",
        uploaded_by=uploader,
    )
