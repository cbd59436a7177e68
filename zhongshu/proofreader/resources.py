"""Data files and jieba, loaded once on first use so that importing the package stays cheap."""

from __future__ import annotations

import functools
import logging
from collections import defaultdict
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_table(name: str) -> list[list[str]]:
    """Rows of a tab-separated data file; '#' lines and blank lines are notes."""
    rows = []
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(line.split("\t"))
    return rows


@functools.cache
def _jieba() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def jieba_segmenter() -> Any:
    """jieba, initialised once per process and quiet: every module that segments Chinese text uses this."""
    return _jieba()


@functools.cache
def pos_table() -> dict[str, str]:
    """jieba's word → part-of-speech table (v verb, a adjective, n noun, ...)."""
    _jieba()
    import jieba.posseg

    table: dict[str, str] = jieba.posseg.dt.word_tag_tab
    return table


def word_frequencies() -> dict[str, int]:
    """jieba's dictionary as jieba loaded it: word → frequency (the prefixes of its words stand in it with 0).
    The one reading of dict.txt; pos_table() has the same words' parts of speech."""
    frequencies: dict[str, int] = _jieba().dt.FREQ
    return frequencies


@functools.cache
def shape_groups() -> dict[str, frozenset[str]]:
    """Each character → the characters that share a group of data/shape_similar.tsv with it (形近字)."""
    similar: dict[str, set[str]] = defaultdict(set)
    for row in read_table("shape_similar.tsv"):
        group = row[0].strip()
        for char in group:
            similar[char].update(group)
    return {char: frozenset(group - {char}) for char, group in similar.items()}


def tokens_around(text: str, start: int, end: int, margin: int = 8) -> tuple[int, list[str]]:
    """Segment a window around [start, end); returns the window's offset and its tokens."""
    left = max(0, start - margin)
    right = min(len(text), end + margin)
    return left, _jieba().lcut(text[left:right], HMM=False)


def on_token_boundaries(text: str, start: int, end: int) -> bool:
    """True when jieba's segmentation of the neighbourhood cuts at both `start` and `end`."""
    offset, tokens = tokens_around(text, start, end)
    cuts = {offset}
    position = offset
    for token in tokens:
        position += len(token)
        cuts.add(position)
    return start in cuts and end in cuts


def token_after(text: str, index: int) -> str:
    """The jieba token that begins at `index` (segmenting a short window from there)."""
    tokens = _jieba().lcut(text[index : index + 8], HMM=False)
    return tokens[0] if tokens else ""


def token_before(text: str, index: int) -> str:
    """The jieba token that ends at `index`, if segmentation cuts there; else ''."""
    left = max(0, index - 8)
    tokens = _jieba().lcut(text[left:index], HMM=False)
    return tokens[-1] if tokens else ""
