"""The word-level check: a character inside a span that is rare or absent among the corpus's words, where
one same-sound, near-sound or similar-shape substitution makes a frequent corpus word (总休 → 总体, 机智 →
机制 in 体制机智), and the character model agrees by a margin in that context.

jieba's segmentation does not decide here: a typo often makes a word of its own (机智) or splits the word it
spoiled, so every window of two or three characters is asked. To keep that cheap the frequent corpus
words are indexed at load by each of their characters blanked out (机制 under "*制" and "机*"): one
dictionary look-up per window and position finds the words one character away.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable

from zhongshu.proofreader.statistical.training import WORDS_PATH, load_word_counts

WIDTHS = (2, 3)
FREQUENT = 40  # a corpus word seen this often or more may be suggested
BLANK = "*"


class WordIndex:
    """The corpus's word counts and, for the frequent words, their one-character-blanked patterns."""

    def __init__(self, counts: dict[str, int], *, frequent: int = FREQUENT) -> None:
        self.counts = counts
        patterns: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for word, count in counts.items():
            if count < frequent or len(word) not in WIDTHS:
                continue
            for position in range(len(word)):
                patterns[word[:position] + BLANK + word[position + 1 :]].append((word[position], count))
        self.patterns: dict[str, tuple[tuple[str, int], ...]] = {
            key: tuple(sorted(found, key=lambda pair: -pair[1])) for key, found in patterns.items()
        }

    def count(self, word: str) -> int:
        return self.counts.get(word, 0)

    def neighbours(self, window: str, position: int) -> tuple[tuple[str, int], ...]:
        """(character, count) of the frequent words that differ from `window` at `position` only, the
        most frequent first."""
        return self.patterns.get(window[:position] + BLANK + window[position + 1 :], ())


@functools.cache
def word_index() -> WordIndex:
    return WordIndex(load_word_counts(WORDS_PATH))


Proposal = tuple[int, str, str, bool]  # position in the window, candidate, kind, the window is a word


def window_proposals(
    window: str,
    index: WordIndex,
    possible: Callable[[str], frozenset[str]],
    kind_in_word: Callable[[str, str, int], str | None],
    *,
    ratio: float,
    seen: int = 0,
) -> tuple[Proposal, ...]:
    """The substitutions that turn `window` into a frequent corpus word at least `ratio` times as
    frequent as the window itself (plus one); `known` when the window is itself a word (of the corpus,
    or of jieba's dictionary) and so more likely meant. `seen`: how often the window is taken to be
    written when the corpus's words undercount it (a word jieba splits, like 微信)."""
    own = max(index.count(window), seen)
    floor = ratio * (own + 1)
    known = own > 0 or _dictionary().get(window, 0) > 0
    found: list[Proposal] = []
    for position in range(len(window)):
        neighbours = index.neighbours(window, position)
        if not neighbours:
            continue
        char = window[position]
        sieve = possible(char)
        for candidate, count in neighbours:
            if count < floor:
                break  # the neighbours come most frequent first
            if candidate not in sieve:
                continue
            word = window[:position] + candidate + window[position + 1 :]
            kind = kind_in_word(char, word, position)
            if kind is not None:
                found.append((position, candidate, kind, known))
    return tuple(found)


def proposals(
    run: str, of_window: Callable[[str], tuple[Proposal, ...]]
) -> dict[int, tuple[dict[str, str], bool]]:
    """Position in `run` → ({candidate: kind}, known) over every window of two or three characters;
    `of_window` is `window_proposals` with its index and confusions bound (and cached: words repeat)."""
    found: dict[int, tuple[dict[str, str], bool]] = {}
    for width in WIDTHS:
        for start in range(len(run) - width + 1):
            for position, candidate, kind, known in of_window(run[start : start + width]):
                candidates, was_known = found.get(start + position, ({}, False))
                candidates[candidate] = kind
                found[start + position] = (candidates, was_known or known)
    return found


def _dictionary() -> dict[str, int]:
    from zhongshu.proofreader import resources

    return resources.word_frequencies()
