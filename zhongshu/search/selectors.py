"""The search itself: one query per tier, filtered by the access policy inside the database.

Results come in two tiers — records whose title holds every term, then the rest — each newest first. The
full-text index is walked in its rowid order (the rank key: date, then source), so a common term's first
page stops after a few rows instead of sorting every match. The count is exact up to `COUNT_CAP`, under the
same access filter as the rows: a hidden record changes neither.

The hot path is plain SQL: the viewer's `visible()` queryset is compiled once into a WHERE clause (the one
rule, never restated here) and composed with the index match; the count comes from the index alone when
nothing else decides, or from the same walk as the first page when every candidate's text must be read.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection
from django.db.models import Model, Q, QuerySet
from django.db.models.base import ModelState

from zhongshu.access.policy import Viewer, viewer_access_keys, viewer_of, visible
from zhongshu.base.levels import Classification
from zhongshu.org.models import Unit
from zhongshu.search.backends import ENTRY, FTS, FTS_TITLE, Keys, backend
from zhongshu.search.models import SearchEntry
from zhongshu.search.query import ParsedQuery, QueryError, Term, parse
from zhongshu.search.registry import source_for_kind
from zhongshu.search.tokens import CJK_RUN, REF_MARK, tokenize

M = TypeVar("M", bound=Model)

PAGE_SIZE = 20
COUNT_CAP = 1000
# Candidates whose text is verified before a count is estimated, and at most (see `_verified_count`).
VERIFY_SAMPLE = 60
VERIFY_BUDGET = 1000
# What a count is: every match; the candidates', nearly all of which match; the matches found so far.
EXACT, ABOUT, AT_LEAST = "exact", "about", "at_least"
SNIPPET_CHARS = 120
# Why the search itself is closed to someone (the page and the API say the same): the 三员 and accounts with
# no person in the directory search no business record. Records themselves are filtered by `visible()`.
NOT_A_SEARCHER = "只有登记在人员名录中的工作人员可以检索业务记录（三员不检索）"


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
    # A 机密 or 绝密 record's text is shown only by opening it (see `_recorded_reading`): no snippet.
    text_withheld: bool = False
    # The copy of this record the viewer's unit holds (a dispatched document's 收文), when there is one.
    held_copy_url: str = ""
    # The row is the viewer's unit's own copy (the viewer may not see the original it folds into).
    own_copy: bool = False


@dataclass(frozen=True)
class SearchPage:
    query: ParsedQuery
    hits: list[Hit]
    count: int
    capped: bool
    page: int
    count_is: str = EXACT  # see `_verified_count`

    @property
    def estimated(self) -> bool:
        return self.count_is == ABOUT

    @property
    def at_least(self) -> bool:
        return self.count_is == AT_LEAST

    @property
    def has_next(self) -> bool:
        return self.page * PAGE_SIZE < self.count and self.page * PAGE_SIZE < COUNT_CAP

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def _where(entries: QuerySet[SearchEntry]) -> tuple[str, list[Any]] | None:
    """The WHERE clause of `entries` (the policy's `visible()` and the filters) as SQL on the entry table,
    compiled once so the index walks below reuse it verbatim: there is no second copy of the rule.

    None when `entries` can hold nothing; ("", []) when it holds everything.
    """
    query = entries.query
    if query.is_empty():
        return None
    joined = [alias for alias, uses in query.alias_refcount.items() if uses and alias != query.base_table]
    if joined or query.distinct or query.low_mark or query.high_mark is not None:
        # A rule that needs a join (none does today) still works, as a subquery on the primary key.
        sql, params = entries.values("pk").query.sql_with_params()
        return f"{ENTRY}.id IN ({sql})", list(params)
    compiler = query.get_compiler(using=entries.db)
    try:
        sql, params = compiler.compile(query.where)
    except EmptyResultSet:
        return None
    except FullResultSet:
        return "", []
    return sql, list(params)


def _contains(term: Term, text: str, columns: tuple[str, ...]) -> tuple[str, list[Any]]:
    engine = backend()
    parts, params = [], []
    probe = Term(text=term.text, tokens=term.tokens, verify=text, negated=term.negated)
    for column in columns:
        sql, p = engine.contains(column, probe)
        parts.append(sql)
        params += p
    return "(" + " OR ".join(parts) + ")", params


def _verification(query: ParsedQuery, columns: tuple[str, ...]) -> tuple[list[str], list[Any]]:
    """Adjacency (the phrase really occurs, not just its bigrams) and exclusions, as SQL on the row."""
    where: list[str] = []
    params: list[Any] = []
    for term in query.positive:
        if term.verify is not None:
            sql, p = _contains(term, term.verify, columns)
            where.append(sql)
            params += p
    for term in query.negative:
        sql, p = _contains(term, (term.verify or term.text).lower() if _ascii(term) else term.text, TEXT)
        reference = _reference_token(term)
        if reference is not None:
            # A 文号 in whatever brackets it was typed: also its canonical token among the entry's marked ones.
            position = "instr" if connection.vendor == "sqlite" else "strpos"
            token, whole = reference
            sql = f"({sql} OR {position}(' ' || {ENTRY}.marked || ' ', %s) > 0)"
            p = [*p, f" {token} " if whole else f" {token}"]
        where.append(f"NOT {sql}")
        params += p
    return where, params


def _reference_token(term: Term) -> tuple[str, bool] | None:
    """(canonical token, whole) of a term that is a 文号 (see query._reference_term), else None."""
    if len(term.tokens) == 1 and term.tokens[0].text.startswith(REF_MARK):
        return term.tokens[0].text, not term.tokens[0].prefix
    return None


# The columns a match is verified against: the text, and the numbers and names the record is found by.
TEXT = ("title", "body", "terms")


def _ascii(term: Term) -> bool:
    return any("a" <= ch.lower() <= "z" for ch in term.text)


@dataclass(frozen=True)
class _Walk:
    """One tier's index walk as SQL: the index match joined to the entries, the viewer's rule and the
    verification, in that order (the rule before the text is read). `{columns}` and `{order}` are filled
    per use: the page reads newest first, the count in whatever order the database finds cheapest."""

    sql: str
    params: list[Any]
    # Placeholder → the ORDER BY that fills it when reading newest first (blank when counting).
    orders: dict[str, str]

    def rows(self, columns: str, limit: int, offset: int = 0) -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(
                f"{self._format(columns, ordered=True)} LIMIT %s OFFSET %s", [*self.params, limit, offset]
            )
            return cursor.fetchall()

    # PostgreSQL only: the same count with the matches first collected from the GIN index (see `count`).
    gin_count_sql: str = ""

    def count(self, cap: int) -> int:
        # Unordered: no newest-first walk is needed to count.
        sql = self.gin_count_sql or self._format("1", ordered=False)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({sql} LIMIT %s) capped", [*self.params, cap])  # noqa: S608
            return int(cursor.fetchone()[0])

    def _format(self, columns: str, *, ordered: bool) -> str:
        sql = self.sql.replace("{columns}", columns)
        for placeholder, clause in self.orders.items():
            sql = sql.replace(placeholder, clause if ordered else "")
        return sql


def _walk(
    rule: tuple[str, list[Any]],
    query: ParsedQuery,
    *,
    title_only: bool,
    keys: Keys,
    checks_as: str = "filter",
) -> _Walk:
    """The walk of one tier. `checks_as`: "filter" keeps only candidates whose text passes the verification,
    "column" keeps every candidate and adds whether it passes as the last column, "skip" leaves it out."""
    engine = backend()
    sqlite = connection.vendor == "sqlite"
    table = FTS_TITLE if title_only and sqlite else FTS
    match_sql, match_params = engine.match(query, title_only=title_only, keys=keys)
    checks, check_params = _verification(query, ("title",) if title_only else TEXT)
    if checks_as == "skip":
        checks, check_params = [], []
    passes = f", ({' AND '.join(checks)})" if checks_as == "column" and checks else ""
    filtering = checks if checks_as == "filter" else []
    where = [match_sql]
    if rule[0]:
        where.append(f"({rule[0]})")
    # The verification's parameters come where its SQL does: in the select list or after the rule.
    params = [*check_params, *match_params, *rule[1]] if passes else [*match_params, *rule[1], *check_params]
    source = f"{table} JOIN {ENTRY} ON {ENTRY}.rank = {table}.rowid"
    gin_count = "" if sqlite else _gin_count_sql(table, match_sql, rule[0], filtering)
    if not checks or not rule[0]:
        sql = f"SELECT {{columns}}{passes} FROM {source} WHERE {' AND '.join(where + filtering)} {{order}}"  # noqa: S608
        return _Walk(sql, params, {"{order}": f"ORDER BY {table}.rowid DESC"}, gin_count)
    # The viewer's rule must run before the text is read: SQLite defers WHERE terms holding subqueries (the
    # rule's need-to-know lists) after plain ones (instr on the body), which read the body of every hidden
    # candidate, 10x the work for a viewer who sees a tenth. A subquery with a LIMIT (OFFSET on PostgreSQL)
    # is not merged into the outer query: it streams the rule's survivors, newest first, to the verification.
    # SQLite streams the co-routine in its order (an outer ORDER BY would make it sort every survivor first);
    # PostgreSQL knows the subquery's order and keeps it without sorting.
    fence, outer = ("LIMIT -1", "") if sqlite else ("OFFSET 0", "ORDER BY walk_key DESC")
    # Exclusions read the body in either tier.
    # An excluded 文号 is also checked against the marked tokens (see `_verification`).
    read = (*TEXT, "marked") if query.negative else TEXT
    text = (
        f"{ENTRY}.title"
        if title_only and not query.negative
        else ", ".join(f"{ENTRY}.{column}" for column in read)
    )
    inner = (
        f"SELECT {ENTRY}.id, {text}, {table}.rowid AS walk_key FROM {source} "  # noqa: S608
        f"WHERE {' AND '.join(where)} {{inner_order}} {fence}"
    )
    condition = f"WHERE {' AND '.join(filtering)}" if filtering else ""
    sql = f"SELECT {{columns}}{passes} FROM ({inner}) {ENTRY} {condition} {{order}}"  # noqa: S608
    return _Walk(sql, params, {"{inner_order}": f"ORDER BY {table}.rowid DESC", "{order}": outer}, gin_count)


MATCHED = "fts_matched"


def _gin_count_sql(table: str, match_sql: str, rule_sql: str, checks: list[str]) -> str:
    """PostgreSQL's count: the matches' keys collected from the GIN index first (a materialised CTE), then
    joined to the entries under the rule, then verified.

    Left to itself the planner walks the key index and tests `@@` on every row's (de-TOASTed) tsvector,
    because it prices that test like a comparison: 385 ms instead of 13 ms for two common words at 50,000
    entries. The rule runs before the text is read (the OFFSET 0 fence), as in the walk.
    """
    # The CTE has a name of its own: the rule may probe the index table itself (see `_unfolded`).
    matches = f"WITH {MATCHED} AS MATERIALIZED (SELECT rowid FROM {table} WHERE {match_sql})"  # noqa: S608
    joined = f"SELECT {ENTRY}.title, {ENTRY}.body, {ENTRY}.terms, {ENTRY}.marked FROM {MATCHED} JOIN {ENTRY} ON {ENTRY}.rank = {MATCHED}.rowid"  # noqa: S608
    if rule_sql:
        joined += f" WHERE ({rule_sql})"
    if not checks:
        return f"{matches} {joined}"
    return f"{matches} SELECT 1 FROM ({joined} OFFSET 0) {ENTRY} WHERE {' AND '.join(checks)}"  # noqa: S608


def _verified_count(
    rule: tuple[str, list[Any]], query: ParsedQuery, keys: Keys, cap: int
) -> tuple[int, list[tuple[int, str]], str]:
    """The count of a query whose matches must be verified against the text (a word of three or more
    characters, a phrase, an exclusion): (count, the verified walk's first rows, what the count is).

    Verifying reads each candidate's text, about 7 µs a row at a million entries: an exact count up to the
    cap would read a thousand texts for a common word, and every candidate for a rare phrase of common
    characters (a hundred thousand). So the newest `VERIFY_SAMPLE` candidates are verified first. When every
    one passes, as for a real word, whose characters' pairs seldom meet by chance, the count is the
    candidates' (under the same access rule: nothing hidden is counted), shown as "约". Otherwise up to
    `VERIFY_BUDGET` candidates are verified and the count is the matches among them, shown as "至少" when
    candidates remain: the results are then those matches only (the page asks for more words). With no
    more candidates than are verified, it is exact.
    """
    checked = _walk(rule, query, title_only=False, keys=keys, checks_as="column")
    sample = checked.rows(f"{ENTRY}.id, {ENTRY}.title", VERIFY_SAMPLE + 1)
    passed = [(pk, title) for pk, title, ok in sample if ok]
    if len(sample) <= VERIFY_SAMPLE:
        return len(passed), passed, EXACT
    if len(passed) == len(sample):
        candidates = _walk(rule, query, title_only=False, keys=keys, checks_as="skip").count(cap + 1)
        return candidates, passed, ABOUT
    more = checked.rows(f"{ENTRY}.id, {ENTRY}.title", VERIFY_BUDGET - len(sample) + 1, len(sample))
    passed += [(pk, title) for pk, title, ok in more if ok]
    if len(sample) + len(more) <= VERIFY_BUDGET:
        return len(passed), passed, EXACT
    return len(passed), passed, AT_LEAST


def _index_only_count(query: ParsedQuery, cap: int) -> int:
    """The count straight from the index, when nothing but the match decides (no rule, no verification):
    every index row has its entry (they are written and removed in one transaction)."""
    match_sql, params = backend().match(query, title_only=False)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {FTS} WHERE {match_sql} LIMIT %s) capped",  # noqa: S608
            [*params, cap],
        )
        return int(cursor.fetchone()[0])


def title_hit(title: str, query: ParsedQuery) -> bool:
    """Whether `title` (as stored) answers tier 1: the same test as the title index plus verification.

    A query's Chinese tokens are bigrams and single characters asked as prefixes (see query._cjk_tokens).
    For those the index's test is a substring test: a bigram is a title token exactly when its two
    characters stand side by side in the title, and some title token starts with a character exactly when
    the character occurs. Only a Latin token needs the title's own tokens (a word, not a substring), which
    the second tier would otherwise make for every candidate it passes over.
    """
    lowered = title.lower()
    tokens: set[str] | None = None
    for term in query.positive:
        for token in term.tokens:
            if len(token.text) <= 2 and CJK_RUN.fullmatch(token.text):
                if token.text not in lowered:
                    return False
                continue
            if tokens is None:
                tokens = set(tokenize(title).split())
            if token.prefix:
                if not any(have.startswith(token.text) for have in tokens):
                    return False
            elif token.text not in tokens:
                return False
        if term.verify is not None and term.verify not in (lowered if term.needs_lower else title):
            return False
    return True


def _body_tier(
    walk: _Walk,
    query: ParsedQuery,
    start: int,
    want: int,
    first: list[tuple[int, str]],
    complete: bool = False,
) -> list[int]:
    """Tier 2: the other matches, newest first. The index is walked in rank order and title hits skipped
    here (they were tier 1), which costs a token set per row instead of an index probe per row. `first`
    is the walk's beginning, already read by the count; `complete`: all of it that may be read (the
    verification budget was spent: see `_verified_count`)."""
    found: list[int] = []
    skipped = 0
    rows = first
    offset = len(first)
    chunk = max(50, 2 * (start + want))
    exhausted = complete
    while True:
        for pk, title in rows:
            if title_hit(title, query):
                continue
            if skipped < start:
                skipped += 1
                continue
            found.append(pk)
            if len(found) == want:
                return found
        if exhausted:
            return found
        rows = walk.rows(f"{ENTRY}.id, {ENTRY}.title", chunk, offset)
        offset += len(rows)
        exhausted = len(rows) < chunk
        chunk *= 2


def search(user: Any, raw: str, filters: SearchFilters | None = None, *, page: int = 1) -> SearchPage:
    """One page of what `user` may see matching `raw`. Raises QueryError for input with no answer."""
    query = parse(raw)
    viewer = viewer_of(user)
    entries = visible(SearchEntry.objects.all(), viewer)
    found = search_entries(entries, query, filters, page=page, keys=viewer_access_keys(viewer), fold=True)
    return _with_held_copies(found, viewer)


# The alias of the entry a folding entry is checked against (see `_unfolded`).
FOLD_ALIAS = "fold_entry"


def _unfolded(rule: tuple[str, list[Any]], query: ParsedQuery) -> tuple[str, list[Any]]:
    """The viewer's rule, and one row per record: an entry that folds into another (a recipient's copy of a
    dispatched document into its original) passes only when the viewer may see neither the original nor an
    earlier copy of it that also answers `query`. A viewer who may see only their own copy finds that copy;
    the original stays unseen. Text only the copy holds (its 收文编号, the 批示 in its body, its unit) finds
    the copy even when its original is visible: the original does not match, so nothing folds.

    One correlated NOT EXISTS by the fold index, inside the one query, so counts and pages stay exact;
    entries that fold into nothing pass at once. The rule inside it is the viewer's own compiled rule with
    its table renamed to the alias (compiling the policy again as a Django subquery cost twice the search);
    the match is the query's own, probed by the folding entry's rank, and its verification the walk's.
    """
    sql, params = rule
    outer = connection.ops.quote_name(ENTRY) + "."
    own = sql.replace(outer, f"{FOLD_ALIAS}.")
    if f"FROM {outer[:-1]}" in sql:
        # A rule that reads the entry table in a subquery of its own (see `_where`): keep it whole.
        own = f"{FOLD_ALIAS}.id IN (SELECT {ENTRY}.id FROM {ENTRY} WHERE {sql})"  # noqa: S608
    match_sql, match_params = backend().match(query, title_only=False)
    checks, check_params = _verification(query, TEXT)
    answers = [
        f"EXISTS (SELECT 1 FROM {FTS} WHERE {FTS}.rowid = {FOLD_ALIAS}.rank AND {match_sql})",  # noqa: S608
        *(check.replace(f"{ENTRY}.", f"{FOLD_ALIAS}.") for check in checks),
    ]
    fold = (
        f"({outer}fold_into IS NULL OR NOT EXISTS (SELECT 1 FROM {ENTRY} {FOLD_ALIAS} "  # noqa: S608 - names
        f"WHERE {FOLD_ALIAS}.source_type_id = {outer}source_type_id AND ({FOLD_ALIAS}.source_id = "
        f"{outer}fold_into OR ({FOLD_ALIAS}.fold_into = {outer}fold_into AND {FOLD_ALIAS}.source_id < "
        f"{outer}source_id)){f' AND ({own})' if own else ''} AND {' AND '.join(answers)}))"
    )
    fold_params = [*(params if own else []), *match_params, *check_params]
    if not sql:
        return fold, fold_params
    return f"({sql}) AND {fold}", [*params, *fold_params]


def _with_held_copies(found: SearchPage, viewer: Viewer) -> SearchPage:
    """Each original on the page with the copy of it the viewer's unit holds (本单位收文), when they may see
    it: one query for the page, through the policy, and none when the fold index holds no such copy."""
    held: dict[tuple[int, int | None], str] = {}
    originals = [hit.entry for hit in found.hits if hit.entry.fold_into is None]
    if viewer.unit_id is not None and originals:
        # By the fold index (source type, fold_into): the viewer's unit may own many entries.
        wanted: dict[int, list[int]] = {}
        for entry in originals:
            wanted.setdefault(entry.source_type_id, []).append(entry.source_id)
        folding = Q()
        for type_id, ids in wanted.items():
            folding |= Q(source_type_id=type_id, fold_into__in=ids)
        held_by_unit = SearchEntry.objects.filter(
            folding, fold_into__isnull=False, owner_unit_id=viewer.unit_id
        )
        if held_by_unit.exists():  # by the fold index alone: most pages hold no dispatched document
            copies = visible(held_by_unit, viewer).order_by("source_id")
            for type_id, original_id, url in copies.values_list("source_type_id", "fold_into", "url"):
                held.setdefault((type_id, original_id), url)
    hits = []
    for hit in found.hits:
        entry = hit.entry
        copy = entry.fold_into is not None
        hits.append(
            replace(
                hit,
                held_copy_url="" if copy else held.get((entry.source_type_id, entry.source_id), ""),
                own_copy=copy and viewer.unit_id is not None and entry.owner_unit_id == viewer.unit_id,
            )
        )
    return replace(found, hits=hits)


def search_entries(
    entries: QuerySet[SearchEntry],
    query: ParsedQuery,
    filters: SearchFilters | None = None,
    *,
    page: int = 1,
    keys: Keys = None,
    fold: bool = False,
) -> SearchPage:
    """The search over `entries`, already narrowed to what the viewer may see (the bench also times it
    over every entry, to show what the access filter costs).

    `keys`: the viewer's access keys, which the index matches first so the rule (in `entries`) is tested
    on candidates the viewer may well see rather than on every match; None matches without them. `fold`:
    one row per record (see `_unfolded`)."""
    filters = filters or SearchFilters()
    page = max(1, page)
    cap = COUNT_CAP
    if (page - 1) * PAGE_SIZE >= cap:
        raise QueryError(f"最多显示前 {cap} 条，请增加检索词缩小范围", code="page_out_of_range", field="page")
    rule = _where(entries.filter(filters.q()))
    if rule is None:
        return SearchPage(query=query, hits=[], count=0, capped=False, page=page)
    if fold:
        rule = _unfolded(rule, query)
    everything = _walk(rule, query, title_only=False, keys=keys)
    offset = (page - 1) * PAGE_SIZE
    first: list[tuple[int, str]] = []
    count_is = EXACT
    verified = query.negative or any(term.verify is not None for term in query.positive)
    if not rule[0] and not verified:
        count = _index_only_count(query, cap + 1)
    elif verified:
        count, first, count_is = _verified_count(rule, query, keys, cap)
    else:
        # Without verification the count stays inside the covering index (titles would cost a row read each).
        count = everything.count(cap + 1)
    rows = (
        _page_rows(rule, everything, query, offset, first, keys, count_is == AT_LEAST)
        if offset < count
        else []
    )
    hits = _hits(rows, query)
    return SearchPage(
        query=query, hits=hits, count=min(count, cap), capped=count > cap, page=page, count_is=count_is
    )


def _page_rows(
    rule: tuple[str, list[Any]],
    everything: _Walk,
    query: ParsedQuery,
    offset: int,
    first: list[tuple[int, str]],
    keys: Keys,
    complete: bool,
) -> list[tuple[SearchEntry, bool]]:
    titles_walk = _walk(rule, query, title_only=True, keys=keys)
    tier_one = [pk for (pk,) in titles_walk.rows(f"{ENTRY}.id", PAGE_SIZE, offset)]
    chosen = [(pk, True) for pk in tier_one]
    if len(chosen) < PAGE_SIZE:
        titles = offset + len(tier_one) if tier_one or offset == 0 else titles_walk.count(offset)
        more = _body_tier(
            everything, query, max(0, offset - titles), PAGE_SIZE - len(chosen), first, complete
        )
        chosen += [(pk, False) for pk in more]
    entries = _entries([pk for pk, _ in chosen])
    return [(entries[pk], hit) for pk, hit in chosen if pk in entries]


def _entries(pks: list[int]) -> dict[int, SearchEntry]:
    """One read of the page's rows, bodies included for the snippets, with their unit's name.

    Plain SQL and plain instances: the ORM's in_bulk with select_related, and even Model.from_db (whose
    __init__ and init signals cost more than the query), took longer than the rest of a common query
    together. The rows were chosen through the viewer's rule above; this only fetches them.
    """
    if not pks:
        return {}
    fields = [field for field in SearchEntry._meta.concrete_fields if field.attname in _HIT_FIELDS]
    columns = ", ".join(f"{ENTRY}.{field.column}" for field in fields)
    marks = ", ".join(["%s"] * len(pks))
    unit_table = Unit._meta.db_table
    sql = (
        f"SELECT {columns}, {unit_table}.name FROM {ENTRY} "  # noqa: S608 - names from the models
        f"LEFT JOIN {unit_table} ON {unit_table}.id = {ENTRY}.unit_id WHERE {ENTRY}.id IN ({marks})"
    )
    names = [field.attname for field in fields]
    unit_field = SearchEntry._meta.get_field("unit")
    converters = _converters(fields)
    alias = connection.alias
    entries = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, pks)
        for *values, unit_name in cursor.fetchall():
            entry = _loaded(SearchEntry, alias, names, _converted(converters, values))
            if entry.unit_id is not None:
                # The unit's name is all a hit shows of it; its other fields load on first use.
                unit = _loaded(Unit, alias, ["id", "name"], [entry.unit_id, unit_name])
                unit_field.set_cached_value(entry, unit)
            entries[entry.pk] = entry
    return entries


# What a hit shows and links to; any other field of the entry loads on first use (Django's deferred fields).
_HIT_FIELDS = {
    "id",
    "kind",
    "source_type_id",
    "source_id",
    "classification",
    "reference",
    "url",
    "date",
    "year",
    "unit_id",
    "owner_unit_id",
    "fold_into",
    "title",
    "body",
}


def _loaded(model: type[M], alias: str, names: list[str], values: list[Any]) -> M:
    """An instance of `model` as read from database `alias`, its fields set directly (see `_entries`)."""
    instance = object.__new__(model)
    instance.__dict__.update(zip(names, values, strict=True))
    instance._state = ModelState()
    instance._state.adding = False
    instance._state.db = alias
    return instance


# Per database alias and model: what turns each column's value into the ORM's (SQLite returns dates and
# times as text). Working them out costs about as much as the page's query.
_CONVERTERS: dict[tuple[str, str], list[tuple[Any, list[Any]]]] = {}


def _converters(fields: Any) -> list[tuple[Any, list[Any]]]:
    key = (connection.alias, fields[0].model._meta.label)
    if key not in _CONVERTERS:
        out = []
        for field in fields:
            column = field.get_col(ENTRY)
            out.append(
                (column, connection.ops.get_db_converters(column) + column.get_db_converters(connection))
            )
        _CONVERTERS[key] = out
    return _CONVERTERS[key]


def _converted(converters: list[tuple[Any, list[Any]]], values: list[Any]) -> list[Any]:
    out = []
    for (column, functions), value in zip(converters, values, strict=True):
        for function in functions:
            value = function(value, column, connection)
        out.append(value)
    return out


def _hits(rows: list[tuple[SearchEntry, bool]], query: ParsedQuery) -> list[Hit]:
    words = _pattern(query.highlights)
    hits = []
    for entry, title_hit in rows:
        source = source_for_kind(entry.kind)
        withheld = _recorded_reading(entry)
        hits.append(
            Hit(
                entry=entry,
                kind_label=source.label if source else entry.kind,
                title_html=highlight(entry.title, words),
                # The text of a 机密 or 绝密 record is shown only by opening it, which get_for audits (the
                # secrecy law asks that everyone who learns them be recorded); the list shows its title,
                # as every register does.
                snippet_html="" if withheld else snippet(entry.body, words),
                title_hit=title_hit,
                text_withheld=withheld,
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
