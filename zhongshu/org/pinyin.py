"""Pinyin search keys for names: full pinyin and initials, lower-case, so "zs" finds 张三 and "xfj" 信访局.

pypinyin reads a character by its most common sound, which is wrong for several surnames (单 is shan,
not dan; 曾 is zeng, not ceng). A person's name is therefore read with the surname table first.
"""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin
from pypinyin.phrases_dict import phrases_dict as _PHRASES

# Surnames whose reading differs from the character's common sound. Two-character surnames come first so
# that the longest match wins.
SURNAME_READINGS: dict[str, list[str]] = {
    "万俟": ["mo", "qi"],
    "尉迟": ["yu", "chi"],
    "长孙": ["zhang", "sun"],
    "澹台": ["tan", "tai"],
    "单": ["shan"],
    "曾": ["zeng"],
    "解": ["xie"],
    "仇": ["qiu"],
    "区": ["ou"],
    "查": ["zha"],
    "朴": ["piao"],
    "盖": ["ge"],
    "乐": ["yue"],
    "缪": ["miao"],
    "覃": ["qin"],
    "翟": ["zhai"],
    "秘": ["bi"],
    "召": ["shao"],
    "繁": ["po"],
    "员": ["yun"],
    "折": ["she"],
    "种": ["chong"],
    "黑": ["he"],
    "尉": ["wei"],
    "句": ["gou"],
    "薄": ["bo"],
    "谌": ["chen"],
    "冼": ["xian"],
    "隗": ["wei"],
    "过": ["guo"],
    "任": ["ren"],
    "纪": ["ji"],
    "华": ["hua"],
    "燕": ["yan"],
    "那": ["na"],
    "重": ["chong"],
}


def _syllables(text: str) -> list[str]:
    return [part.strip().lower() for part in lazy_pinyin(text, style=Style.NORMAL) if part.strip()]


def run_syllables(run: str) -> list[str]:
    """The syllables of a run of Chinese characters, one per character, read fast enough to index every title.

    lazy_pinyin segments its input first (about 130 µs a title, as much as indexing the whole record); here
    each pair of characters that is a phrase of pypinyin's dictionary (银行 yinhang, 县长 xianzhang) is read
    as that phrase, left to right, and any other character by its most common sound, each reading worked
    out once and remembered.
    """
    out: list[str] = []
    i = 0
    while i < len(run):
        pair = run[i : i + 2]
        if len(pair) == 2 and pair in _PHRASES:
            out += _reading(pair)
            i += 2
        else:
            out += _reading(run[i])
            i += 1
    return out


@lru_cache(maxsize=200_000)
def _reading(text: str) -> tuple[str, ...]:
    syllables = _syllables(text)
    return tuple(syllables) if len(syllables) == len(text) else tuple(text)


def _person_syllables(name: str) -> list[str]:
    for surname in sorted(SURNAME_READINGS, key=len, reverse=True):
        if name.startswith(surname):
            return SURNAME_READINGS[surname] + _syllables(name[len(surname) :])
    return _syllables(name)


def pinyin_keys(*names: str, person: bool = False) -> tuple[str, str]:
    """(full pinyin, initials) for one or more names, each name's keys separated by a space."""
    full: list[str] = []
    initials: list[str] = []
    for name in names:
        if not name:
            continue
        syllables = _person_syllables(name) if person else _syllables(name)
        # Letters and digits in a name (e.g. "110指挥中心") stay as they are, lower-cased.
        full.append("".join(syllables))
        initials.append("".join(s[0] for s in syllables if s))
    return " ".join(full), " ".join(initials)


def normalise_query(query: str) -> str:
    return "".join(query.split()).lower()
