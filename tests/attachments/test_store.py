"""Files: type by content, size limit, checksum, encryption at rest, tampering, guarded downloads."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhongshu.attachments.ciphers import FileIntegrityError, register_cipher, sm4_gcm_decrypt, sm4_gcm_encrypt
from zhongshu.attachments.models import Attachment, StoredFile
from zhongshu.attachments.services import attach_file, download_response, open_file, store_file
from zhongshu.audit.models import AuditEvent
from zhongshu.core.errors import ServiceError
from zhongshu.testing import factories

from .legacy import legacy_clear_file

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def office_zip(folder: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}/document.xml", "<x/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path / "var"
    return settings.MEDIA_ROOT


@pytest.fixture
def uploader(db):
    return factories.make_user("uploader")


def files_on_disk(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.mark.parametrize(
    ("name", "content", "kind", "content_type"),
    [
        ("通知.pdf", PDF, "pdf", "application/pdf"),
        (
            "文稿.docx",
            office_zip("word"),
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "台账.xlsx",
            office_zip("xl"),
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("照片.png", PNG, "png", "image/png"),
        ("照片.JPG", JPEG, "jpeg", "image/jpeg"),
        ("说明.txt", "会议纪要\n".encode(), "txt", "text/plain; charset=utf-8"),
        ("名单.csv", "姓名,单位\n张三,县委办\n".encode(), "csv", "text/csv; charset=utf-8"),
    ],
)
def test_accepted_kinds_are_stored_with_checksum_and_detected_type(
    uploader, media_root, name, content, kind, content_type
):
    stored = store_file(uploaded=SimpleUploadedFile(name, content), by=uploader)

    assert (stored.kind, stored.content_type, stored.size) == (kind, content_type, len(content))
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert stored.original_name == name
    # Every file is kept encrypted, whoever stores it and without being asked to.
    assert stored.cipher == "sm4-gcm"
    on_disk = (media_root / stored.path).read_bytes()
    assert on_disk.startswith(b"ZSG1") and content not in on_disk
    assert open_file(stored) == content


def test_a_docx_that_is_not_one_is_refused_and_leaves_nothing(uploader, media_root):
    with pytest.raises(ServiceError) as raised:
        store_file(uploaded=SimpleUploadedFile("报告.docx", PDF), by=uploader)

    assert raised.value.message == "文件内容与扩展名不符：声称为DOCX，实际不是"
    assert not StoredFile.objects.exists()
    assert files_on_disk(media_root) == []


def test_a_zip_without_word_parts_is_not_a_docx(uploader):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hi")

    with pytest.raises(ServiceError) as raised:
        store_file(uploaded=SimpleUploadedFile("报告.docx", buffer.getvalue()), by=uploader)
    assert raised.value.message == "文件内容与扩展名不符：声称为DOCX，实际不是"


def test_binary_content_named_txt_is_refused(uploader):
    with pytest.raises(ServiceError) as raised:
        store_file(uploaded=SimpleUploadedFile("说明.txt", b"abc\x00def"), by=uploader)
    assert raised.value.message == "文件内容与扩展名不符：声称为TXT，实际不是"


def test_text_that_is_not_utf8_is_refused(uploader):
    with pytest.raises(ServiceError) as raised:
        store_file(uploaded=SimpleUploadedFile("名单.csv", "姓名".encode("gbk")), by=uploader)
    assert raised.value.message == "文件内容与扩展名不符：声称为CSV，实际不是"


def test_a_file_over_the_limit_is_refused_with_the_limit_named(uploader, media_root, settings):
    settings.ZHONGSHU_MAX_UPLOAD_MB = 50
    big = SimpleUploadedFile("大文件.pdf", PDF + b"0" * (50 * 1024 * 1024))

    with pytest.raises(ServiceError) as raised:
        store_file(uploaded=big, by=uploader)

    assert raised.value.message == "文件超过50MB上限"
    assert files_on_disk(media_root) == []


def test_a_stream_without_a_declared_size_is_cut_off_at_the_limit(uploader, media_root):
    stream = io.BytesIO(PDF + b"0" * 5000)
    stream.name = "流.pdf"

    with pytest.raises(ServiceError) as raised:
        store_file(uploaded=stream, by=uploader, max_bytes=4096)

    assert raised.value.message == "文件超过4KB上限"
    assert files_on_disk(media_root) == []


def test_a_kind_outside_the_allowed_ones_is_refused(uploader):
    with pytest.raises(ServiceError) as raised:
        store_file(uploaded=SimpleUploadedFile("照片.png", PNG), by=uploader, allowed_kinds={"pdf", "docx"})
    assert raised.value.message == "不允许上传此类型的文件：PNG（允许：PDF、DOCX）"


def test_an_unknown_extension_is_refused(uploader):
    with pytest.raises(ServiceError) as raised:
        store_file(uploaded=SimpleUploadedFile("程序.exe", b"MZ\x90\x00"), by=uploader)
    assert raised.value.message == "不支持的文件类型：.exe"


def test_a_path_in_the_name_is_dropped(uploader):
    stored = store_file(uploaded=SimpleUploadedFile("../../etc/通知.pdf", PDF), by=uploader)
    assert stored.original_name == "通知.pdf"


def test_encrypted_at_rest_with_sm4_gcm_and_read_back(uploader, media_root):
    content = "机密内容：县委常委会议题\n".encode() * 100

    stored = store_file(uploaded=SimpleUploadedFile("议题.txt", content), by=uploader, cipher="sm4-gcm")

    on_disk = (media_root / stored.path).read_bytes()
    assert stored.cipher == "sm4-gcm"
    assert on_disk.startswith(b"ZSG1")
    assert "机密内容".encode() not in on_disk
    assert open_file(stored) == content
    assert stored.sha256 == hashlib.sha256(content).hexdigest()


def test_the_dev_key_file_is_created_private(uploader, settings, monkeypatch):
    monkeypatch.delenv("ZHONGSHU_FILE_KEY", raising=False)
    store_file(uploaded=SimpleUploadedFile("议题.txt", b"x"), by=uploader, cipher="sm4-gcm")

    key_file = Path(settings.VAR_DIR) / "file.key"
    assert key_file.stat().st_mode & 0o777 == 0o600


def test_a_tampered_encrypted_file_raises(uploader, media_root):
    stored = store_file(
        uploaded=SimpleUploadedFile("议题.txt", b"secret text"), by=uploader, cipher="sm4-gcm"
    )
    path = media_root / stored.path
    data = bytearray(path.read_bytes())
    data[20] ^= 0x01
    path.write_bytes(bytes(data))

    with pytest.raises(FileIntegrityError):
        open_file(stored)


def test_a_tampered_plain_file_fails_its_checksum(uploader, media_root):
    stored = legacy_clear_file(uploader, "说明.txt", b"original")
    (media_root / stored.path).write_bytes(b"0riginal")

    with pytest.raises(FileIntegrityError):
        open_file(stored)


def test_another_key_cannot_read_the_file(uploader, monkeypatch):
    monkeypatch.setenv("ZHONGSHU_FILE_KEY", "first-key")
    stored = store_file(uploaded=SimpleUploadedFile("议题.txt", b"secret"), by=uploader, cipher="sm4-gcm")
    monkeypatch.setenv("ZHONGSHU_FILE_KEY", "second-key")

    with pytest.raises(FileIntegrityError):
        open_file(stored)


def test_a_registered_cipher_is_used_by_name(uploader, media_root):
    seen: list[str] = []

    def encrypt(src, dst):
        seen.append("encrypt")
        sm4_gcm_encrypt(src, dst)

    def decrypt(src, dst):
        seen.append("decrypt")
        sm4_gcm_decrypt(src, dst)

    register_cipher("test-wrapped", encrypt, decrypt)
    stored = store_file(uploaded=SimpleUploadedFile("说明.txt", b"hello"), by=uploader, cipher="test-wrapped")

    assert open_file(stored) == b"hello"
    assert seen == ["encrypt", "decrypt"]


def test_download_goes_through_the_owners_check(uploader, rf):
    owner = factories.make_unit("附件所属单位")
    stored = store_file(uploaded=SimpleUploadedFile("通知.pdf", PDF), by=uploader)
    attachment = attach_file(owner=owner, stored=stored, by=uploader, purpose="正文")
    request = rf.get("/")
    request.user = uploader

    response = download_response(request, attachment, check=lambda user, record: record.pk == owner.pk)
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"

    from zhongshu.access.policy import RecordNotFound

    with pytest.raises(RecordNotFound):
        download_response(request, attachment, check=lambda user, record: False)
    assert Attachment.objects.get().purpose == "正文"
    assert AuditEvent.objects.filter(action="attachment.add").count() == 1


def test_prune_removes_only_files_no_row_names(uploader, media_root):
    import os

    kept = store_file(uploaded=SimpleUploadedFile("通知.pdf", PDF), by=uploader)
    orphan = media_root / "store" / "ab" / "orphan.bin"
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"left by a rolled-back upload")
    for path in (orphan, media_root / kept.path):
        os.utime(path, (0, 0))

    from zhongshu.attachments.services import prune_orphan_files

    assert prune_orphan_files() == 1
    assert not orphan.exists()
    assert (media_root / kept.path).exists()
    event = AuditEvent.objects.get(action="file.prune")
    assert event.details == {"removed": 1, "paths": ["store/ab/orphan.bin"]}


def _old_file(path: Path, data: bytes = b"x") -> Path:
    import os

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    os.utime(path, (0, 0))
    return path


def test_prune_refuses_a_database_that_names_no_file_at_all(db, media_root):
    from zhongshu.attachments.services import WrongDatabase, prune_orphan_files

    kept = _old_file(media_root / "store" / "cd" / "someone_elses.bin")
    with pytest.raises(WrongDatabase):
        prune_orphan_files()
    assert kept.exists()
    assert not AuditEvent.objects.filter(action="file.prune").exists()


def test_the_files_command_lists_orphans_and_removes_them_only_when_told(uploader, media_root):
    from django.core.management import CommandError, call_command

    kept = store_file(uploaded=SimpleUploadedFile("通知.pdf", PDF), by=uploader)
    orphan = _old_file(media_root / "store" / "ab" / "orphan.bin")
    young = media_root / "store" / "ab" / "young.bin"
    young.write_bytes(b"an upload whose row is not committed yet")
    out = io.StringIO()
    call_command("files", "prune", stdout=out)
    assert out.getvalue().splitlines() == [str(orphan), "orphans: 1 (run again with --delete to remove them)"]
    assert orphan.exists()

    out = io.StringIO()
    call_command("files", "prune", "--delete", stdout=out)
    assert out.getvalue() == "removed: 1\n"
    assert not orphan.exists() and young.exists() and (media_root / kept.path).exists()
    # Young files go too once they are old enough to be sure their upload ended.
    call_command("files", "prune", "--delete", "--older-than", "0", stdout=io.StringIO())
    assert not young.exists() and (media_root / kept.path).exists()
    with pytest.raises(CommandError, match="--older-than must not be negative"):
        call_command("files", "prune", "--older-than", "-1")


def test_the_files_command_names_the_wrong_database_in_english(db, media_root):
    from django.core.management import CommandError, call_command

    _old_file(media_root / "store" / "cd" / "someone_elses.bin")
    with pytest.raises(CommandError, match="^wrong_database: .* holds files but this database names none"):
        call_command("files", "prune", "--delete")


def test_orphans_are_found_among_many_files_oldest_first(uploader, media_root):
    import os

    from zhongshu.attachments.services import orphan_files

    # More files than one lookup query takes: every third one is named by a row.
    named = []
    for n in range(1200):
        path = media_root / "store" / f"{n % 256:02x}" / f"{n:04d}.bin"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
        os.utime(path, (1000 + (1200 - n), 1000 + (1200 - n)))  # the higher n, the older
        if n % 3 == 0:
            named.append(
                StoredFile(
                    sha256="0" * 64,
                    size=1,
                    content_type="application/octet-stream",
                    kind="pdf",
                    original_name=path.name,
                    path=path.relative_to(media_root).as_posix(),
                    uploaded_by=uploader,
                )
            )
    StoredFile.objects.bulk_create(named)
    found = orphan_files()
    assert [path.name for path in found] == [f"{n:04d}.bin" for n in reversed(range(1200)) if n % 3]
