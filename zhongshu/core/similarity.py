"""Finding passages two texts share (the materials library's paragraphs, information items): winnowed fingerprints,
then seed-and-extend. Pure Python.

Materials quote each other in pieces: a 70-character 讲话 quotation inside a 300-character paragraph. A
whole-paragraph measure (MinHash or SimHash of the paragraph) sees two mostly different paragraphs and
misses it, so passages are found the way plagiarism detectors find them (Schleimer et al., "Winnowing",
SIGMOD 2003):

1. Each paragraph is normalised (NFKC, lower case, punctuation and spaces dropped) and every K-character
   window is hashed (CRC-32, see `window_hashes`); winnowing keeps the smallest hash of every W consecutive
   windows. Any passage of at least K + W - 1 normalised characters that two paragraphs share yields at
   least one common fingerprint.
2. The fingerprints go into an indexed table, so a new material's candidates are one set-based query
   ("which stored fingerprints equal mine"), never a comparison with every paragraph in Python.
3. Each common fingerprint is a seed: the match is extended left and right over the two normalised texts
   and kept when it reaches MIN_PASSAGE characters; the span is mapped back to the original text.
"""

from __future__ import annotations

import unicodedata
import zlib
from dataclasses import dataclass
from typing import NamedTuple

K = 12  # characters per hashed window
W = 8  # windows per winnowing window: guarantees shared passages of K + W - 1 = 19 characters are seen
MIN_PASSAGE = 20  # normalised characters a shared passage needs to be reported


@dataclass(frozen=True)
class Normalised:
    text: str
    # offsets[i] is the index in the original text of normalised character i
    offsets: list[int]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets[start], self.offsets[end - 1] + 1


class Fingerprint(NamedTuple):
    """A tuple, not a dataclass: a large text has millions, and a frozen dataclass costs three times as much
    to make."""

    hash: int
    offset: int  # in the normalised text


@dataclass(frozen=True)
class Match:
    """A passage shared by paragraph a and paragraph b, as spans of their original texts."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    length: int  # normalised characters


class _Folding(dict[str, str]):
    """Each character's normalised form (NFKC, lower case, letters and digits only), worked out once per
    distinct character: a text has a few thousand distinct characters and millions of occurrences, so the
    per-character Unicode calls were most of the cost of indexing a large material."""

    def __missing__(self, char: str) -> str:
        folded = "".join(piece for piece in unicodedata.normalize("NFKC", char).lower() if piece.isalnum())
        self[char] = folded
        return folded


_FOLDED = _Folding()


def normalised_text(text: str) -> str:
    """`normalise(text).text` without the offsets (a list of ints as long as the text, 30+ bytes a char)."""
    return "".join(map(_FOLDED.__getitem__, text))


def normalise(text: str) -> Normalised:
    chars: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        folded = _FOLDED[char]
        if folded:
            chars.append(folded)
            offsets.extend([index] * len(folded))
    return Normalised("".join(chars), offsets)


def window_hashes(norm: str) -> list[int]:
    """The hash of each K-character window of a normalised text: CRC-32 of the window's UTF-32 bytes.

    Stable (a published checksum, the same in every process and version), and computed without a line of
    Python per window: slicing the encoded text and zlib.crc32 run inside map(). The earlier 63-bit
    BLAKE2b, a Python expression per window, was 60% of the time of finding the fingerprints. 32 bits are
    enough for an index whose every hit is checked against the two texts (`shared_passages` compares the
    windows themselves); stored fingerprints were recomputed by migration 0005."""
    count = len(norm) - K + 1
    if count < 1:
        return []
    data = norm.encode("utf-32-le")
    windows = map(data.__getitem__, map(slice, range(0, 4 * count, 4), range(4 * K, 4 * (count + K), 4)))
    return list(map(zlib.crc32, windows))


def fingerprints(text: str) -> list[Fingerprint]:
    """The winnowed fingerprints of one paragraph (each position at most once)."""
    return [Fingerprint(value, offset) for offset, value in winnowed(text)]


def winnowed(text: str) -> list[tuple[int, int]]:
    """`fingerprints` as (offset, hash) pairs, in order of offset: what the ingest stores, without a
    Fingerprint made for each of a large text's millions."""
    hashes = window_hashes(normalised_text(text))
    if not hashes:
        return []
    if len(hashes) <= W:
        # The window is longer than the paragraph: its minimum is the one fingerprint.
        offset = min(range(len(hashes)), key=lambda i: (hashes[i], -i))
        return [(offset, hashes[offset])]
    chosen: dict[int, int] = {}
    # The rightmost minimum of each window, as the paper does, so runs of equal hashes give one fingerprint.
    # The minimum is carried from one window to the next and only looked for again when it slides out,
    # instead of a fresh min() with a key function over every window (W calls a character).
    at = -1
    for start in range(len(hashes) - W + 1):
        end = start + W - 1
        if at < start:
            at = start
            for i in range(start + 1, end + 1):
                if hashes[i] <= hashes[at]:
                    at = i
        elif hashes[end] <= hashes[at]:
            at = end
        chosen[at] = hashes[at]
    return sorted(chosen.items())


def shared_passages(
    a_text: str, b_text: str, seeds: list[tuple[int, int]], min_length: int = MIN_PASSAGE
) -> list[Match]:
    """Extend each seed (offset in a, offset in b, of a common K-window) into a maximal shared passage."""
    a, b = normalise(a_text), normalise(b_text)
    found: list[tuple[int, int, int]] = []  # (a_start, b_start, length) in normalised characters
    for a_seed, b_seed in sorted(seeds):
        if a.text[a_seed : a_seed + K] != b.text[b_seed : b_seed + K]:
            continue  # a hash collision, not a match
        if any(s <= a_seed < s + n and a_seed - s == b_seed - t for s, t, n in found):
            continue  # already inside a passage found from an earlier seed
        start_a, start_b = a_seed, b_seed
        while start_a > 0 and start_b > 0 and a.text[start_a - 1] == b.text[start_b - 1]:
            start_a, start_b = start_a - 1, start_b - 1
        end_a, end_b = a_seed + K, b_seed + K
        while end_a < len(a.text) and end_b < len(b.text) and a.text[end_a] == b.text[end_b]:
            end_a, end_b = end_a + 1, end_b + 1
        found.append((start_a, start_b, end_a - start_a))
    matches = []
    for start_a, start_b, length in found:
        if length < min_length:
            continue
        a_span = a.original_span(start_a, start_a + length)
        b_span = b.original_span(start_b, start_b + length)
        matches.append(Match(a_span[0], a_span[1], b_span[0], b_span[1], length))
    return sorted(matches, key=lambda m: -m.length)
