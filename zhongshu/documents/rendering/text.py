"""How a document's text is cut up for the page: heading levels of the body, lines of the title, widths.

Pure functions over strings; the DOCX writer decides fonts and sizes from what they return.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from zhongshu.proofreader.resources import jieba_segmenter

_CN_NUMERAL = "一二三四五六七八九十百零〇"
# Heading levels of GB/T 9704-2012 7.3.3: 一、 （一） 1. （1）
_HEADINGS = (
    (1, re.compile(rf"^[{_CN_NUMERAL}]+、")),
    (2, re.compile(rf"^[（(][{_CN_NUMERAL}]+[）)]")),
    (3, re.compile(r"^\d+[.．](?!\d)")),
    (4, re.compile(r"^[（(]\d+[）)]")),
)


@dataclass(frozen=True)
class BodyParagraph:
    level: int  # 0 for a plain paragraph, 1-4 for the heading levels
    heading: str  # the heading part ("一、总体要求"), set in the level's font
    rest: str  # what follows the heading in the same paragraph, in 仿宋


def heading_level(line: str) -> int:
    for level, pattern in _HEADINGS:
        if pattern.match(line):
            return level
    return 0


def body_paragraphs(body: str) -> list[BodyParagraph]:
    """The body's paragraphs, blank lines dropped. A heading runs to its first 。 when text follows it in
    the same paragraph (（一）加强领导。各单位要……), otherwise it is the whole line."""
    paragraphs = []
    for raw in body.splitlines():
        line = raw.strip().strip("\u3000")
        if not line:
            continue
        level = heading_level(line)
        if level == 0:
            paragraphs.append(BodyParagraph(0, "", line))
            continue
        stop = line.find("。")
        if 0 <= stop < len(line) - 1:
            paragraphs.append(BodyParagraph(level, line[: stop + 1], line[stop + 1 :]))
        else:
            paragraphs.append(BodyParagraph(level, line, ""))
    return paragraphs


def width_in_chars(text: str) -> float:
    """Width in full-width characters: CJK and full-width forms count 1, half-width characters 1/2."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in text)


def chinese_date(d: date) -> str:
    """成文日期 and 印发日期: Arabic numerals without leading zeros (2024年1月5日)."""
    return f"{d.year}年{d.month}月{d.day}日"


_NO_LINE_START = set("、，。；：？！）》〕」』”’")
_NO_LINE_END = set("（《〔「『“‘")


def _tokens(title: str) -> list[str]:
    return [t for t in jieba_segmenter().lcut(title, HMM=False) if t]


def title_lines(title: str, chars_per_line: int) -> list[str]:
    """Break a title into balanced lines without splitting a word (GB/T 9704-2012 7.3.1: 词意完整, 排列对称,
    长短适宜); with equal balance the upper lines are the longer (倒梯形)."""
    title = title.strip()
    if width_in_chars(title) <= chars_per_line:
        return [title]
    tokens = _tokens(title)
    widths = [width_in_chars(t) for t in tokens]
    count = len(tokens)
    lines_needed = math.ceil(width_in_chars(title) / chars_per_line)
    for n in range(lines_needed, count + 1):
        best = _balanced_breaks(tokens, widths, n, chars_per_line)
        if best is not None:
            return best
    return [title]


def _balanced_breaks(tokens: list[str], widths: list[float], n: int, limit: int) -> list[str] | None:
    count = len(tokens)
    prefix = [0.0]
    for w in widths:
        prefix.append(prefix[-1] + w)
    target = prefix[-1] / n

    def allowed(i: int, j: int) -> bool:
        if prefix[j] - prefix[i] > limit:
            return False
        return tokens[i][0] not in _NO_LINE_START and tokens[j - 1][-1] not in _NO_LINE_END

    # cost[k][j]: least cost of setting tokens[:j] in k lines; the cost is the squared distance from an even
    # split, plus a small premium when a line is longer than the one above it.
    inf = float("inf")
    cost = [[inf] * (count + 1) for _ in range(n + 1)]
    back = [[0] * (count + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for k in range(1, n + 1):
        for j in range(1, count + 1):
            for i in range(k - 1, j):
                if cost[k - 1][i] == inf or not allowed(i, j):
                    continue
                width = prefix[j] - prefix[i]
                upper = prefix[i] - prefix[back[k - 1][i]] if k > 1 else width
                c = cost[k - 1][i] + (width - target) ** 2 + (0.01 if width > upper else 0.0)
                if c < cost[k][j]:
                    cost[k][j], back[k][j] = c, i
    if cost[n][count] == inf:
        return None
    lines = []
    j = count
    for k in range(n, 0, -1):
        i = back[k][j]
        lines.append("".join(tokens[i:j]))
        j = i
    return lines[::-1]
