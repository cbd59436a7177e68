"""Finding suspicious characters: where swapping one character for a same-sound or similar-shape one makes
the text much more probable under the model, the swap is suggested.

Precision comes first (an n-gram checker with a poor model changes a third of clean sentences), so a
character is questioned only when
- it stands alone in jieba's segmentation (a character inside a dictionary word is taken as meant), and
- it is not one of the very common one-character words (是, 也, 有, 个 ...: alone is where they belong, and
  the model's weak grasp of grammar makes them the commonest false alarms), and
- its neighbours are common characters the model knows well (traditional or rare script around it
  leaves the model guessing), and
- its own bigrams with its neighbours are weak (the model has hardly seen them), and
- the best candidate raises the local score by at least MARGIN[kind] (log10 units) over the original;
  a candidate in another tone needs more, there being many more of them.

A character inside a word is questioned by the word-level check (statistical/words.py) instead: where one
substitution turns a span the corpus hardly writes into a frequent corpus word, the word's evidence
stands in for the gates above, and the model need only agree by WORD_MARGIN[kind].

Every suggestion carries a confidence in [0, 1]: the logistic of its margin over the threshold, fitted on
ECSpell's odw train split (the share of suggestions there that were the right correction).
"""

from __future__ import annotations

import functools
import math

from zhongshu.proofreader import resources
from zhongshu.proofreader.findings import Finding
from zhongshu.proofreader.statistical.confusion import Confusions
from zhongshu.proofreader.statistical.model import CharNgramModel
from zhongshu.proofreader.statistical.training import HAN_RUN, MODEL_PATH
from zhongshu.proofreader.statistical.words import Proposal, proposals, window_proposals, word_index

# log10 gains: 2,000 to 10,000 times more probable. A lone character has only the model's word for it;
# with the word-level check beside it, a margin one higher than before (2.3/2.5/3.0) loses almost no
# correction on ECSpell odw train and drops two in five of its wrong changes.
MARGIN = {"shape": 2.8, "sound": 3.0, "tone": 4.0}
# The original's bigrams with both neighbours together weigh less than this (in the model's weighted
# counts). The model trained on the public corpus (some 20M characters) has seen many a typo's bigram in
# other senses: on ECSpell's odw train split the old 3.0 blocked a fifth of the errors that the margins
# below would have corrected, at no gain in precision on held-out corpus sentences; 300 keeps the gate for
# pairs the corpus knows well.
WEAK = 300.0
COMMON_WORD = 100_000  # jieba frequency from which a one-character word is never questioned
KIND_WORDS = {"shape": "形近", "sound": "音近", "tone": "音近", "near": "音近", "glyph": "形近"}
# The word-level check's margins (log10 gains): a near sound or a glyph neighbour is a broad net and needs
# the model's firmer agreement. Half a unit lower, ECSpell gains (sentence F1 +0.01) but clean dev-set
# sentences get findings (全县于 → 限, 政府办发 → 颁). RATIO: the corpus word must be this many times as frequent as the span.
WORD_MARGIN = {"shape": 2.0, "sound": 2.5, "tone": 3.5, "near": 4.0, "glyph": 4.0}
RATIO = 10.0
# A span that is itself a word of the corpus or of jieba's dictionary (巡察, 机智) was more likely meant:
# its substitution needs this much more.
KNOWN_WORD_EXTRA = 1.0
# A very common one-character word (不, 到, 还) changed needs more again: alone is where it mostly
# belongs (稳不下降 → 稳步 is right; the lone-character check never questions them).
COMMON_EXTRA = 1.0
# A lone character's candidate that makes no corpus word with its neighbours was wrong two times in three
# on ECSpell odw train: it needs this much more than the margin (1.5 gains a little more there, at the cost
# of a second dev-set case).
WORDLESS_EXTRA = 1.0
# Numerals are the writer's content, not the model's to judge, and one changed makes words too easily
# (八坚持八防止: 八防 → 人防).
NUMERALS = frozenset("〇零一二两三四五六七八九十百千万亿")
# A common function character (已, 早: jieba frequency from FUNCTION_CHAR, below COMMON_WORD) standing alone
# is mostly right where it stands, and the model's weak grasp of grammar made it the commonest false alarm
# in the demo county's own strings (已报 → 以报, 再早也是晚 → 再造): the lone-character check asks
# FUNCTION_EXTRA more of it (ECSpell odw train: sentence F1 unchanged, 0.504; dev-set precision 0.88 → 0.93).
FUNCTION_CHAR = 10_000
FUNCTION_EXTRA = 1.5
# The corpus's word counts come from jieba's segmentation, which splits words it does not know (微信 is
# 微 + 信 there, so 微信 counted 0 beside 征信's 196): a two-character window also counts as written
# BIGRAM_AS_WORD times its bigram's weighted count in the model (half: a bigram also spans word
# boundaries). Kills 微信 → 征信 and 待销 → 代销 in the demo strings; ECSpell odw train sentence F1
# 0.504 → 0.491 (1.0 instead of half: 0.487).
BIGRAM_AS_WORD = 0.5
# A clause with two or more characters the model has seen fewer than RARE_CHAR times is in traditional
# script (學 113, 數 103, 還 183) or full of names and rare terms (沁州, 湛海): the model's candidates there
# are the simplified twins or guesses, not corrections, so the clause is not questioned at all. A
# traditional-script document is a question for a rule of its own, not for this layer.
RARE_CHAR = 300.0
RARE_PER_CLAUSE = 2
# Confidence = logistic(CONFIDENCE_SLOPE * excess + CONFIDENCE_BIAS[source]), excess the gain over the
# threshold: a logistic regression on the layer's 735 suggestions on ECSpell odw train (right or not). At
# the same margin a word-level suggestion is right far more often than a lone character's.
CONFIDENCE_SLOPE = 0.86
CONFIDENCE_BIAS = {"lone": -0.83, "word": 0.89}
MIN_CANDIDATE_COUNT = 20.0  # only characters the model knows well are suggested
CONTEXT = 2


