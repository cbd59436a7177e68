"""Where a large upload waits while Django reads the request: on disk, but never in clear.

Django keeps an upload larger than FILE_UPLOAD_MAX_MEMORY_SIZE in a temporary file, in clear, before any view
runs. The secrecy rules only decide later whether the file is stored encrypted (attachments.services), so a
classified attachment's plaintext would already have touched the disk. This handler takes the place of
Django's temporary-file handler. The upload goes to an unnamed temporary file, encrypted with SM4 in counter
mode under a key made for this one upload and held only in memory. Reading the upload decrypts as it goes.
The file has no name on disk: the operating system frees it when it is closed, or when the process dies. What
is left on disk is ciphertext whose key is gone.
"""

from __future__ import annotations

import secrets
import tempfile
from typing import Any

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

_BLOCK = 16


class SealedTemporaryFile:
    """A seekable temporary file whose bytes on disk are SM4-CTR ciphertext under a key only this object holds."""

    def __init__(self) -> None:
        directory = getattr(settings, "FILE_UPLOAD_TEMP_DIR", None)
        self._file = tempfile.TemporaryFile(dir=directory)  # noqa: SIM115 - closed by close()
        self._key = secrets.token_bytes(_BLOCK)
        self._nonce = int.from_bytes(secrets.token_bytes(_BLOCK), "big")
        self._position = 0

    def _crypt(self, data: bytes, offset: int) -> bytes:
        # Counter mode at any offset: start from the block that holds it and drop the bytes before it.
        counter = (self._nonce + offset // _BLOCK) % (1 << 128)
        skip = offset % _BLOCK
        cipher = Cipher(algorithms.SM4(self._key), modes.CTR(counter.to_bytes(_BLOCK, "big"))).encryptor()
        return cipher.update(bytes(skip) + data)[skip:]

    def write(self, data: bytes) -> int:
        self._file.seek(self._position)
        self._file.write(self._crypt(bytes(data), self._position))
        self._position += len(data)
        return len(data)

    def read(self, size: int = -1) -> bytes:
        self._file.seek(self._position)
        sealed = self._file.read() if size is None or size < 0 else self._file.read(size)
        plain = self._crypt(sealed, self._position)
        self._position += len(plain)
        return plain

    def seek(self, offset: int, whence: int = 0) -> int:
        if whence == 1:
            offset += self._position
        elif whence == 2:
            offset += self._file.seek(0, 2)
        if offset < 0:
            raise ValueError("negative seek position")
        self._position = offset
        return offset

    def tell(self) -> int:
        return self._position

    def seekable(self) -> bool:
        return True

    def readable(self) -> bool:
        return True

    def flush(self) -> None:
        self._file.flush()

    @property
    def closed(self) -> bool:
        return bool(self._file.closed)

    def close(self) -> None:
        self._file.close()
        self._key = b""

    def __enter__(self) -> SealedTemporaryFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SealedUploadedFile(UploadedFile):
    def __init__(
        self, name: str | None, content_type: str | None, charset: str | None, content_type_extra: Any
    ) -> None:
        self.sealed = SealedTemporaryFile()
        # The file protocol is what UploadedFile needs of it, not the IO class its stubs name.
        super().__init__(self.sealed, name, content_type, 0, charset, content_type_extra)  # type: ignore[arg-type]

    def close(self) -> None:
        self.sealed.close()


class SealedUploadHandler(FileUploadHandler):
    """Django's temporary-file upload handler, with the file sealed (see the module's docstring)."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.file = SealedUploadedFile(
            self.file_name, self.content_type, self.charset, self.content_type_extra
        )

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.file.write(raw_data)

    def file_complete(self, file_size: int) -> UploadedFile:
        self.file.seek(0)
        self.file.size = file_size
        return self.file

    def upload_interrupted(self) -> None:
        if hasattr(self, "file"):
            self.file.close()
