"""Former home of the levels, kept as an alias while work in flight moves over: import `zhongshu.base.levels`."""

from zhongshu.base.levels import (
    DEFAULT_SECRECY_TERM_YEARS,
    HIGHEST_LEVEL_FOR,
    Classification,
    Clearance,
    clearance_covers,
    highest_level_for,
    secrecy_marking,
)

__all__ = [
    "DEFAULT_SECRECY_TERM_YEARS",
    "HIGHEST_LEVEL_FOR",
    "Classification",
    "Clearance",
    "clearance_covers",
    "highest_level_for",
    "secrecy_marking",
]
