"""Encryption at rest: a registry of stream ciphers, and the one shipped, SM4-GCM.

Every stored file is encrypted, under `DEFAULT_CIPHER` unless its caller names another registered one: the
store decides, not each module (a module that forgot would leave a classified file in clear; measured cost in
`zhongshu bench files`).

Format of an "sm4-gcm" file: b"ZSG1" ‖ 12-byte nonce ‖ ciphertext ‖ 16-byte tag. The key lives outside the database: ZHONGSHU_FILE_KEY
(hex or text), or a key file (ZHONGSHU_FILE_KEY_FILE, by default VAR_DIR/file.key) that outside production is
created with mode 0600 on first use, like the audit key; production requires one or the other and refuses a
key file others may read. The SM4 key is derived from it with HMAC-SM3 so the stored secret is never used
directly.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings

CHUNK = 1024 * 1024
DEFAULT_CIPHER = "sm4-gcm"

StreamFn = Callable[[BinaryIO, BinaryIO], None]
ChunksFn = Callable[[BinaryIO], Iterator[bytes]]


class FileIntegrityError(Exception):
    """A stored file does not decrypt or does not match its checksum: it was altered or damaged."""


@dataclass(frozen=True)
class FileCipher:
    name: str
    encrypt_stream: StreamFn
    decrypt_stream: StreamFn
    decrypt_chunks: ChunksFn | None = None


_CIPHERS: dict[str, FileCipher] = {}


def register_cipher(
    name: str, encrypt_stream: StreamFn, decrypt_stream: StreamFn, decrypt_chunks: ChunksFn | None = None
) -> None:
    """Add a cipher. `decrypt_stream` must raise `FileIntegrityError` for altered ciphertext; so must
    `decrypt_chunks` (optional: the plaintext as it is decrypted, raising at the end), which lets a large file
    be read without a temporary copy."""
    _CIPHERS[name] = FileCipher(name, encrypt_stream, decrypt_stream, decrypt_chunks)


def cipher_named(name: str) -> FileCipher:
    try:
        return _CIPHERS[name]
    except KeyError:
        raise LookupError(f"no file cipher registered as {name!r}") from None


def file_key_material() -> bytes:
    configured = os.environ.get("ZHONGSHU_FILE_KEY", "") or str(
        getattr(settings, "ZHONGSHU_FILE_KEY", "") or ""
    )
    if configured:
        return configured.encode()
    path = Path(
        os.environ.get("ZHONGSHU_FILE_KEY_FILE", "")
        or getattr(settings, "ZHONGSHU_FILE_KEY_FILE", "")
        or settings.VAR_DIR / "file.key"
    )
    if path.exists() and settings.PRODUCTION and path.stat().st_mode & 0o077:
        # Whoever reads the key reads every file: it is the service account's alone.
        raise RuntimeError(f"the file key {path} is readable by others: chmod 600 it")
    if not path.exists():
        if settings.PRODUCTION:
            raise RuntimeError(f"the file key is missing: set ZHONGSHU_FILE_KEY or create {path}")
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process created it first
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
    return path.read_text().strip().encode()


def _sm4_key() -> bytes:
    mac = hmac.HMAC(file_key_material(), hashes.SM3())
    mac.update(b"zhongshu file encryption sm4-gcm v1")
    return mac.finalize()[:16]


_MAGIC = b"ZSG1"
_NONCE = 12
_TAG = 16


def sm4_gcm_encrypt(src: BinaryIO, dst: BinaryIO) -> None:
    nonce = secrets.token_bytes(_NONCE)
    encryptor = Cipher(algorithms.SM4(_sm4_key()), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(_MAGIC)
    dst.write(_MAGIC + nonce)
    while chunk := src.read(CHUNK):
        dst.write(encryptor.update(chunk))
    dst.write(encryptor.finalize())
    dst.write(encryptor.tag)


def sm4_gcm_decrypt_chunks(src: BinaryIO) -> Iterator[bytes]:
    """The plaintext chunk by chunk; raises at the end if the tag does not match (the caller must then
    discard what it was given).

    The last 16 bytes are the tag, so each chunk's final 16 bytes are held back until the next one shows
    they were not the end: memory stays one chunk whatever the file's size.
    """
    header = src.read(len(_MAGIC) + _NONCE)
    if len(header) != len(_MAGIC) + _NONCE or not header.startswith(_MAGIC):
        raise FileIntegrityError("not an sm4-gcm file")
    decryptor = Cipher(algorithms.SM4(_sm4_key()), modes.GCM(header[len(_MAGIC) :])).decryptor()
    decryptor.authenticate_additional_data(_MAGIC)
    held = b""
    while chunk := src.read(CHUNK):
        held += chunk
        if len(held) > _TAG:
            yield decryptor.update(held[:-_TAG])
            held = held[-_TAG:]
    if len(held) < _TAG:
        raise FileIntegrityError("sm4-gcm file is truncated")
    try:
        yield decryptor.finalize_with_tag(held)
    except InvalidTag:
        raise FileIntegrityError("sm4-gcm tag does not match: the file was altered") from None


def sm4_gcm_decrypt(src: BinaryIO, dst: BinaryIO) -> None:
    """Decrypt into `dst`. On a bad tag, raises: the caller must discard what went to `dst`."""
    for chunk in sm4_gcm_decrypt_chunks(src):
        dst.write(chunk)


register_cipher("sm4-gcm", sm4_gcm_encrypt, sm4_gcm_decrypt, sm4_gcm_decrypt_chunks)
