"""A character trigram language model: weighted counts, stupid-backoff scores, and a compact file format.

A model trained on millions of sentences holds millions of n-grams; as a dict of Python strings they
would take gigabytes. So bigrams and trigrams are kept packed: each n-gram's code points (21 bits each)
make one integer key, the keys sorted in an `array('Q')` and searched with `bisect` (C speed on an array),
the counts beside them one byte each on a log scale. About 9 bytes an n-gram in memory.

On disk (format ZSLM2): the unigrams with exact counts, then for bigrams and trigrams the keys' eight
byte planes (all lowest bytes, then all next bytes ...: sorted keys share their high bytes, so the
planes compress far better than the keys themselves) and the count bytes, the whole zlib-compressed.
"""

from __future__ import annotations

import math
import struct
import sys
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterator, Mapping
from pathlib import Path

MAGIC = b"ZSLM2"
# A count c is stored as round(STEPS * log2(1 + c)): a byte covers counts up to about 2**(255/12) ≈ 2.5M
# with a relative error under 3 %, ample for comparing scores.
STEPS = 12
BACKOFF = 0.4  # stupid backoff (Brants et al. 2007): a shorter context's score counts for less
FLOOR = 0.5  # pseudo-count for a character never seen, so that no score is log(0)
BITS = 21  # every Unicode code point fits
LEVELS = tuple(float(2 ** (byte / STEPS) - 1) for byte in range(256))


def quantise(count: float) -> int:
    return min(255, max(1, round(STEPS * math.log2(1 + count))))


def pack(ngram: str) -> int:
    key = 0
    for char in ngram:
        key = (key << BITS) | ord(char)
    return key


def unpack(key: int, width: int) -> str:
    mask = (1 << BITS) - 1
    return "".join(chr((key >> (BITS * (width - 1 - i))) & mask) for i in range(width))


class PackedCounts(Mapping[str, float]):
    """n-grams of one width → count (dequantised), read-only, as sorted integer keys and count bytes."""

    def __init__(self, width: int, keys: array[int], levels: bytes) -> None:
        if len(keys) != len(levels):
            raise ValueError("keys and counts differ in number")
        self.width = width
        self.packed_keys = keys
        self.count_bytes = levels

    @classmethod
    def from_counts(cls, width: int, counts: Mapping[str, float]) -> PackedCounts:
        pairs = sorted(
            (pack(ngram), quantise(count)) for ngram, count in counts.items() if len(ngram) == width
        )
        return cls(width, array("Q", (key for key, _ in pairs)), bytes(level for _, level in pairs))

    def count(self, ngram: str) -> float:
        """The n-gram's count, 0.0 when it is not kept."""
        key = pack(ngram)
        index = bisect_left(self.packed_keys, key)
        if index < len(self.packed_keys) and self.packed_keys[index] == key:
            return LEVELS[self.count_bytes[index]]
        return 0.0

    def __getitem__(self, ngram: str) -> float:
        found = self.count(ngram) if len(ngram) == self.width else 0.0
        if not found:
            raise KeyError(ngram)
        return found

    def __contains__(self, ngram: object) -> bool:
        return isinstance(ngram, str) and len(ngram) == self.width and self.count(ngram) > 0.0

    def __iter__(self) -> Iterator[str]:
        return (unpack(key, self.width) for key in self.packed_keys)

    def __len__(self) -> int:
        return len(self.packed_keys)

    # The file format: byte planes of the keys, then the count bytes.

    def dumps(self) -> bytes:
        raw = _little_endian(self.packed_keys).tobytes()
        planes = b"".join(raw[plane::8] for plane in range(8))
        return struct.pack("<I", len(self.packed_keys)) + planes + self.count_bytes

    @classmethod
    def loads(cls, width: int, data: bytes | memoryview, offset: int) -> tuple[PackedCounts, int]:
        (size,) = struct.unpack_from("<I", data, offset)
        offset += 4
        # The planes go straight into the array's own memory: a copy of millions of keys would stay in
        # the process's heap after it is freed.
        keys = array("Q", [0]) * size
        into = memoryview(keys).cast("B")
        for plane in range(8):
            into[plane::8] = data[offset : offset + size]
            offset += size
        into.release()
        levels = bytes(data[offset : offset + size])
        return cls(width, _little_endian(keys), levels), offset + size


