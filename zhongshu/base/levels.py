"""Classification levels of records and clearance levels of people, and how they meet.

保守国家秘密法: 绝密 / 机密 / 秘密 are state secrets; 内部 and 公开 are not. Cleared people are 核心 / 重要 /
一般 (ordinary); everyone else is 非涉密 (none).
"""

from __future__ import annotations

from django.db import models


class Classification(models.IntegerChoices):
    PUBLIC = 0, "公开"
    INTERNAL = 1, "内部"
    CONFIDENTIAL = 2, "秘密"
    SECRET = 3, "机密"
    TOP_SECRET = 4, "绝密"

    @property
    def is_state_secret(self) -> bool:
        return self >= Classification.CONFIDENTIAL


class Clearance(models.IntegerChoices):
    NONE = 0, "非涉密"
    ORDINARY = 1, "一般"
    IMPORTANT = 2, "重要"
    CORE = 3, "核心"


# The highest classification each clearance may see: 一般 → 秘密, 重要 → 机密, 核心 → 绝密.
HIGHEST_LEVEL_FOR: dict[int, Classification] = {
    Clearance.NONE: Classification.INTERNAL,
    Clearance.ORDINARY: Classification.CONFIDENTIAL,
    Clearance.IMPORTANT: Classification.SECRET,
    Clearance.CORE: Classification.TOP_SECRET,
}

# Maximum secrecy terms in years when none is set (保守国家秘密法实施条例): 绝密 30, 机密 20, 秘密 10.
DEFAULT_SECRECY_TERM_YEARS: dict[int, int] = {
    Classification.CONFIDENTIAL: 10,
    Classification.SECRET: 20,
    Classification.TOP_SECRET: 30,
}


def highest_level_for(clearance: int) -> Classification:
    return HIGHEST_LEVEL_FOR[Clearance(clearance)]


def clearance_covers(clearance: int, classification: int) -> bool:
    return classification <= highest_level_for(clearance)


def secrecy_marking(classification: int, term_years: int | None) -> str:
    """The marking printed at the top left of a classified document, e.g. 机密★5年."""
    level = Classification(classification)
    if not level.is_state_secret:
        return ""
    years = term_years or DEFAULT_SECRECY_TERM_YEARS[level]
    return f"{level.label}★{years}年"
