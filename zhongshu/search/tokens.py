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


# --- 文号 and pinyin ---------------------------------------------------------------------------------------
#
# A record's reference numbers (文号 such as 县委办发〔2026〕2号, a received document's 来文字号) go into the
# index twice: as ordinary text (so 县委办发, 2026 or any part of the number finds it by the usual tokens) and
# as one canonical token per number, marked by a sign no text token holds, so a whole number typed with any
# bracket, with or without 第 and 号, finds exactly the records bearing it. A title's pinyin goes in as
# marked tokens too: at each character of a Chinese run, the full pinyin of the next few characters and their
# initials, which a Latin word typed by the user matches as a prefix (fangxun, fxgz find 防汛工作).

REF_MARK = "¶"
PINYIN_MARK = "¤"
_OPEN = "〔[【(（［〖"
_CLOSE = "〕]】)）］〗"
# 机关代字, bracketed year, 第 and the serial, 号: the parts of a 文号 (GB/T 9704), in any of the brackets
# people type. The serial may be missing in a query (县委办发〔2026〕 asks for the year's numbers).
REFERENCE = re.compile(
    f"(?P<code>[^\\s{re.escape(_OPEN)}]+?)\\s*[{re.escape(_OPEN)}]\\s*(?P<year>\\d{{4}})\\s*"
    f"[{re.escape(_CLOSE)}]\\s*(?:第\\s*)?(?P<serial>\\d+)?\\s*(?:号)?"
)
# Full pinyin of up to this many characters from each position, and initials of up to this many.
PINYIN_SPAN = 5
INITIALS_SPAN = 8


def reference_key(text: str) -> tuple[str, bool] | None:
    """The canonical form of a 文号 typed or stored as `text` (already `normalise`d), and whether it is whole
    (has its serial); None when `text` is not shaped like one. 县委办发[2026]第2号 → ("县委办发·2026·2", True)."""
    match = REFERENCE.fullmatch(text.strip())
    if match is None:
        return None
    code = "".join(match.group("code").split()).lower()
    if not code or _NOT_KEY.search(code):
        return None
    serial = match.group("serial")
    year = match.group("year")
    if serial is None:
        return f"{code}·{year}·", False
    return f"{code}·{year}·{int(serial)}", True


# A 机关代字 is letters, digits and ideographs; anything else (a quote, a colon) would need escaping in
# the index's query languages, so such a text is not taken for a 文号.
_NOT_KEY = re.compile(f"[^\\w{_CJK}]|_")


def reference_tokens(numbers: list[str]) -> list[str]:
    """The marked canonical token of each 文号 among `numbers` (others, such as a 档号, have none)."""
    out = []
    for number in numbers:
        key = reference_key(normalise(number))
        if key is not None and key[1]:
            out.append(REF_MARK + key[0])
    return list(dict.fromkeys(out))


def pinyin_tokens(title: str) -> list[str]:
    """The marked pinyin tokens of a title: at each character of each Chinese run, the full pinyin of the
    next `PINYIN_SPAN` characters and the initials of the next `INITIALS_SPAN`."""
    from zhongshu.org.pinyin import run_syllables

    out: list[str] = []
    for run in CJK_RUN.findall(normalise(title)):
        syllables = run_syllables(run)
        for i in range(len(syllables)):
            out.append(PINYIN_MARK + "".join(syllables[i : i + PINYIN_SPAN]))
            if i + 1 < len(syllables):
                out.append(PINYIN_MARK + "".join(s[0] for s in syllables[i : i + INITIALS_SPAN]))
    return list(dict.fromkeys(out))


def pinyin_query(word: str) -> bool:
    """Whether a Latin word typed by the user may be pinyin (two or more plain letters)."""
    return len(word) >= 2 and word.isascii() and word.isalpha()
