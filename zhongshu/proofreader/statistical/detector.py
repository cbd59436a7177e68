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
"""

from __future__ import annotations

import functools

from zhongshu.proofreader import resources
from zhongshu.proofreader.findings import Finding
from zhongshu.proofreader.statistical.confusion import Confusions
from zhongshu.proofreader.statistical.model import CharNgramModel
from zhongshu.proofreader.statistical.training import HAN_RUN, MODEL_PATH

MARGIN = {"shape": 2.3, "sound": 2.5, "tone": 3.0}  # log10 gains: 200 to 1000 times more probable
# The original's bigrams with both neighbours together weigh less than this (in the model's weighted
# counts). The model trained on the public corpus (some 20M characters) has seen many a typo's bigram in
# other senses: on ECSpell's odw train split the old 3.0 blocked a fifth of the errors that the margins
# below would have corrected, at no gain in precision on held-out corpus sentences; 300 keeps the gate for
# pairs the corpus knows well.
WEAK = 300.0
COMMON_WORD = 100_000  # jieba frequency from which a one-character word is never questioned
KIND_WORDS = {"shape": "形近", "sound": "音近", "tone": "音近"}
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


def find(text: str, lm: CharNgramModel | None = None) -> list[Finding]:
    """Suggestions for `text` by the shipped model, or by `lm` (a model trained elsewhere, as in tests)."""
    lm = lm or model()
    sets = confusions_for(lm)
    findings = []
    for match in HAN_RUN.finditer(text):
        run = match.group()
        if len(run) < 2:
            continue
        for index in _lone_characters(run):
            char = run[index]
            neighbours = run[max(0, index - CONTEXT) : index] + run[index + 1 : index + 1 + CONTEXT]
            if any(n not in sets.vocabulary for n in neighbours) or _support(lm, run, index, char) >= WEAK:
                continue
            base = _local(lm, run, index, char)
            best, best_gain, best_kind = None, 0.0, ""
            for candidate, kind in sets.candidates(char):
                gain = _local(lm, run, index, candidate) - base - MARGIN[kind]
                if gain > best_gain:
                    best, best_gain, best_kind = candidate, gain, kind
            if best is not None:
                where = match.start() + index
                how = KIND_WORDS[best_kind]
                findings.append(
                    Finding(
                        where,
                        where + 1,
                        "typo",
                        "typo.statistical",
                        f"疑似{how}错字：“{char}”可能应为“{best}”（统计模型提示，请核对）",
                        best,
                        "warning",
                    )
                )
    return findings
