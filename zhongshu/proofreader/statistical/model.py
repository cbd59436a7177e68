"""A character trigram language model: weighted counts, stupid-backoff scores, and a compact file format.

Counts are floats (training weighs its sources differently). On disk every table is a block of sorted
keys (fixed-width strings of 1, 2 or 3 characters, concatenated) and one byte per key holding the count on
a log scale; the whole file is zlib-compressed. Loading rebuilds plain dicts, the fastest lookup Python has.
"""

from __future__ import annotations

import math
import struct
import zlib
from collections.abc import Mapping
from pathlib import Path

MAGIC = b"ZSLM1"
# A count c is stored as round(STEPS * log2(1 + c)): a byte covers counts up to about 2**(255/12) ≈ 2.5M
# with a relative error under 3 %, ample for comparing scores.
STEPS = 12
BACKOFF = 0.4  # stupid backoff (Brants et al. 2007): a shorter context's score counts for less
FLOOR = 0.5  # pseudo-count for a character never seen, so that no score is log(0)


def _quantise(count: float) -> int:
    return min(255, max(1, round(STEPS * math.log2(1 + count))))


def _dequantise(byte: int) -> float:
    return float(2 ** (byte / STEPS) - 1)


class CharNgramModel:
    def __init__(self, tables: tuple[Mapping[str, float], Mapping[str, float], Mapping[str, float]]) -> None:
        self.unigrams, self.bigrams, self.trigrams = (dict(table) for table in tables)
        self.total = sum(self.unigrams.values()) or 1.0

    def knows(self, char: str) -> bool:
        return char in self.unigrams

    def score(self, context: str, char: str) -> float:
        """log10 of the stupid-backoff score of `char` after `context` (its last two characters)."""
        if len(context) >= 2:
            trigram = self.trigrams.get(context[-2:] + char)
            if trigram:
                return math.log10(trigram / self.bigrams[context[-2:]])
        weight = 1.0 if len(context) < 2 else BACKOFF
        if context:
            bigram = self.bigrams.get(context[-1] + char)
            if bigram:
                return math.log10(weight * bigram / self.unigrams[context[-1]])
            weight *= BACKOFF
        return math.log10(weight * self.unigrams.get(char, FLOOR) / self.total)

    def window_score(self, text: str) -> float:
        """Sum of the scores of text[2:], each after its two predecessors."""
        return sum(self.score(text[max(0, k - 2) : k], text[k]) for k in range(2, len(text)))

    # The file format ---------------------------------------------------------------------------------

    def dumps(self) -> bytes:
        parts = [MAGIC]
        for width, table in zip((1, 2, 3), (self.unigrams, self.bigrams, self.trigrams), strict=True):
            keys = sorted(key for key in table if len(key) == width)
            blob = "".join(keys).encode("utf-8")
            counts = bytes(_quantise(table[key]) for key in keys)
            parts.append(struct.pack("<II", len(keys), len(blob)) + blob + counts)
        return zlib.compress(b"".join(parts), 9)

    @classmethod
    def loads(cls, data: bytes) -> CharNgramModel:
        raw = zlib.decompress(data)
        if not raw.startswith(MAGIC):
            raise ValueError("not a 中枢 character n-gram model file")
        offset = len(MAGIC)
        tables: list[dict[str, float]] = []
        for width in (1, 2, 3):
            count, size = struct.unpack_from("<II", raw, offset)
            offset += 8
            text = raw[offset : offset + size].decode("utf-8")
            offset += size
            counts = raw[offset : offset + count]
            offset += count
            levels = [_dequantise(byte) for byte in range(256)]
            tables.append({text[i * width : (i + 1) * width]: levels[counts[i]] for i in range(count)})
        return cls((tables[0], tables[1], tables[2]))

    def save(self, path: Path) -> None:
        path.write_bytes(self.dumps())

    @classmethod
    def load(cls, path: Path) -> CharNgramModel:
        return cls.loads(path.read_bytes())
