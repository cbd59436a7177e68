"""金句: sentences of a cleaned text worth reusing, scored by the marks of a quotable line. Pure Python.

What makes a line quotable in this genre is its form, so the score counts forms, each worth a point or two:

* parallel clauses (排比): three or more clauses of the same length starting or ending alike
  (以学铸魂、以学增智、以学正风、以学促干; 不自恃、不自负、不自诩);
* antithesis (对仗): two clauses of equal length that repeat characters in the same places
  (今天再晚也是早，明天再早也是晚);
* 要 followed by a four-character phrase, repeated (要下苦功夫、要求知善读);
* a numbered formula: 三个务必, 两个维护, 四个意识, 五个坚持;
* a short quotation.

A sentence must end with 。！ or ？ and have a moderate length, so headings and run-on paragraphs never qualify.
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass

MIN_LENGTH, MAX_LENGTH = 12, 110
THRESHOLD = 2.0
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?][”’」』]?")
_CLAUSE_SPLIT = re.compile(r"[，、；,;：:]")
_YAO_PHRASE = re.compile(r"要[\u4e00-\u9fff]{4}(?=[，、；。！])")
_NUMBERED = re.compile(r"[一二三四五六七八九十两]个[\u4e00-\u9fff]{2,4}")
_QUOTE = re.compile(r"“[^”]{4,40}”")
_STRIP = "“”‘’「」『』（）() "


@dataclass(frozen=True)
class KeySentence:
    text: str
    score: float


def sentences(text: str) -> list[str]:
    return [match.group(0).strip() for match in _SENTENCE.finditer(text)]


def _clauses(sentence: str) -> list[str]:
    body = sentence.rstrip("。！？!?”’」』")
    return [clause.strip(_STRIP) for clause in _CLAUSE_SPLIT.split(body) if clause.strip(_STRIP)]


def _parallel(clauses: list[str]) -> bool:
    """Three or more consecutive clauses of one length that share their first or last character."""
    run = 1
    for previous, current in zip(clauses, clauses[1:], strict=False):
        alike = (
            len(previous) == len(current)
            and len(current) <= 10
            and (previous[0] == current[0] or previous[-1] == current[-1] or previous[:2] == current[:2])
        )
        run = run + 1 if alike else 1
        if run >= 3:
            return True
    return False


def _antithesis(clauses: list[str]) -> bool:
    """Two adjacent clauses of equal length (4+) repeating at least half their characters in place."""
    for left, right in zip(clauses, clauses[1:], strict=False):
        if len(left) == len(right) >= 4 and left != right:
            same = sum(1 for x, y in zip(left, right, strict=True) if x == y)
            if same * 2 >= len(left):
                return True
    return False


def score_sentence(sentence: str, beat: float | None = None) -> float:
    """The sentence's score. With `beat`, a sentence that cannot score more than `beat` may stop early with
    less than its score: the clauses (most of the cost) are only read when their 4 points could make the
    difference. Every part is a multiple of 0.5, so the order of the sum changes nothing."""
    if not (MIN_LENGTH <= len(sentence) <= MAX_LENGTH) or sentence[-1] not in "。！？!?”’」』":
        return 0.0
    score = 0.0
    yao = len(_YAO_PHRASE.findall(sentence))
    if yao >= 2:
        score += min(yao, 3) * 0.5
    if _NUMBERED.search(sentence):
        score += 1
    if _QUOTE.search(sentence):
        score += 0.5
    # Shorter lines are easier to reuse.
    if len(sentence) <= 60:
        score += 0.5
    if beat is not None and score + _CLAUSE_POINTS <= beat:
        return score
    clauses = _clauses(sentence)
    if _parallel(clauses):
        score += 2
    if _antithesis(clauses):
        score += 2
    return score


# What parallel clauses and antithesis can add together.
_CLAUSE_POINTS = 4.0


def key_sentences(text: str, limit: int = 30) -> list[KeySentence]:
    """The best-scoring sentences (at most `limit`), each once, in descending score then text order."""
    best = BestSentences(limit)
    best.feed(text)
    return best.result()


class BestSentences:
    """`key_sentences` over a text fed in pieces (whole lines: a sentence never spans a line break).

    Only the `limit` best so far are kept. A repeat of a kept sentence is skipped; a repeat of one already
    dropped scores the same and comes later, so it would be dropped too: no other sentence need be remembered.
    """

    def __init__(self, limit: int = 30) -> None:
        self.limit = limit
        self._position = 0
        # A min-heap on (score, -position): its top is the worst kept sentence.
        self._heap: list[tuple[float, int, str]] = []
        self._kept: set[str] = set()

    def feed(self, text: str) -> None:
        for sentence in sentences(text):
            position = self._position
            self._position += 1
            if sentence in self._kept:
                continue
            # Once `limit` are kept, a sentence must score more than the worst of them (a tie comes later,
            # and loses): one that cannot is not read any further.
            score = score_sentence(sentence, self._heap[0][0] if len(self._heap) >= self.limit else None)
            if score < THRESHOLD:
                continue
            item = (score, -position, sentence)
            if len(self._heap) < self.limit:
                heapq.heappush(self._heap, item)
            elif item > self._heap[0]:
                self._kept.discard(heapq.heapreplace(self._heap, item)[2])
            else:
                continue
            self._kept.add(sentence)

    def result(self) -> list[KeySentence]:
        ordered = sorted(self._heap, key=lambda item: (-item[0], -item[1]))
        return [KeySentence(sentence, score) for score, _, sentence in ordered]
