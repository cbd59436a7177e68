"""The full-text index behind the search: one interface, an implementation per database.

The index maps a rank key (see `models.rank_key`, newest largest) to the record's tokens, in two parts:
every token of title and body ("tokens"), and the title's alone ("title", for ranking title hits first).
The entry table keeps the text; the index keeps only what finding needs:

* SQLite: two contentless FTS5 tables with `detail=none` (no positions: adjacency is checked against the
  stored text instead, which keeps the index a fraction of the text), tokenised by FTS5's `ascii`
  tokenizer, which splits our space-separated tokens and leaves the Chinese bigrams whole.
* PostgreSQL: a table of two tsvectors built with array_to_tsvector (no parser touches the tokens), each
  with a GIN index.

An external engine (Meilisearch, OpenSearch, Manticore) for very large installations would implement the
same four operations; it would also have to hold the mirrored access fields and apply the policy's rule
itself, or hand back candidate ids for the database to filter — see docs/architecture.md, "Search".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import connection

from zhongshu.search.query import ParsedQuery, Term
from zhongshu.search.tokens import KEY_MARK

ENTRY = "search_searchentry"
FTS = "search_fts"
FTS_TITLE = "search_fts_title"

# (rank key, title tokens, all tokens): one record's row in the index.
IndexRow = tuple[int, str, str]


class IndexBackend(Protocol):
    def insert(self, cursor: Any, rows: Sequence[IndexRow]) -> None: ...
    def delete(self, cursor: Any, rows: Sequence[IndexRow]) -> None: ...
    def match(self, query: ParsedQuery, *, title_only: bool, keys: Keys = None) -> tuple[str, list[Any]]: ...
    def contains(self, column: str, term: Term) -> tuple[str, list[Any]]: ...
    def clear(self, cursor: Any) -> None: ...


# The viewer's access keys to AND into a match (see access.policy.viewer_access_keys), or None for none.
Keys = Sequence[str] | None


@dataclass(frozen=True)
class _Syntax:
    """How one engine's query language writes a token, a prefix token, AND and OR."""

    token: str
    prefix: str
    and_: str
    or_: str


FTS5_SYNTAX = _Syntax(token='"{}"', prefix='"{}"*', and_=" AND ", or_=" OR ")
TSQUERY_SYNTAX = _Syntax(token="'{}'", prefix="'{}':*", and_=" & ", or_=" | ")


def _match_string(query: ParsedQuery, keys: Keys, syntax: _Syntax) -> str:
    """Every token of every positive term, ANDed, and, when given, the viewer's keys ORed among themselves.

    Tokens are letters, digits and ideographs (see tokens.RUN) and keys letters and digits after the mark:
    nothing to escape in either language.
    """

    def written(token: Any) -> str:
        return (syntax.prefix if token.prefix else syntax.token).format(token.text)

    parts = []
    for term in query.positive:
        if not term.alternatives:
            parts += [written(token) for token in term.tokens]
            continue
        # A term that may also be met another way (a Latin word as pinyin): its tokens, or any alternative's.
        ways = [
            syntax.and_.join(written(token) for token in way) for way in (term.tokens, *term.alternatives)
        ]
        parts.append("(" + syntax.or_.join(f"({way})" for way in ways) + ")")
    if keys is not None:
        parts.append("(" + syntax.or_.join(syntax.token.format(KEY_MARK + key) for key in keys) + ")")
    return syntax.and_.join(parts)


class SQLiteFTS5:
    """Contentless FTS5: a row is removed by the 'delete' command with the exact tokens it was added with,
    which the entry's stored title and body reproduce (the tokenizer is deterministic)."""

    def insert(self, cursor: Any, rows: Sequence[IndexRow]) -> None:
        # FTS5 flushes its in-memory terms whenever a rowid is not above the last one: in rowid order a batch
        # becomes one segment instead of many small ones (about 3x faster on a bulk build).
        rows = sorted(rows)
        cursor.executemany(
            f"INSERT INTO {FTS} (rowid, tokens) VALUES (%s, %s)",  # noqa: S608 - constant names
            [(rank, everything) for rank, _, everything in rows],
        )
        cursor.executemany(
            f"INSERT INTO {FTS_TITLE} (rowid, tokens) VALUES (%s, %s)",  # noqa: S608
            [(rank, title) for rank, title, _ in rows],
        )

    def delete(self, cursor: Any, rows: Sequence[IndexRow]) -> None:
        # Each token once: FTS5 reports a corrupt index ("database disk image is malformed") when a 'delete'
        # repeats a token of a row still in its pending in-memory data (inserted in the same transaction)
        # that was added without repeats, as every row indexed before `tokens.index_text` was.
        cursor.executemany(
            f"INSERT INTO {FTS} ({FTS}, rowid, tokens) VALUES ('delete', %s, %s)",  # noqa: S608
            [(rank, " ".join(_words(everything))) for rank, _, everything in rows],
        )
        cursor.executemany(
            f"INSERT INTO {FTS_TITLE} ({FTS_TITLE}, rowid, tokens) VALUES ('delete', %s, %s)",  # noqa: S608
            [(rank, " ".join(_words(title))) for rank, title, _ in rows],
        )

    def clear(self, cursor: Any) -> None:
        cursor.execute(f"INSERT INTO {FTS} ({FTS}) VALUES ('delete-all')")  # noqa: S608
        cursor.execute(f"INSERT INTO {FTS_TITLE} ({FTS_TITLE}) VALUES ('delete-all')")  # noqa: S608

    def match(self, query: ParsedQuery, *, title_only: bool, keys: Keys = None) -> tuple[str, list[Any]]:
        table = FTS_TITLE if title_only else FTS
        return f"{table} MATCH %s", [_match_string(query, keys, FTS5_SYNTAX)]

    def contains(self, column: str, term: Term) -> tuple[str, list[Any]]:
        target = f"lower({ENTRY}.{column})" if term.needs_lower else f"{ENTRY}.{column}"
        return f"instr({target}, %s) > 0", [term.verify]


