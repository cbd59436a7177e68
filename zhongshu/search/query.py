"""Parse what a user types into the search box into terms the index can answer (no Django here).

Syntax: words separated by spaces must all occur (AND); "quoted text" must occur exactly as typed; `词*`
asks for a prefix (a Latin word's prefix; a Chinese word is matched as a substring anyway); `-词` excludes.
Unquoted Chinese is segmented by jieba into words, each of which must occur: 城市建设规划 finds a record
holding 城市建设 and 规划 apart, while "城市建设规划" insists on the whole phrase.

Every term becomes index tokens (see `tokens`): a two-character word is one exact token; a longer one is
the AND of its bigrams plus `verify`, the substring the stored text must contain (checked in the same
query, so counts stay exact); one character is the prefix token `字*`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from zhongshu.core.errors import ServiceError
from zhongshu.search.tokens import (
    CJK_RUN,
    PINYIN_MARK,
    REF_MARK,
    RUN,
    normalise,
    pinyin_query,
    reference_key,
    run_tokens,
)

MAX_QUERY_CHARS = 200
MAX_TERMS = 16
# Curly and corner quotes a Chinese keyboard types, folded to the ASCII quote the syntax uses.
_QUOTES = str.maketrans({"“": '"', "”": '"', "「": '"', "」": '"', "『": '"', "』": '"'})
_PHRASE = re.compile(r'(-?)"([^"]*)"?')


class QueryError(ServiceError):
    """Input the search cannot answer; the message says what to type instead."""


@dataclass(frozen=True)
class Token:
    text: str
    prefix: bool = False


@dataclass(frozen=True)
class Term:
    """One thing that must (or, negated, must not) occur in a record."""

    text: str  # as shown to the user, and the substring highlighted in snippets
    tokens: tuple[Token, ...]
    verify: str | None = None  # substring the title or body must contain, when tokens alone are not exact
    negated: bool = False
    # Other token sets that meet the term as well (a Latin word typed as pinyin: the title's pinyin tokens).
    alternatives: tuple[tuple[Token, ...], ...] = ()

    @property
    def needs_lower(self) -> bool:
        return self.verify is not None and any("a" <= ch <= "z" for ch in self.verify)


@dataclass(frozen=True)
class ParsedQuery:
    raw: str
    terms: tuple[Term, ...] = field(default_factory=tuple)

    @property
    def positive(self) -> tuple[Term, ...]:
        return tuple(term for term in self.terms if not term.negated)

    @property
    def negative(self) -> tuple[Term, ...]:
        return tuple(term for term in self.terms if term.negated)

    @property
    def highlights(self) -> list[str]:
        """Substrings to mark in snippets, longest first so a longer hit is not split by a shorter one."""
        return sorted({term.text for term in self.positive}, key=len, reverse=True)


def parse(raw: str, *, segment: bool = True) -> ParsedQuery:
    """Parse `raw`; raises QueryError (code `query_too_long` or `empty_query`) for input with no answer."""
    if len(raw) > MAX_QUERY_CHARS:
        raise QueryError(
            f"检索词过长（{len(raw)} 字），请不超过 {MAX_QUERY_CHARS} 字", code="query_too_long", field="q"
        )
    text = normalise(raw).translate(_QUOTES).strip()
    terms: list[Term] = []
    rest = []
    last = 0
    for match in _PHRASE.finditer(text):
        rest.append(text[last : match.start()])
        last = match.end()
        phrase = _phrase_term(match.group(2).strip(), negated=bool(match.group(1)))
        if phrase is not None:
            terms.append(phrase)
    rest.append(text[last:])
    for piece in " ".join(rest).split():
        negated = piece.startswith("-") and len(piece) > 1
        prefix = piece.endswith("*")
        reference = _reference_term(piece.strip("-*"), negated=negated)
        if reference is not None:
            terms.append(reference)
            continue
        terms.extend(_word_terms(piece.strip("-*"), negated=negated, prefix=prefix, segment=segment))
    unique = list(dict.fromkeys(terms))
    if not any(not term.negated for term in unique):
        message = "请输入要检索的文字（不能只有标点或符号）" if not unique else "请至少输入一个要包含的词"
        raise QueryError(message, code="empty_query", field="q")
    if len(unique) > MAX_TERMS:
        raise QueryError(f"检索词过多，请不超过 {MAX_TERMS} 个", code="query_too_long", field="q")
    return ParsedQuery(raw=raw, terms=tuple(unique))


def _reference_term(text: str, *, negated: bool) -> Term | None:
    """A 文号 typed whole (any bracket, with or without 第 and 号) or to its year (县委办发〔2026〕): the
    canonical token every record bearing it holds (see tokens.reference_tokens), or its prefix."""
    key = reference_key(text)
    if key is None:
        return None
    canonical, whole = key
    return Term(text=text, tokens=(Token(REF_MARK + canonical, prefix=not whole),), negated=negated)


def _phrase_term(phrase: str, *, negated: bool) -> Term | None:
    reference = _reference_term(phrase, negated=negated)
    if reference is not None:
        return reference
    tokens: list[Token] = []
    runs = RUN.findall(phrase.lower())
    for cjk, latin in runs:
        tokens.extend(_cjk_tokens(cjk) if cjk else [Token(latin)])
    if not tokens:
        return None
    exact = len(runs) == 1 and (runs[0][1] or len(runs[0][0]) <= 2)
    return Term(
        text=phrase,
        tokens=tuple(dict.fromkeys(tokens)),
        verify=None if exact else phrase.lower(),
        negated=negated,
    )


def _word_terms(piece: str, *, negated: bool, prefix: bool, segment: bool) -> list[Term]:
    terms = []
    for cjk, latin in RUN.findall(piece.lower()):
        if latin:
            # Letters alone may be the pinyin (or its initials) of words in a title: fangxun, fxgz.
            pinyin = ((Token(PINYIN_MARK + latin, prefix=True),),) if pinyin_query(latin) else ()
            terms.append(
                Term(text=latin, tokens=(Token(latin, prefix=prefix),), negated=negated, alternatives=pinyin)
            )
            continue
        for word in _segment(cjk) if segment else [cjk]:
            terms.append(
                Term(
                    text=word,
                    tokens=tuple(dict.fromkeys(_cjk_tokens(word))),
                    verify=word if len(word) > 2 else None,
                    negated=negated,
                )
            )
    return terms


def _cjk_tokens(word: str) -> list[Token]:
    if len(word) == 1:
        return [Token(word, prefix=True)]
    bigrams = run_tokens(word)[:-1]
    return [Token(bigram) for bigram in bigrams]


def _segment(run: str) -> list[str]:
    """jieba's words of a Chinese run, with single characters joined to a neighbour.

    A lone character (的, 和) as its own term would match nearly every record and cost a scan of every
    bigram starting with it; joined to its neighbour it stays exact and cheap.
    """
    if len(run) <= 2:
        return [run]
    from zhongshu.proofreader.resources import jieba_segmenter

    words = [word for word in jieba_segmenter().lcut(run, HMM=False) if CJK_RUN.fullmatch(word)]
    merged: list[str] = []
    pending = ""
    for word in words:
        if len(word) == 1 and not merged and not pending:
            pending = word
        elif len(word) == 1:
            if pending:
                pending += word
            else:
                merged[-1] += word
        else:
            merged.append(pending + word)
            pending = ""
    if pending:
        if merged:
            merged[-1] += pending
        else:
            merged.append(pending)
    return merged or [run]
