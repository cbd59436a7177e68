"""Candidate corrections for a character: the characters that sound the same (pypinyin, same syllable and
tone), that sound near (the confusions of speakers and of pinyin input: 前后鼻音 an/ang en/eng in/ing,
平翘舌 z/zh c/ch s/sh, n/l, any tone) and those that look alike (data/shape_similar.tsv, written by the
project, and data/shape_glyphs.tsv, from the glyphs' bitmaps)."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable

from zhongshu.proofreader.resources import read_table, shape_groups

# Initials and finals speakers and pinyin input confuse, each mapped onto one of its pair.
_NEAR_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("n", "l"))
_NEAR_FINALS = (("ang", "an"), ("eng", "en"), ("ing", "in"))


def near_sound_key(reading: str) -> str:
    """`reading` (TONE3 pinyin) without its tone and with each confusable initial and final merged."""
    syllable = reading.rstrip("12345")
    for initial, merged in _NEAR_INITIALS:
        if syllable.startswith(initial):
            syllable = merged + syllable[len(initial) :]
            break
    for final, merged in _NEAR_FINALS:
        if syllable.endswith(final):
            syllable = syllable[: -len(final)] + merged
            break
    return syllable


@functools.cache
def glyph_neighbours() -> dict[str, str]:
    """Each character → the common characters whose rendered glyphs are nearest (data/shape_glyphs.tsv).
    Broad and noisy (a shared component is enough), so only the word-level check, which also asks for a
    frequent corpus word, draws on it."""
    return {row[0]: row[1] for row in read_table("shape_glyphs.tsv")}


@functools.lru_cache(maxsize=65536)
def word_readings(word: str) -> tuple[str, ...]:
    """Each character's reading in `word` (pypinyin's phrase dictionary decides heteronyms)."""
    from pypinyin import Style, pinyin

    readings = pinyin(word, style=Style.TONE3, errors="default", neutral_tone_with_five=True)
    if len(readings) != len(word):  # characters without a reading come back as one item: no reading
        return ("",) * len(word)
    return tuple(reading[0] for reading in readings)


@functools.lru_cache(maxsize=16384)
def sound_keys(char: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """`char`'s readings (TONE3), their syllables without tone, and their near-sound keys."""
    readings = _readings(char)
    return (
        frozenset(readings),
        frozenset(reading.rstrip("12345") for reading in readings),
        frozenset(near_sound_key(reading) for reading in readings),
    )


def _readings(char: str) -> tuple[str, ...]:
    from pypinyin import Style, pinyin

    readings = pinyin(char, style=Style.TONE3, heteronym=True, errors="ignore", neutral_tone_with_five=True)
    return tuple(readings[0]) if readings else ()


class Confusions:
    """Same-sound and similar-shape sets over a vocabulary (the characters common enough to suggest)."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self.vocabulary = frozenset(vocabulary)
        by_sound: dict[str, set[str]] = defaultdict(set)
        by_near: dict[str, set[str]] = defaultdict(set)
        by_any_near: dict[str, set[str]] = defaultdict(set)
        self._sounds: dict[str, tuple[str, ...]] = {}
        for char in self.vocabulary:
            self._sounds[char] = _readings(char)
            # A candidate is filed under its main reading (pypinyin lists it first) only: rare literary
            # readings (税 tuō) would make strange suggestions; the character questioned is looked up
            # under all its readings.
            for reading in self._sounds[char][:1]:
                by_sound[reading].add(char)
                by_sound[reading.rstrip("12345")].add(char)
                by_near[near_sound_key(reading)].add(char)
            for reading in self._sounds[char]:
                by_any_near[near_sound_key(reading)].add(char)
        self._by_sound = {sound: frozenset(chars) for sound, chars in by_sound.items()}
        self._by_near = {sound: frozenset(chars) for sound, chars in by_near.items()}
        # Under every reading, for `possible`: the word-level check asks the word which reading holds.
        self._by_any_near = {sound: frozenset(chars) for sound, chars in by_any_near.items()}
        self._shapes = shape_groups()
        self._pairs: dict[str, str | None] = {}  # char + candidate → `_pair_kind`, filled as met

    def same_sound(self, char: str, *, tone: bool = True) -> frozenset[str]:
        """Characters with one of `char`'s readings; with tone=False, the syllable in any tone."""
        readings = self._sounds.get(char) or _readings(char)
        found: set[str] = set()
        for reading in readings:
            found |= self._by_sound.get(reading if tone else reading.rstrip("12345"), frozenset())
        found.discard(char)
        return frozenset(found)

    def near_sound(self, char: str) -> frozenset[str]:
        """Characters whose main reading is one of `char`'s readings with near initials, finals or tone."""
        readings = self._sounds.get(char) or _readings(char)
        found: set[str] = set()
        for reading in readings:
            found |= self._by_near.get(near_sound_key(reading), frozenset())
        found.discard(char)
        return frozenset(found)

    @functools.lru_cache(maxsize=8192)  # noqa: B019 - one instance lives for the process
    def confusable(self, char: str) -> dict[str, str]:
        """Every candidate for `char` → its kind: 'shape', 'sound', 'tone' (as in `candidates`), 'near'
        (a near initial or final) or 'glyph' (near in the rendered glyph)."""
        kinds = {candidate: kind for candidate, kind in self.candidates(char)}
        for candidate in self.near_sound(char):
            kinds.setdefault(candidate, "near")
        for candidate in glyph_neighbours().get(char, ""):
            if candidate in self.vocabulary:
                kinds.setdefault(candidate, "glyph")
        return kinds

    @functools.lru_cache(maxsize=8192)  # noqa: B019 - one instance lives for the process
    def possible(self, char: str) -> frozenset[str]:
        """Every character `kind_in_word` may accept for `char` in some word: a cheap first sieve."""
        found = set(self.confusable(char))
        for key in sound_keys(char)[2]:
            found |= self._by_any_near.get(key, frozenset())
        found.discard(char)
        return frozenset(found)

    def _pair_kind(self, char: str, candidate: str) -> str | None:
        """The kind that holds whatever the word, "by reading" when the word must decide, else None."""
        kind = self.confusable(char).get(candidate)
        if kind is not None or candidate == char:
            return kind
        if sound_keys(char)[2] & sound_keys(candidate)[2]:
            return "by reading"
        return None  # no reading of the candidate comes near: pypinyin need not read the word

    def kind_in_word(self, char: str, word: str, position: int) -> str | None:
        """How `word[position]` may stand for `char`: as `confusable` has it, or else by the reading the
        character takes in `word` (调 is filed under diao4, but reads tiao2 in 协调; a rare reading of
        its own, 省 xian3, is no ground)."""
        candidate = word[position]
        pair = char + candidate
        kind = self._pairs.get(pair, "?")
        if kind == "?":
            kind = self._pair_kind(char, candidate)
            self._pairs[pair] = kind
        if kind != "by reading":
            return kind
        readings, syllables, near = sound_keys(char)
        reading = word_readings(word)[position]
        if reading in readings:
            return "sound"
        if reading.rstrip("12345") in syllables:
            return "tone"
        if near_sound_key(reading) in near:
            return "near"
        return None

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
