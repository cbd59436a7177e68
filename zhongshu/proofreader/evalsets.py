"""Evaluation sets made from correct sentences: one 的/地/得 swapped for another, the original kept as the
answer. Pure: sentences in, cases out, the same cases for the same sentences and seed, whatever the
sentences' source (the bench feeds it a held-out split it never trains on).
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass

from zhongshu.proofreader import resources

PARTICLES = "的地得"
# About three quarters of real slips are 地 or 得 written where 的 is right (美丽地风景, 我们得任务).
SHARE_FROM_DE = 0.75


@dataclass(frozen=True, slots=True)
class ParticleCase:
    """`text` has one wrong particle at `position`; `answer` is the sentence as it was written."""

    text: str
    answer: str
    position: int
    wrong: str
    right: str


def particle_positions(sentence: str) -> list[int]:
    """Where 的, 地 or 得 stands alone as a jieba token: the particles, not 目的, 的确, 地方, 取得."""
    positions = []
    offset = 0
    for token in resources.jieba_segmenter().lcut(sentence):
        if token in PARTICLES and len(token) == 1:
            positions.append(offset)
        offset += len(token)
    return positions


def particle_cases(
    sentences: Iterable[str], *, seed: int = 19, share_from_de: float = SHARE_FROM_DE
) -> list[ParticleCase]:
    """One case per chosen sentence. A `share_from_de` part of the cases turns a right 的 into 地 or 得
    (half each); the rest turn a right 地 or 得 into 的. Sentences with a 地/得 particle are rarer, so their
    number bounds the set: all of them are used, and 的 sentences are drawn to keep the share."""
    rng = random.Random(seed)
    unique = list(dict.fromkeys(s.strip() for s in sentences if s.strip()))
    from_de: list[tuple[str, int]] = []
    to_de: list[tuple[str, int]] = []
    for sentence in unique:
        positions = particle_positions(sentence)
        others = [p for p in positions if sentence[p] != "的"]
        if others:
            to_de.append((sentence, rng.choice(others)))
            continue
        if positions:
            from_de.append((sentence, rng.choice(positions)))
    if share_from_de >= 1:
        to_de = []
        wanted_from_de = len(from_de)
    else:
        wanted_from_de = round(len(to_de) * share_from_de / (1 - share_from_de))
    if wanted_from_de > len(from_de):
        # Too few 的 sentences for the share: use fewer 地/得 cases instead.
        keep = round(len(from_de) * (1 - share_from_de) / share_from_de) if share_from_de else len(to_de)
        to_de = rng.sample(to_de, min(keep, len(to_de)))
        wanted_from_de = len(from_de)
    chosen = rng.sample(from_de, wanted_from_de)
    cases = []
    for sentence, position in chosen:
        wrong = rng.choice("地得")
        cases.append(_swap(sentence, position, wrong))
    for sentence, position in to_de:
        cases.append(_swap(sentence, position, "的"))
    order = {sentence: index for index, sentence in enumerate(unique)}
    cases.sort(key=lambda case: order[case.answer])
    return cases


def _swap(sentence: str, position: int, wrong: str) -> ParticleCase:
    text = sentence[:position] + wrong + sentence[position + 1 :]
    return ParticleCase(text, sentence, position, wrong, sentence[position])
