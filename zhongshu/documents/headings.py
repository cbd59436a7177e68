"""The body's heading levels 一、 （一） 1. （1）: each level under the one above it, numbered without gaps.

Pure functions over text, no database. A body that breaks the order is refused with the paragraph named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "一二三四五六七八九十"
_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"^([{_CN}]+)、")),
    (2, re.compile(rf"^[（(]([{_CN}]+)[）)]")),
    (3, re.compile(r"^(\d{1,2})[.．](?!\d)")),
    (4, re.compile(r"^[（(](\d{1,2})[）)]")),
)
LEVEL_MARKS = {1: "一、", 2: "（一）", 3: "1.", 4: "（1）"}


def cn_number(text: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23."""
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
    return _CN_DIGITS[text]


@dataclass(frozen=True)
class Heading:
    paragraph: int  # 1-based paragraph number
    level: int
    number: int
    mark: str


def headings_of(body: str) -> list[Heading]:
    found: list[Heading] = []
    for index, line in enumerate(body.splitlines(), start=1):
        stripped = line.strip().lstrip("\u3000 ")
        for level, pattern in _PATTERNS:
            match = pattern.match(stripped)
            if match:
                raw = match.group(1)
                number = int(raw) if raw.isdigit() else cn_number(raw)
                found.append(Heading(index, level, number, match.group(0)))
                break
    return found


def heading_errors(body: str) -> list[str]:
    """Messages for every heading out of order; empty when the levels and numbers are right."""
    errors: list[str] = []
    last_number: dict[int, int] = {}
    current_level = 0
    for heading in headings_of(body):
        if heading.level > current_level + 1:
            errors.append(
                f"第{heading.paragraph}段标题“{heading.mark}”层次错误："
                f"应先有“{LEVEL_MARKS[heading.level - 1]}”级标题"
            )
        expected = last_number.get(heading.level, 0) + 1
        if heading.number != expected:
            errors.append(
                f"第{heading.paragraph}段标题“{heading.mark}”序号错误：应为第{expected}个"
                f"“{LEVEL_MARKS[heading.level]}”级标题"
            )
        last_number[heading.level] = heading.number
        # A new heading restarts the numbering of every level below it.
        for deeper in range(heading.level + 1, 5):
            last_number.pop(deeper, None)
        current_level = heading.level
    return errors