def _little_endian(keys: array[int]) -> array[int]:
    """The keys in little-endian byte order (a copy on big-endian machines; the file is little-endian)."""
    if sys.byteorder == "little":
        return keys
    swapped = array("Q", keys)
    swapped.byteswap()
    return swapped


class CharNgramModel:
    def __init__(self, tables: tuple[Mapping[str, float], Mapping[str, float], Mapping[str, float]]) -> None:
        unigrams, bigrams, trigrams = tables
        self.unigrams = {char: float(count) for char, count in unigrams.items() if len(char) == 1}
        # Counts are quantised here, not only when saved, so a model trained in memory scores exactly as
        # the same model loaded from its file.
        self.bigrams = bigrams if isinstance(bigrams, PackedCounts) else PackedCounts.from_counts(2, bigrams)
        self.trigrams = (
            trigrams if isinstance(trigrams, PackedCounts) else PackedCounts.from_counts(3, trigrams)
        )
        self.total = sum(self.unigrams.values()) or 1.0

    def knows(self, char: str) -> bool:
        return char in self.unigrams

    def score(self, context: str, char: str) -> float:
        """log10 of the stupid-backoff score of `char` after `context` (its last two characters)."""
        if len(context) >= 2:
            trigram = self.trigrams.count(context[-2:] + char)
            if trigram:
                return math.log10(trigram / self.bigrams.count(context[-2:]))
        weight = 1.0 if len(context) < 2 else BACKOFF
        if context:
            bigram = self.bigrams.count(context[-1] + char)
            if bigram:
                return math.log10(weight * bigram / self.unigrams[context[-1]])
            weight *= BACKOFF
        return math.log10(weight * self.unigrams.get(char, FLOOR) / self.total)

    def window_score(self, text: str) -> float:
        """Sum of the scores of text[2:], each after its two predecessors."""
        return sum(self.score(text[max(0, k - 2) : k], text[k]) for k in range(2, len(text)))

    # The file format ---------------------------------------------------------------------------------

    def dumps(self) -> bytes:
        chars = sorted(self.unigrams)
        blob = "".join(chars).encode("utf-8")
        counts = array("d", (self.unigrams[char] for char in chars))
        if sys.byteorder != "little":
            counts.byteswap()
        parts = [MAGIC, struct.pack("<II", len(chars), len(blob)), blob, counts.tobytes()]
        parts += [self.bigrams.dumps(), self.trigrams.dumps()]
        return zlib.compress(b"".join(parts), 9)

    @classmethod
    def loads(cls, data: bytes) -> CharNgramModel:
        try:
            raw = memoryview(zlib.decompress(data))
        except zlib.error as error:
            raise ValueError("not a 中枢 character n-gram model file") from error
        if bytes(raw[: len(MAGIC)]) != MAGIC:
            raise ValueError("not a 中枢 character n-gram model file")
        offset = len(MAGIC)
        count, size = struct.unpack_from("<II", raw, offset)
        offset += 8
        chars = bytes(raw[offset : offset + size]).decode("utf-8")
        offset += size
        counts = array("d")
        counts.frombytes(bytes(raw[offset : offset + 8 * count]))
        if sys.byteorder != "little":
            counts.byteswap()
        offset += 8 * count
        bigrams, offset = PackedCounts.loads(2, raw, offset)
        trigrams, offset = PackedCounts.loads(3, raw, offset)
        return cls((dict(zip(chars, counts, strict=True)), bigrams, trigrams))

    def save(self, path: Path) -> None:
        path.write_bytes(self.dumps())

    @classmethod
    def load(cls, path: Path) -> CharNgramModel:
        return cls.loads(path.read_bytes())
