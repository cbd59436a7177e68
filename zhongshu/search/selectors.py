"""The search itself: one query per tier, filtered by the access policy inside the database.

Results come in two tiers — records whose title holds every term, then the rest — each newest first. The
full-text index is walked in its rowid order (the rank key: date, then source), so a common term's first
page stops after a few rows instead of sorting every match. The count is exact up to `COUNT_CAP`, under the
same access filter as the rows: a hidden record changes neither.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet

from zhongshu.access.levels import Classification
from zhongshu.access.policy import visible
from zhongshu.search.backends import ENTRY, FTS, FTS_TITLE, backend
from zhongshu.search.models import SearchEntry
from zhongshu.search.query import ParsedQuery, QueryError, Term, parse
from zhongshu.search.registry import source_for_kind
from zhongshu.search.tokens import tokenize

PAGE_SIZE = 20
COUNT_CAP = 1000
SNIPPET_CHARS = 120


@dataclass(frozen=True)
class SearchFilters:
    kind: str = ""
    year: int | None = None
    unit_id: int | None = None
    classification: int | None = None

    def q(self) -> Q:
        q = Q()
        if self.kind:
            q &= Q(kind=self.kind)
        if self.year is not None:
            q &= Q(year=self.year)
        if self.unit_id is not None:
            q &= Q(unit_id=self.unit_id)
        if self.classification is not None:
            q &= Q(classification=self.classification)
        return q


@dataclass(frozen=True)
class Hit:
    entry: SearchEntry
    kind_label: str
    title_html: str
    snippet_html: str
    title_hit: bool


@dataclass(frozen=True)
class SearchPage:
    query: ParsedQuery
    hits: list[Hit]
    count: int
    capped: bool
    page: int

    @property
    def has_next(self) -> bool:
        return self.page * PAGE_SIZE < self.count and self.page * PAGE_SIZE < COUNT_CAP

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def _contains(term: Term, text: str, columns: tuple[str, ...]) -> tuple[str, list[Any]]:
    engine = backend()
    parts, params = [], []
    probe = Term(text=term.text, tokens=term.tokens, verify=text, negated=term.negated)
    for column in columns:
        sql, p = engine.contains(column, probe)
        parts.append(sql)
        params += p
    return "(" + " OR ".join(parts) + ")", params


def _verified(queryset: QuerySet[SearchEntry], query: ParsedQuery, columns: tuple[str, ...]) -> Any:
    """Adjacency (the phrase really occurs, not just its bigrams) and exclusions, as SQL on the row."""
    where, params = [], []
    for term in query.positive:
        if term.verify is not None:
            sql, p = _contains(term, term.verify, columns)
            where.append(sql)
            params += p
    for term in query.negative:
        sql, p = _contains(
            term, (term.verify or term.text).lower() if _ascii(term) else term.text, ("title", "body")
        )
        where.append(f"NOT {sql}")
        params += p
    # Constant SQL; what the user typed travels only in params.
    return queryset.extra(where=where, params=params) if where else queryset  # noqa: S610


def _ascii(term: Term) -> bool:
    return any("a" <= ch.lower() <= "z" for ch in term.text)


def _tier(base: QuerySet[SearchEntry], query: ParsedQuery) -> QuerySet[SearchEntry]:
    """Tier 1: records whose title holds every term, newest first, straight from the title index."""
    table = FTS_TITLE if connection.vendor == "sqlite" else FTS
    match_sql, params = backend().match(query, title_only=True)
    return _verified(base, query, ("title",)).extra(  # noqa: S610 - constant SQL, input in params
        tables=[table],
        where=[f"{table}.rowid = {ENTRY}.rank", match_sql],
        params=params,
        order_by=[f"-{table}.rowid"],
    )


def title_hit(title: str, query: ParsedQuery) -> bool:
    """Whether `title` (as stored) answers tier 1: the same test as the title index plus verification."""
    tokens = set(tokenize(title).split())
    lowered = title.lower()
    for term in query.positive:
        for token in term.tokens:
            if token.prefix:
                if not any(have.startswith(token.text) for have in tokens):
                    return False
            elif token.text not in tokens:
                return False
        if term.verify is not None and term.verify not in (lowered if term.needs_lower else title):
            return False
    return True


def _body_tier(base: QuerySet[SearchEntry], query: ParsedQuery, start: int, want: int) -> list[int]:
    """Tier 2: the other matches, newest first. The index is walked in rank order and title hits skipped
    here (they were tier 1), which costs a token set per row instead of an index probe per row."""
    walk = _everything(base, query).extra(order_by=[f"-{FTS}.rowid"]).values_list("pk", "title")
    found: list[int] = []
    skipped = offset = 0
    chunk = max(50, 2 * (start + want))
    while len(found) < want:
        rows = list(walk[offset : offset + chunk])
        offset += len(rows)
        for pk, title in rows:
            if title_hit(title, query):
                continue
            if skipped < start:
                skipped += 1
                continue
            found.append(pk)
            if len(found) == want:
                break
        if len(rows) < chunk:
            break
        chunk *= 2
    return found


def _everything(base: QuerySet[SearchEntry], query: ParsedQuery) -> QuerySet[SearchEntry]:
    match_sql, params = backend().match(query, title_only=False)
    queryset = _verified(base, query, ("title", "body"))
    where = [f"{FTS}.rowid = {ENTRY}.rank", match_sql]
    return queryset.extra(tables=[FTS], where=where, params=params)  # noqa: S610 - input in params


def search(user: Any, raw: str, filters: SearchFilters | None = None, *, page: int = 1) -> SearchPage:
    """One page of what `user` may see matching `raw`. Raises QueryError for input with no answer."""
    query = parse(raw)
    return search_entries(visible(SearchEntry.objects.all(), user), query, filters, page=page)


def search_entries(
    entries: QuerySet[SearchEntry], query: ParsedQuery, filters: SearchFilters | None = None, *, page: int = 1
) -> SearchPage:
    """The search over `entries`, already narrowed to what the viewer may see (the bench also times it
    over every entry, to show what the access filter costs)."""
    filters = filters or SearchFilters()
    page = max(1, page)
    if (page - 1) * PAGE_SIZE >= COUNT_CAP:
        raise QueryError(
            f"最多显示前 {COUNT_CAP} 条，请增加检索词缩小范围", code="page_out_of_range", field="page"
        )
    base = entries.filter(filters.q())
    count = _everything(base, query).values("pk")[: COUNT_CAP + 1].count()
    offset = (page - 1) * PAGE_SIZE
    rows = _page_rows(base, query, offset) if offset < count else []
    hits = _hits(rows, query)
    return SearchPage(
        query=query, hits=hits, count=min(count, COUNT_CAP), capped=count > COUNT_CAP, page=page
    )


def _page_rows(
    base: QuerySet[SearchEntry], query: ParsedQuery, offset: int
) -> list[tuple[SearchEntry, bool]]:
    first = list(_tier(base, query).values_list("pk", flat=True)[offset : offset + PAGE_SIZE])
    chosen = [(pk, True) for pk in first]
    if len(chosen) < PAGE_SIZE:
        if first or offset == 0:
            titles = offset + len(first)
        else:
            titles = _tier(base, query).values("pk")[:offset].count()
        more = _body_tier(base, query, max(0, offset - titles), PAGE_SIZE - len(chosen))
        chosen += [(pk, False) for pk in more]
    # One read of the page's rows, bodies included for the snippets.
    entries = SearchEntry.objects.select_related("unit").in_bulk([pk for pk, _ in chosen])
    return [(entries[pk], hit) for pk, hit in chosen if pk in entries]


def _hits(rows: list[tuple[SearchEntry, bool]], query: ParsedQuery) -> list[Hit]:
    words = _pattern(query.highlights)
    hits = []
    for entry, title_hit in rows:
        source = source_for_kind(entry.kind)
        hits.append(
            Hit(
                entry=entry,
                kind_label=source.label if source else entry.kind,
                title_html=highlight(entry.title, words),
                # The text of a 机密 or 绝密 record is shown only by opening it, which get_for audits (the
                # secrecy law asks that everyone who learns them be recorded); the list shows its title,
                # as every register does.
                snippet_html="" if _recorded_reading(entry) else snippet(entry.body, words),
                title_hit=title_hit,
            )
        )
    return hits


def _recorded_reading(entry: SearchEntry) -> bool:
    return entry.classification >= Classification.SECRET


def _pattern(words: list[str] | re.Pattern[str] | None) -> re.Pattern[str] | None:
    if words is None or isinstance(words, re.Pattern):
        return words
    words = [w for w in words if w]
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)


def highlight(text: str, words: list[str] | re.Pattern[str] | None) -> str:
    """`text` HTML-escaped, with every occurrence of `words` wrapped in <mark>."""
    pattern = _pattern(words)
    if pattern is None:
        return html.escape(text)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(html.escape(text[last : match.start()]))
        out.append(f"<mark>{html.escape(match.group(0))}</mark>")
        last = match.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def snippet(body: str, words: list[str] | re.Pattern[str] | None, width: int = SNIPPET_CHARS) -> str:
    """A window of `body` around the first hit, highlighted; the opening when no word occurs in it."""
    pattern = _pattern(words)
    match = pattern.search(body) if pattern else None
    words = pattern
    start = 0 if match is None else max(0, match.start() - width // 3)
    piece = " ".join(body[start : start + width].split())
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(body) else ""
    return f"{prefix}{highlight(piece, words)}{suffix}"