class PostgresTsvector:
    def insert(self, cursor: Any, rows: Sequence[IndexRow]) -> None:
        cursor.executemany(
            f"INSERT INTO {FTS} (rowid, tokens, title) VALUES "  # noqa: S608
            "(%s, array_to_tsvector(%s::text[]), array_to_tsvector(%s::text[])) "
            "ON CONFLICT (rowid) DO UPDATE SET tokens = EXCLUDED.tokens, title = EXCLUDED.title",
            [(rank, _words(everything), _words(title)) for rank, title, everything in rows],
        )

    def delete(self, cursor: Any, rows: Sequence[IndexRow]) -> None:
        cursor.execute(f"DELETE FROM {FTS} WHERE rowid = ANY(%s)", [[rank for rank, _, _ in rows]])  # noqa: S608

    def clear(self, cursor: Any) -> None:
        cursor.execute(f"TRUNCATE {FTS}")

    def match(self, query: ParsedQuery, *, title_only: bool, keys: Keys = None) -> tuple[str, list[Any]]:
        column = "title" if title_only else "tokens"
        return f"{FTS}.{column} @@ %s::tsquery", [_match_string(query, keys, TSQUERY_SYNTAX)]

    def contains(self, column: str, term: Term) -> tuple[str, list[Any]]:
        target = f"lower({ENTRY}.{column})" if term.needs_lower else f"{ENTRY}.{column}"
        return f"strpos({target}, %s) > 0", [term.verify]


def _words(tokens: str) -> list[str]:
    return list(dict.fromkeys(tokens.split()))


def backend(using: Any = None) -> IndexBackend:
    vendor = (using or connection).vendor
    return SQLiteFTS5() if vendor == "sqlite" else PostgresTsvector()


def insert_new(cursor: Any, rows: Sequence[IndexRow]) -> None:
    """Index rows whose rank keys the index does not hold yet: a bulk build's.

    PostgreSQL loads them with COPY in tsvector's text form (space-separated lexemes; ours are letters,
    digits and ideographs, nothing to quote, and the input drops repeats itself) instead of a statement per
    row building each tsvector from an array. Elsewhere it is the backend's insert.
    """
    if cursor.db.vendor != "postgresql":
        backend(cursor.db).insert(cursor, rows)
        return
    with cursor.cursor.copy(f"COPY {FTS} (rowid, tokens, title) FROM STDIN") as copy:  # noqa: S608
        for rank, title, everything in rows:
            copy.write_row((rank, everything, title))


def index_rows(rows: Iterable[tuple[int, str, str, str, str, str]]) -> list[IndexRow]:
    """(rank, title, body, access keys, terms, marked) → index rows, tokenised the one way everything is.

    Both parts carry the record's access keys, so either walk can AND the viewer's keys into its match. The
    entry's `terms` (numbers and names) are tokenised like its text and its `marked` tokens (the canonical
    文号, the title's pinyin) go in as they are, into all tokens only: the title tier stays the title's.
    """
    from zhongshu.search.tokens import index_text, key_tokens, tokenize

    # Title and body in one pass (a line break ends a run, so no bigram spans the two). `index_text` keeps
    # repeats and another order than `tokenize`: without positions only the set matters, and it is the same,
    # so an entry indexed either way is deleted by the 'delete' command either way.
    out = []
    for rank, title, body, keys, terms, extra in rows:
        marked = f" {key_tokens(keys)}" if keys else ""
        everything = index_text(f"{title}\n{body}\n{terms}" if terms else f"{title}\n{body}")
        if extra:
            everything = f"{everything} {extra}"
        out.append((rank, tokenize(title) + marked, everything + marked))
    return out
