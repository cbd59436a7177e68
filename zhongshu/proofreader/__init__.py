"""校对 (proofreader): rule-based checks of Chinese official-document text, with no Django import.

`check(text)` returns a list of `Finding`; dictionaries and jieba load on the first call, not on import.
"""

from __future__ import annotations

from zhongshu.proofreader.engine import MAX_CHARS, TextTooLong, check
from zhongshu.proofreader.findings import CATEGORIES, Finding

__all__ = ["CATEGORIES", "MAX_CHARS", "Finding", "TextTooLong", "check"]