@functools.cache
def model() -> CharNgramModel:
    return CharNgramModel.load(MODEL_PATH)


def confusions() -> Confusions:
    return confusions_for(model())


@functools.cache
def confusions_for(lm: CharNgramModel) -> Confusions:
    return Confusions(char for char, count in lm.unigrams.items() if count >= MIN_CANDIDATE_COUNT)


def _local(lm: CharNgramModel, run: str, index: int, char: str) -> float:
    """The score of the characters from `index` to two after it, with `char` at `index`."""
    left = run[max(0, index - CONTEXT) : index]
    right = run[index + 1 : index + 1 + CONTEXT]
    window = left + char + right
    start = len(left)
    return sum(lm.score(window[max(0, k - CONTEXT) : k], window[k]) for k in range(start, len(window)))


def _support(lm: CharNgramModel, run: str, index: int, char: str) -> float:
    left = run[index - 1] + char if index > 0 else ""
    right = char + run[index + 1] if index + 1 < len(run) else ""
    return lm.bigrams.get(left, 0.0) + lm.bigrams.get(right, 0.0)


def _lone_characters(run: str) -> list[int]:
    jieba = resources._jieba()
    frequency = jieba.dt.FREQ
    positions = []
    offset = 0
    for token in jieba.lcut(run, HMM=False):
        if len(token) == 1 and frequency.get(token, 0) < COMMON_WORD:
            positions.append(offset)
        offset += len(token)
    return positions


def confidence(excess: float, source: str) -> float:
    return round(1.0 / (1.0 + math.exp(-(CONFIDENCE_SLOPE * excess + CONFIDENCE_BIAS[source]))), 3)


Suggestion = tuple[float, str, str, str]  # excess over the threshold, candidate, kind, source


def _known_neighbours(sets: Confusions, run: str, index: int) -> bool:
    """Whether the characters around `index` are common ones (traditional or rare script around it
    leaves the model, and the corpus's words, guessing)."""
    neighbours = run[max(0, index - CONTEXT) : index] + run[index + 1 : index + 1 + CONTEXT]
    return all(n in sets.vocabulary for n in neighbours)


