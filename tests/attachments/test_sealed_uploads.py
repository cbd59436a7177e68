"""A large upload waits in a sealed temporary file: ciphertext on disk, the plaintext back on reading."""

import os
import secrets

from django.conf import settings
from django.core.files.uploadhandler import load_handler

from zhongshu.attachments.uploads import SealedTemporaryFile, SealedUploadedFile, SealedUploadHandler

MARKER = "绝密会议纪要正文".encode()


def _on_disk(sealed: SealedTemporaryFile) -> bytes:
    # The bytes the operating system holds for the file, read through its own descriptor.
    sealed.flush()
    descriptor = sealed._file.fileno()
    return os.pread(descriptor, os.fstat(descriptor).st_size, 0)


def test_what_is_written_is_ciphertext_on_disk_and_reads_back_at_any_offset():
    plain = (secrets.token_bytes(1000) + MARKER) * 300 + b"tail"
    with SealedTemporaryFile() as sealed:
        # Written in uneven chunks, as the request parser hands them over.
        for start in range(0, len(plain), 777):
            sealed.write(plain[start : start + 777])
        assert len(_on_disk(sealed)) == len(plain)
        assert MARKER not in _on_disk(sealed)
        sealed.seek(0)
        assert sealed.read() == plain
        for offset, size in ((0, 1), (15, 2), (16, 33), (1013, 5000), (len(plain) - 3, 10)):
            sealed.seek(offset)
            assert sealed.read(size) == plain[offset : offset + size]
        assert sealed.seek(-4, 2) == len(plain) - 4 and sealed.read() == b"tail"


def test_two_uploads_of_the_same_text_are_sealed_under_different_keys():
    with SealedTemporaryFile() as one, SealedTemporaryFile() as two:
        one.write(MARKER * 10)
        two.write(MARKER * 10)
        assert _on_disk(one) != _on_disk(two)


def test_the_handler_returns_an_upload_that_reads_and_chunks_like_any_other():
    handler = SealedUploadHandler()
    handler.new_file("file", "纪要.txt", "text/plain", 0, "utf-8")
    data = MARKER * 100_000
    for start in range(0, len(data), handler.chunk_size):
        assert handler.receive_data_chunk(data[start : start + handler.chunk_size], start) is None
    upload = handler.file_complete(len(data))
    assert isinstance(upload, SealedUploadedFile)
    assert (upload.name, upload.size) == ("纪要.txt", len(data))
    assert b"".join(upload.chunks(chunk_size=65_537)) == data
    upload.close()
    assert upload.closed


def test_the_site_keeps_large_uploads_sealed():
    handlers = [type(load_handler(path)) for path in settings.FILE_UPLOAD_HANDLERS]
    assert SealedUploadHandler in handlers
    assert "django.core.files.uploadhandler.TemporaryFileUploadHandler" not in settings.FILE_UPLOAD_HANDLERS
