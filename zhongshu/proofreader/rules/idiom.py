"""idiom: a four-character span one same-sound or similar-shape character away from one idiom.

The idioms are the four-character words jieba's dictionary (MIT) tags `i` (idiom) or `l` (set phrase), with the
right forms of typos.tsv's idiom entries; typos.tsv names the common misspellings, this catches the rest
(老生长谈 → 老生常谈) without a list of wrong forms.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict

from zhongshu.proofreader import resources
from zhongshu.proofreader.findings import Finding

CATEGORY = "typo"
HAN_RUN_RE = re.compile("[\u4e00-\u9fff]{4,}")
IDIOM_TAGS = frozenset({"i", "l"})
# Rare idioms are mostly literary; a common phrase one character away from one of them is usually right.
MIN_IDIOM_FREQUENCY = 5
# jieba lists some misspellings as rare words (迫不急待 3, beside 迫不及待 303): a listed span is still flagged
# when it is rare and the idiom is this many times more frequent. The same ratio decides between two idioms
# that both fit: the span is flagged only when one of them dominates.
RARE_WORD_FREQUENCY = 5
FREQUENCY_RATIO = 20
# The project's idioms (typos.tsv's right forms) count as this frequent: they are the ones official prose uses.
LISTED_IDIOM_FREQUENCY = 1000
# Two common words side by side (对于统一, 拒绝接收) are ordinary prose, not a misspelt idiom (对立统一).
COMMON_HALF_FREQUENCY = 1000
NUMERALS = frozenset("一二三四五六七八九十百千万亿两〇零")
# A function word at either end of the span (和科学家 is 和 + 科学家, not 核科学家 misspelt); inside it, it is
# the slip itself (无所是从).
FUNCTION_CHARS = frozenset("的地得了着过和与及或并而在是对为把被从向给将以之其")
# Variant forms in current official use (勠力同心 in the Party's documents, beside the dictionary's 戮力同心).
ACCEPTED = frozenset({"勠力同心"})


@functools.cache
def _dictionary() -> tuple[dict[str, int], dict[str, int]]:
    """Four-character idioms and every four-character word of jieba's dictionary, with their frequencies."""
    frequencies = resources.word_frequencies()
    idioms: dict[str, int] = {}
    words: dict[str, int] = {}
    for word, tag in resources.pos_table().items():
        if len(word) != 4:
            continue
        words[word] = frequencies.get(word, 0)
        if tag in IDIOM_TAGS:
            idioms[word] = words[word]
    for wrong, right, _scope, source in resources.read_table("typos.tsv"):
        if source == "CY" and len(right) == 4:
            idioms[right] = max(idioms.get(right, 0), LISTED_IDIOM_FREQUENCY)
            words.pop(wrong, None)
    return idioms, words


@functools.cache
def _true_idioms() -> frozenset[str]:
    """The idioms proper (tag `i` or the project's list), for the message; the rest are set phrases."""
    tagged = {word for word, tag in resources.pos_table().items() if len(word) == 4 and tag == "i"}
    return frozenset(tagged | {row[1] for row in resources.read_table("typos.tsv") if row[3] == "CY"})


@functools.cache
def _masked() -> dict[str, tuple[str, ...]]:
    """For each idiom with one position masked ("老生_谈"), the three most frequent idioms that fit: enough to
    find the best fit of a span and whether a second one rivals it, the span itself left out."""
    idioms, _ = _dictionary()
    masked: dict[str, list[str]] = defaultdict(list)
    for idiom in idioms:
        for position in range(4):
            masked[idiom[:position] + "_" + idiom[position + 1 :]].append(idiom)
    return {
        key: tuple(sorted(value, key=lambda idiom: (-idioms[idiom], idiom))[:3])
        for key, value in masked.items()
    }


@functools.cache
def _readings(char: str) -> frozenset[str]:
    from pypinyin import Style, pinyin

    return frozenset(pinyin(char, style=Style.NORMAL, heteronym=True)[0])


def _confusable(written: str, meant: str) -> bool:
    # A traditional character (設 for 设) is another script, not a slip: typos are made in GB 2312's characters.
    try:
        written.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return bool(_readings(written) & _readings(meant)) or meant in resources.shape_groups().get(
        written, frozenset()
    )


@functools.cache
def _halves() -> tuple[frozenset[str], frozenset[str]]:
    """First and last two characters of the idioms: a span one character off keeps one of them intact."""
    idioms, _ = _dictionary()
    return frozenset(idiom[:2] for idiom in idioms), frozenset(idiom[2:] for idiom in idioms)


def _candidate(span: str) -> str | None:
    """The idiom `span` misspells by one confusable character, when one idiom clearly fits."""
    first, last = _halves()
    if span[:2] not in first and span[2:] not in last:
        return None
    idioms, _ = _dictionary()
    masked = _masked()
    fits: list[str] = []
    for position in range(4):
        for idiom in masked.get(span[:position] + "_" + span[position + 1 :], ()):
            if idiom != span and idiom not in fits:
                fits.append(idiom)
    if not fits:
        return None
    fits.sort(key=lambda idiom: (-idioms[idiom], idiom))
    best = fits[0]
    if idioms[best] < MIN_IDIOM_FREQUENCY or (
        len(fits) > 1 and idioms[fits[1]] * FREQUENCY_RATIO > idioms[best]
    ):
        return None
    position = next(i for i in range(4) if span[i] != best[i])
    if span[position] in FUNCTION_CHARS and position in (0, 3):
        return None
    return best if _confusable(span[position], best[position]) else None


def _ordinary(span: str, idiom: str) -> bool:
    """Prose that only looks like a slip: a number (二十八期), two common words (对于统一), or, near a set phrase
    rather than an idiom, two words of any frequency (系统实时 beside 系统实施): a misspelt compound leaves a piece
    that is no word (联席会义)."""
    if len(NUMERALS.intersection(span)) >= 2:
        return True
    frequency: dict[str, int] = resources.jieba_segmenter().dt.FREQ
    halves = frequency.get(span[:2], 0), frequency.get(span[2:], 0)
    if idiom not in _true_idioms():
        return min(halves) > 0
    return min(halves) >= COMMON_HALF_FREQUENCY


def find(text: str) -> list[Finding]:
    idioms, words = _dictionary()
    findings = []
    for run in HAN_RUN_RE.finditer(text):
        for start in range(run.start(), run.end() - 3):
            span = text[start : start + 4]
            if span in ACCEPTED or idioms.get(span, 0) >= RARE_WORD_FREQUENCY:
                continue
            idiom = _candidate(span)
            if idiom is None or _ordinary(span, idiom):
                continue
            frequency = words.get(span, 0)
            if frequency and (
                frequency >= RARE_WORD_FREQUENCY or idioms[idiom] < FREQUENCY_RATIO * frequency
            ):
                continue
            # A word running across either end (自动化技术 holds no 自动化系 misspelt) means the span is no unit.
            if not resources.on_token_boundaries(text, start, start + 4):
                continue
            findings.append(
                Finding(
                    start,
                    start + 4,
                    CATEGORY,
                    "typo.idiom_near",
                    f"{'成语' if idiom in _true_idioms() else '固定短语'}写法疑误：“{span}”应为“{idiom}”",
                    idiom,
                    "error",
                )
            )
    return findings
