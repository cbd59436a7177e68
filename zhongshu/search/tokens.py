"""How text becomes index tokens, the same for every record and every query (no Django here).

Chinese has no spaces, so the index holds every overlapping character bigram of a Chinese run plus the run's
last character alone: a two-character word is then one token, a longer word is the AND of its bigrams
(adjacency is verified against the stored text), and a one-character query is the prefix query `字*`, which
matches the bigrams starting with it and, at a run's end, the lone last character. Latin letters and digits
form lower-cased words. Full-width letters and digits fold to half-width first, so ＡＢＣ１２ finds abc12.

Changing these rules changes every token: run `zhongshu search reindex` afterwards.
"""

from __future__ import annotations

import re
import unicodedata

# CJK unified ideographs (with extension A) and compatibility ideographs; everything else that is a letter
# or a digit counts as "Latin" (one word per run).
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
RUN = re.compile(f"([{_CJK}]+)|([^\\W_{_CJK}]+)")
CJK_RUN = re.compile(f"[{_CJK}]+")


# Full-width letters and digits fold to ASCII and compatibility ideographs to their unified forms (their
# NFKC), but Chinese punctuation stays as written: titles and snippets show （一）and ，not (一) and ,.
_FOLD = {
    code: unicodedata.normalize("NFKC", chr(code))
    for code in [
        *range(0xFF10, 0xFF1A),
        *range(0xFF21, 0xFF3B),
        *range(0xFF41, 0xFF5B),
        *range(0xF900, 0xFB00),
    ]
}
_FOLD[0x3000] = " "


def normalise(text: str) -> str:
    """The stored and queried form of text: full-width letters and digits half-width (ＯＡ１ → OA1)."""
    return text.translate(_FOLD)


def run_tokens(run: str) -> list[str]:
    """The tokens of one Chinese run: its overlapping bigrams, then its last character."""
    # str.__add__ over two shifted views is about twice as fast as slicing in a comprehension.
    tokens = list(map(str.__add__, run, run[1:]))
    tokens.append(run[-1])
    return tokens


def tokenize(text: str) -> str:
    """Index tokens of already-normalised `text`, space-separated (what the FTS table stores)."""
    parts: list[str] = []
    add = parts.append
    for cjk, latin in RUN.findall(text.lower()):
        if cjk:
            if len(cjk) > 1:
                add(" ".join(map(str.__add__, cjk, cjk[1:])))
            add(cjk[-1])
        else:
            add(latin)
    return " ".join(parts)


def token_list(text: str) -> list[str]:
    """The same tokens as `tokenize`, as a list (PostgreSQL builds its tsvector from an array)."""
    return tokenize(text).split()