def _lone_suggestions(lm: CharNgramModel, sets: Confusions, run: str) -> dict[int, Suggestion]:
    found: dict[int, Suggestion] = {}
    frequency = resources._jieba().dt.FREQ
    for index in _lone_characters(run):
        char = run[index]
        if not _known_neighbours(sets, run, index) or _support(lm, run, index, char) >= WEAK:
            continue
        base = _local(lm, run, index, char)
        extra = FUNCTION_EXTRA if frequency.get(char, 0) >= FUNCTION_CHAR else 0.0
        best: Suggestion | None = None
        for candidate, kind in sets.candidates(char):
            gain = _local(lm, run, index, candidate) - base - MARGIN[kind] - extra
            if gain > (best[0] if best else 0.0):
                best = (gain, candidate, kind, "lone")
        if best is not None and (best[0] > WORDLESS_EXTRA or _forms_word(run, index, best[1])):
            found[index] = best
    return found


def _rare_script(lm: CharNgramModel, run: str) -> bool:
    return sum(lm.unigrams.get(char, 0.0) < RARE_CHAR for char in run) >= RARE_PER_CLAUSE


def _forms_word(run: str, index: int, char: str) -> bool:
    """Whether `char` at `index` makes a word of the corpus with the characters beside it, or is a common
    word by itself (在, 的: the corpus's word counts hold words of two characters or more)."""
    if resources._jieba().dt.FREQ.get(char, 0) >= COMMON_WORD:
        return True
    counts = word_index().counts
    for width in (2, 3):
        for start in range(max(0, index - width + 1), min(index, len(run) - width) + 1):
            if counts.get(run[start:index] + char + run[index + 1 : start + width], 0):
                return True
    return False


@functools.lru_cache(maxsize=65536)
def _cached_window(lm: CharNgramModel, sets: Confusions, window: str) -> tuple[Proposal, ...]:
    seen = int(BIGRAM_AS_WORD * lm.bigrams.get(window, 0.0)) if len(window) == 2 else 0
    return window_proposals(window, word_index(), sets.possible, sets.kind_in_word, ratio=RATIO, seen=seen)


def _word_suggestions(lm: CharNgramModel, sets: Confusions, run: str) -> dict[int, Suggestion]:
    found: dict[int, Suggestion] = {}
    frequency = resources._jieba().dt.FREQ
    for index, (candidates, known) in proposals(run, functools.partial(_cached_window, lm, sets)).items():
        char = run[index]
        if char in NUMERALS or not _known_neighbours(sets, run, index):
            continue
        base = _local(lm, run, index, char)
        extra = KNOWN_WORD_EXTRA if known else 0.0
        if frequency.get(char, 0) >= COMMON_WORD:
            extra += COMMON_EXTRA
        for candidate, kind in candidates.items():
            gain = _local(lm, run, index, candidate) - base - WORD_MARGIN[kind] - extra
            if gain > (found[index][0] if index in found else 0.0):
                found[index] = (gain, candidate, kind, "word")
    return found


def _choose(suggestions: dict[int, Suggestion]) -> dict[int, Suggestion]:
    """The strongest suggestions first; one beside a character already changed is dropped (two
    neighbours competing for the same word)."""
    chosen: dict[int, Suggestion] = {}
    for index, suggestion in sorted(suggestions.items(), key=lambda item: -item[1][0]):
        if index - 1 not in chosen and index + 1 not in chosen:
            chosen[index] = suggestion
    return chosen


def find(text: str, lm: CharNgramModel | None = None) -> list[Finding]:
    """Suggestions for `text` by the shipped model, or by `lm` (a model trained elsewhere, as in tests)."""
    lm = lm or model()
    sets = confusions_for(lm)
    findings = []
    for match in HAN_RUN.finditer(text):
        run = match.group()
        if len(run) < 2 or _rare_script(lm, run):
            continue
        suggestions = _word_suggestions(lm, sets, run)
        for index, suggestion in _lone_suggestions(lm, sets, run).items():
            if index not in suggestions or suggestions[index][0] < suggestion[0]:
                suggestions[index] = suggestion
        for index, (excess, best, kind, source) in sorted(_choose(suggestions).items()):
            where = match.start() + index
            findings.append(
                Finding(
                    where,
                    where + 1,
                    "typo",
                    "typo.statistical",
                    f"疑似{KIND_WORDS[kind]}错字：“{run[index]}”可能应为“{best}”（统计模型提示，请核对）",
                    best,
                    "warning",
                    confidence=confidence(excess, source),
                )
            )
    return findings
