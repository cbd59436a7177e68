"""Candidate corrections for a character: the characters that sound the same (pypinyin, same syllable and
tone) and those that look alike (data/shape_similar.tsv, written by the project)."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable

from zhongshu.proofreader.resources import read_table


@functools.cache
def shape_groups() -> dict[str, frozenset[str]]:
    """Each character → the characters that share a shape-similarity group with it."""
    similar: dict[str, set[str]] = defaultdict(set)
    for row in read_table("shape_similar.tsv"):
        group = row[0]
        for char in group:
            similar[char].update(group)
    return {char: frozenset(group - {char}) for char, group in similar.items()}


def _readings(char: str) -> tuple[str, ...]:
    from pypinyin import Style, pinyin

    readings = pinyin(char, style=Style.TONE3, heteronym=True, errors="ignore", neutral_tone_with_five=True)
    return tuple(readings[0]) if readings else ()


class Confusions:
    """Same-sound and similar-shape sets over a vocabulary (the characters common enough to suggest)."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self.vocabulary = frozenset(vocabulary)
        by_sound: dict[str, set[str]] = defaultdict(set)
        self._sounds: dict[str, tuple[str, ...]] = {}
        for char in self.vocabulary:
            self._sounds[char] = _readings(char)
            # A candidate is filed under its main reading (pypinyin lists it first) only: rare literary
            # readings (税 tuō) would make strange suggestions; the character questioned is looked up
            # under all its readings.
            for reading in self._sounds[char][:1]:
                by_sound[reading].add(char)
                by_sound[reading.rstrip("12345")].add(char)
        self._by_sound = {sound: frozenset(chars) for sound, chars in by_sound.items()}
        self._shapes = shape_groups()

    def same_sound(self, char: str, *, tone: bool = True) -> frozenset[str]:
        """Characters with one of `char`'s readings; with tone=False, the syllable in any tone."""
        readings = self._sounds.get(char) or _readings(char)
        found: set[str] = set()
        for reading in readings:
            found |= self._by_sound.get(reading if tone else reading.rstrip("12345"), frozenset())
        found.discard(char)
        return frozenset(found)

    def similar_shape(self, char: str) -> frozenset[str]:
        return frozenset(c for c in self._shapes.get(char, ()) if c in self.vocabulary)

    @functools.lru_cache(maxsize=8192)  # noqa: B019 - one instance lives for the process
    def candidates(self, char: str) -> tuple[tuple[str, str], ...]:
        """(candidate, kind) pairs, kind 'shape', 'sound' (same tone) or 'tone' (same syllable, other tone)."""
        shape = self.similar_shape(char)
        sound = self.same_sound(char) - shape
        tone = self.same_sound(char, tone=False) - sound - shape
        return (
            tuple(sorted((c, "shape") for c in shape))
            + tuple(sorted((c, "sound") for c in sound))
            + tuple(sorted((c, "tone") for c in tone))
        )
