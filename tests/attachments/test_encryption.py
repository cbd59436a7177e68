"""Every stored file encrypted: large files in chunks, files kept in clear before encrypted safely, the command's
report of what it could not do."""

from __future__ import annotations

import io
import secrets
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction

from zhongshu.attachments.ciphers import CHUNK, FileIntegrityError
from zhongshu.attachments.models import StoredFile
from zhongshu.attachments.services import (
    attach_file,
    download_response,
    encrypt_stored,
    open_file,
    open_stream,
    prune_orphan_files,
    store_file,
)
from zhongshu.attachments.uploads import SealedUploadedFile
from zhongshu.audit.models import AuditEvent
from zhongshu.testing import factories

from .legacy import legacy_clear_file

MARKER = "机密测试标记".encode()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path / "var"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def uploader(db):
    return factories.make_user("uploader")


def big_pdf() -> bytes:
    # Several chunks and an uneven tail, the marker in each chunk.
    return b"%PDF-1.7\n" + (secrets.token_bytes(CHUNK // 2 - 7) + MARKER) * 7 + b"%%EOF"


def test_a_large_upload_waiting_sealed_is_stored_encrypted_and_streams_back_whole(
    uploader, media_root, settings, rf
):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # read back through a sealed file, not memory
    content = big_pdf()
    upload = SealedUploadedFile("报告.pdf", "application/pdf", None, {})
    for start in range(0, len(content), 65536):
        upload.write(content[start : start + 65536])
    upload.seek(0)
    upload.size = len(content)

    stored = store_file(uploaded=upload, by=uploader)

    assert stored.cipher == "sm4-gcm" and stored.size == len(content)
    assert MARKER not in (media_root / stored.path).read_bytes()
    with open_stream(stored) as plain:
        assert plain.read() == content
    owner = factories.make_unit("附件所属单位")
    attachment = attach_file(owner=owner, stored=stored, by=uploader)
    request = rf.get("/")
    request.user = uploader
    response = download_response(request, attachment, check=lambda user, record: True)
    assert int(response["Content-Length"]) == len(content)
    assert b"".join(response.streaming_content) == content


def test_a_truncated_encrypted_file_raises(uploader, media_root):
    stored = store_file(uploaded=SimpleUploadedFile("报告.pdf", big_pdf()), by=uploader)
    path = media_root / stored.path
    path.write_bytes(path.read_bytes()[:-100])

    with pytest.raises(FileIntegrityError):
        open_file(stored)


def test_attaching_a_file_kept_in_clear_encrypts_it(uploader, media_root, django_capture_on_commit_callbacks):
    legacy = legacy_clear_file(uploader, "说明.txt", MARKER * 10)
    clear = media_root / legacy.path

    with django_capture_on_commit_callbacks(execute=True):
        attach_file(owner=factories.make_unit("单位"), stored=legacy, by=uploader)

    legacy.refresh_from_db()
    assert legacy.cipher == "sm4-gcm" and not clear.exists()
    assert open_file(legacy) == MARKER * 10


def test_an_encryption_cut_short_leaves_the_clear_file_readable_and_is_done_again(uploader, media_root):
    legacy = legacy_clear_file(uploader, "说明.txt", MARKER * 10)
    clear = media_root / legacy.path

    class Cut(Exception):
        pass

    # The ciphertext was written and renamed into place, but the row's change never committed.
    with pytest.raises(Cut), transaction.atomic():
        assert encrypt_stored(legacy)
        raise Cut

    legacy = StoredFile.objects.get(pk=legacy.pk)
    assert legacy.cipher == "" and clear.exists()
    assert open_file(legacy) == MARKER * 10
    out = io.StringIO()
    call_command("files", "encrypt", stdout=out)
    assert out.getvalue() == "encrypted: 1, already encrypted: 0, missing: 0, damaged: 0\n"
    legacy.refresh_from_db()
    assert open_file(legacy) == MARKER * 10
    # The cut run's ciphertext is an orphan for `files prune`.
    assert prune_orphan_files(older_than_seconds=0) >= 1
    assert open_file(legacy) == MARKER * 10


def test_the_command_names_files_it_cannot_encrypt_and_encrypts_the_rest(uploader, media_root):
    missing = legacy_clear_file(uploader, "缺失.txt", b"gone")
    (media_root / missing.path).unlink()
    damaged = legacy_clear_file(uploader, "损坏.txt", b"original")
    (media_root / damaged.path).write_bytes(b"0riginal")
    fine = legacy_clear_file(uploader, "完好.txt", MARKER)

    out = io.StringIO()
    with pytest.raises(CommandError, match="2 file\\(s\\) could not be encrypted"):
        call_command("files", "encrypt", stdout=out)

    assert out.getvalue().splitlines() == [
        f"missing from disk: stored file {missing.pk}",
        f"does not match its checksum, left in clear: stored file {damaged.pk}",
        "encrypted: 1, already encrypted: 0, missing: 1, damaged: 1",
    ]
    fine.refresh_from_db()
    damaged.refresh_from_db()
    assert fine.cipher == "sm4-gcm" and damaged.cipher == ""
    assert (media_root / damaged.path).read_bytes() == b"0riginal"  # left for someone to look at
    event = AuditEvent.objects.get(action="file.encrypt_store")
    assert event.details["missing"] == [missing.pk] and event.details["damaged"] == [damaged.pk]


def test_production_requires_a_private_file_key(uploader, settings, monkeypatch, tmp_path):
    monkeypatch.delenv("ZHONGSHU_FILE_KEY", raising=False)
    monkeypatch.delenv("ZHONGSHU_FILE_KEY_FILE", raising=False)
    settings.ZHONGSHU_FILE_KEY = ""
    settings.PRODUCTION = True
    key = tmp_path / "keys" / "file.key"
    monkeypatch.setenv("ZHONGSHU_FILE_KEY_FILE", str(key))
    upload = SimpleUploadedFile("说明.txt", MARKER)

    with pytest.raises(RuntimeError, match="the file key is missing: set ZHONGSHU_FILE_KEY or create"):
        store_file(uploaded=upload, by=uploader)
    key.parent.mkdir()
    key.write_text(secrets.token_hex(32))
    key.chmod(0o644)
    with pytest.raises(RuntimeError, match="readable by others: chmod 600 it"):
        store_file(uploaded=upload, by=uploader)
    key.chmod(0o600)
    assert open_file(store_file(uploaded=upload, by=uploader)) == MARKER


def test_a_large_file_altered_after_its_check_stops_the_read_short(uploader, media_root, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    content = big_pdf()
    stored = store_file(uploaded=SimpleUploadedFile("报告.pdf", content), by=uploader)
    path = media_root / stored.path
    good = path.read_bytes()

    plain = open_stream(stored)  # checked whole here
    with open(path, "r+b") as handle:  # then altered on disk before it is read
        handle.seek(len(good) // 2)
        handle.write(bytes([good[len(good) // 2] ^ 1]))
    with pytest.raises(FileIntegrityError), plain:
        while plain.read(65536):
            pass


def test_a_large_file_kept_in_clear_streams_back_checked(uploader, media_root, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    content = big_pdf()
    legacy = legacy_clear_file(uploader, "报告.pdf", content)

    with open_stream(legacy) as plain:
        assert b"".join(iter(lambda: plain.read(4096), b"")) == content
    (media_root / legacy.path).write_bytes(content[:-1] + b"!")
    with pytest.raises(FileIntegrityError):
        open_stream(legacy)
