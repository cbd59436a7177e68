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
from array import array

# CJK unified ideographs (with extension A) and compatibility ideographs; everything else that is a letter
# or a digit counts as "Latin" (one word per run).
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
RUN = re.compile(f"([{_CJK}]+)|([^\\W_{_CJK}]+)")
CJK_RUN = re.compile(f"[{_CJK}]+")
_NOT_CJK = re.compile(f"[^{_CJK}]+")
# A run's first character, in text where one space separates the runs (a lookbehind would be slower).
_RUN_START = re.compile(f" [{_CJK}]")
_LATIN = re.compile(f"[^\\W_{_CJK}]+")
_SPACE = array("I", [ord(" ")])


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


def index_text(text: str) -> str:
    """The tokens `tokenize` finds in `text`, for the index: the same set, in another order, with repeats.

    A bulk build spends most of its time making tokens, and a Python-level loop over every bigram costs
    about 1 µs each. Here no Python code runs per token: each stretch of characters that are not ideographs
    becomes one space, and the result is interleaved, character by character in C (array slices), with a
    copy of itself shifted one to the left in which each run's first character is blanked, then a space:
    position i yields text[i] + text[i+1] inside a run (a bigram), text[i] alone at a run's end (its last
    character), nothing elsewhere. Latin and digit words come from one regex pass over the lowered text. Repeats are left in: the index writer drops
    them in C for less than it costs to drop them here, and without positions a token counts once per row.
    """
    lowered = text.lower()
    ideographs = _NOT_CJK.sub(" ", lowered)
    length = len(ideographs)
    latin = " ".join(_LATIN.findall(lowered))
    if not length:
        return latin
    first = array("I")
    first.frombytes(ideographs.encode("utf-32-le"))
    following = array("I")
    following.frombytes(_RUN_START.sub("  ", f" {ideographs}")[1:].encode("utf-32-le"))
    pairs = _SPACE * (3 * length)
    pairs[0::3] = first
    pairs[1::3] = following[1:] + _SPACE
    return f"{pairs.tobytes().decode('utf-32-le')} {latin}"


# Access keys (see access.policy.record_access_keys) go into the index beside the words, marked by a sign
# no text token holds (not a letter, digit or ideograph), so a record's text can never pass for a key.
KEY_MARK = "§"


def key_tokens(keys: str) -> str:
    """Index tokens of space-separated access keys."""
    return " ".join(KEY_MARK + key for key in keys.split())
