"""Keeping the index in step with the records: signals in the same transaction, bulk rebuilds, a tick.

Every registered source model is watched: post_save re-reads the record through its `to_text` and rewrites
its entry (or removes it when `to_text` answers None); post_delete removes it; a change of need-to-know
(the through tables) rewrites the entry's mirror. All of it runs inside the transaction that changed the
record, so a rolled-back change leaves no entry behind and a committed one is findable at once.

QuerySet.update() and raw SQL skip signals; `reconcile` (the tick) finds entries missing, left over or whose
mirrored classification and owners drifted, and fixes them, idempotently.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from zhongshu.access.models import NeedToKnowGrant
from zhongshu.access.policy import WorkSecretRemit, record_access_keys, work_secret_remit
from zhongshu.core.bulk import bulk_page_cache
from zhongshu.search.backends import ENTRY, FTS, FTS_TITLE, backend, index_rows, insert_new
from zhongshu.search.models import ENTRY_FORMAT, RankAllocator, SearchEntry, day_number
from zhongshu.search.registry import SearchSource, SearchText, source_for_kind, source_for_model, sources
from zhongshu.search.tokens import normalise, pinyin_tokens, reference_tokens

logger = logging.getLogger(__name__)

BATCH = 2000
MIRRORED = ("classification", "secrecy_term_years", "owner_person_id", "owner_unit_id")
PEOPLE = SearchEntry.need_to_know_people.through
UNITS = SearchEntry.need_to_know_units.through


def index_terms(text: SearchText) -> tuple[str, str]:
    """(terms, marked) of an entry: its numbers and names, one a line, tokenised like its text; and the
    tokens that go into the index as they are (each number's canonical 文号 token, the title's pinyin)."""
    numbers = [number for number in (text.reference, *text.numbers) if number]
    terms = dict.fromkeys(normalise(" ".join(t.split())) for t in (*numbers, *text.names) if t and t.strip())
    marked = " ".join([*reference_tokens(numbers), *pinyin_tokens(normalise(text.title)[:500])])
    return "\n".join(terms), marked


def _entry_values(source: SearchSource, record: Any, text: SearchText) -> dict[str, Any]:
    terms, marked = index_terms(text)
    return {
        "kind": source.kind,
        "title": normalise(text.title)[:500],
        "body": normalise(text.body),
        "terms": terms,
        "marked": marked,
        "fold_into": text.fold_into,
        "format": ENTRY_FORMAT,
        "reference": text.reference[:100],
        "url": text.url[:300],
        "date": text.date,
        "year": text.date.year if text.date else None,
        "unit_id": text.unit_id,
        **{name: getattr(record, name) for name in MIRRORED},
    }


def entry_keys(
    classification: int,
    owner_person_id: int | None,
    owner_unit_id: int | None,
    people: list[int],
    units: list[int],
    subject: tuple[int, int] | None,
    remit: WorkSecretRemit = frozenset(),
) -> str:
    """The access keys an entry goes into the index with (see access.policy.record_access_keys).

    `subject`: the record's (content type id, id) when a need-to-know grant names it, else None.
    """
    keys = record_access_keys(
        classification=classification,
        owner_person_id=owner_person_id,
        owner_unit_id=owner_unit_id,
        people=people,
        units=units,
        grant_subject=subject,
        remit=remit,
    )
    return " ".join(keys)


class _AccessFacts:
    """What the access keys of a batch of records come from, read in three queries for the whole batch:
    their need-to-know people and units, and which of them a need-to-know grant names."""

    def __init__(self, model: type[models.Model], type_id: int, ids: list[int]) -> None:
        self.type_id = type_id
        self.remit = work_secret_remit(model)
        self.people = _through_ids(model, "need_to_know_people", ids)
        self.units = _through_ids(model, "need_to_know_units", ids)
        # Live or not: a record carries the grant key once any grant names it (see
        # access.policy.record_access_keys); the rule itself still decides every candidate.
        self.granted = set(
            NeedToKnowGrant.objects.filter(content_type_id=type_id, object_id__in=ids).values_list(
                "object_id", flat=True
            )
        )

    def people_of(self, pk: int) -> list[int]:
        return sorted(self.people.get(pk, ()))

    def units_of(self, pk: int) -> list[int]:
        return sorted(self.units.get(pk, ()))

    def keys(
        self, pk: int, classification: int, owner_person_id: int | None, owner_unit_id: int | None
    ) -> str:
        return entry_keys(
            classification,
            owner_person_id,
            owner_unit_id,
            self.people_of(pk),
            self.units_of(pk),
            (self.type_id, pk) if pk in self.granted else None,
            self.remit,
        )


def _remove(entries: Iterable[SearchEntry]) -> int:
    entries = list(entries)
    if not entries:
        return 0
    with connection.cursor() as cursor:
        backend().delete(cursor, index_rows(_row(e) for e in entries))
    SearchEntry.objects.filter(pk__in=[e.pk for e in entries]).delete()
    return len(entries)


def index_record(record: Any) -> SearchEntry | None:
    """Write (or remove) the entry of one record; called by the signals and the tick."""
    source = source_for_model(type(record))
    if source is None:
        return None
    type_id = ContentType.objects.get_for_model(source.model).pk
    with transaction.atomic():
        existing = SearchEntry.objects.filter(source_type_id=type_id, source_id=record.pk).first()
        text = source.to_text(record)
        if text is None:
            if existing is not None:
                _remove([existing])
            return None
        values = _entry_values(source, record, text)
        facts = _AccessFacts(source.model, type_id, [record.pk])
        people, units = facts.people_of(record.pk), facts.units_of(record.pk)
        values["access_keys"] = facts.keys(
            record.pk, values["classification"], values["owner_person_id"], values["owner_unit_id"]
        )
        same_day = existing is not None and existing.rank >> 16 == day_number(text.date)
        values["rank"] = existing.rank if same_day else RankAllocator().allocate(text.date)  # type: ignore[union-attr]
        if existing is not None and all(getattr(existing, k) == v for k, v in values.items()):
            _mirror_need_to_know(existing, people, units)
            return existing
        if existing is not None:
            with connection.cursor() as cursor:
                backend().delete(cursor, index_rows([_row(existing)]))
            for name, value in values.items():
                setattr(existing, name, value)
            existing.save()
            entry = existing
        else:
            entry = SearchEntry.objects.create(source_type_id=type_id, source_id=record.pk, **values)
        with connection.cursor() as cursor:
            backend().insert(cursor, index_rows([_row(entry)]))
        _mirror_need_to_know(entry, people, units)
        return entry


def _row(entry: SearchEntry) -> tuple[int, str, str, str, str, str]:
    return entry.rank, entry.title, entry.body, entry.access_keys, entry.terms, entry.marked


def _mirror_need_to_know(entry: SearchEntry, people: list[int], units: list[int]) -> None:
    have_people = sorted(PEOPLE.objects.filter(searchentry_id=entry.pk).values_list("person_id", flat=True))
    if have_people != people:
        entry.need_to_know_people.set(people)
    have_units = sorted(UNITS.objects.filter(searchentry_id=entry.pk).values_list("unit_id", flat=True))
    if have_units != units:
        entry.need_to_know_units.set(units)


def unindex_record(model: type[models.Model], pk: Any) -> None:
    type_id = ContentType.objects.get_for_model(model).pk
    with transaction.atomic():
        _remove(SearchEntry.objects.filter(source_type_id=type_id, source_id=pk))


# --- signals ------------------------------------------------------------------------------------------


def _saved(sender: type[models.Model], instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # loading fixtures: the tick or a reindex indexes them
        return
    index_record(instance)


def _deleted(sender: type[models.Model], instance: Any, **kwargs: Any) -> None:
    unindex_record(sender, instance.pk)


def _need_to_know_changed(
    sender: Any, instance: Any, action: str, reverse: bool, model: Any, pk_set: set[Any] | None, **kwargs: Any
) -> None:
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        index_record(instance)
        return
    # Changed from the person's or unit's side: pk_set names the records (None after a clear; the tick's drift
    # check, which compares each entry's access keys with its record's need-to-know, repairs that).
    for record in model._default_manager.filter(pk__in=pk_set or ()):
        index_record(record)


def _grant_saved(sender: type[models.Model], instance: NeedToKnowGrant, created: bool, **kwargs: Any) -> None:
    # The first grant naming a record gives its entry the grant key (see `_AccessFacts`); a revoked or expired
    # one leaves the key, which only lets the rule itself decide, as it does for every candidate.
    if not created or kwargs.get("raw"):
        return
    source = source_for_model(instance.content_type.model_class())  # type: ignore[arg-type]
    record = source and source.model._default_manager.filter(pk=instance.object_id).first()
    if record is not None:
        index_record(record)


def connect_grants() -> None:
    """Watch need-to-know grants (idempotent). Bulk-created grants send no signal: the tick's drift check
    gives their records the key."""
    post_save.connect(_grant_saved, sender=NeedToKnowGrant, dispatch_uid="search:grant", weak=False)


def connect(source: SearchSource) -> None:
    """Watch one source model (idempotent: each receiver has a dispatch uid)."""
    model = source.model
    uid = f"search:{model._meta.label}"
    post_save.connect(_saved, sender=model, dispatch_uid=f"{uid}:save", weak=False)
    post_delete.connect(_deleted, sender=model, dispatch_uid=f"{uid}:delete", weak=False)
    for name in ("need_to_know_people", "need_to_know_units"):
        through = model._meta.get_field(name).remote_field.through  # type: ignore[union-attr]
        m2m_changed.connect(_need_to_know_changed, sender=through, dispatch_uid=f"{uid}:{name}", weak=False)


# --- bulk -----------------------------------------------------------------------------------------------


def _batches(queryset: Any, size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for record in queryset.iterator(chunk_size=size):
        batch.append(record)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _through_ids(model: type[models.Model], name: str, ids: list[int]) -> dict[int, list[int]]:
    field = model._meta.get_field(name)
    through = field.remote_field.through  # type: ignore[union-attr]
    own = field.m2m_field_name()  # type: ignore[union-attr]
    other = field.m2m_reverse_field_name()  # type: ignore[union-attr]
    found: dict[int, list[int]] = {}
    for record_id, other_id in through.objects.filter(**{f"{own}__in": ids}).values_list(own, other):
        found.setdefault(record_id, []).append(other_id)
    return found


def index_batch(
    source: SearchSource, records: list[Any], ranks: RankAllocator | None = None, *, fresh: bool = False
) -> int:
    """Create entries for records that have none (the caller made sure), in one round of bulk inserts.

    `fresh`: the index was emptied first (a bulk build), so it can be loaded without checking for rows."""
    type_id = ContentType.objects.get_for_model(source.model).pk
    ranks = ranks or RankAllocator()
    ids = [record.pk for record in records]
    facts = _AccessFacts(source.model, type_id, ids)
    entries = []
    for record in records:
        text = source.to_text(record)
        if text is not None:
            values = _entry_values(source, record, text)
            values["rank"] = ranks.allocate(text.date)
            values["access_keys"] = facts.keys(
                record.pk, values["classification"], values["owner_person_id"], values["owner_unit_id"]
            )
            entries.append(SearchEntry(source_type_id=type_id, source_id=record.pk, **values))
    if not entries:
        return 0
    SearchEntry.objects.bulk_create(entries, batch_size=500)
    if any(entry.pk is None for entry in entries):  # a backend that returns no ids from bulk inserts
        by_source = dict(
            SearchEntry.objects.filter(
                source_type_id=type_id, source_id__in=[e.source_id for e in entries]
            ).values_list("source_id", "pk")
        )
        for entry in entries:
            entry.pk = by_source[entry.source_id]
    PEOPLE.objects.bulk_create(
        PEOPLE(searchentry_id=e.pk, person_id=p) for e in entries for p in facts.people.get(e.source_id, ())
    )
    UNITS.objects.bulk_create(
        UNITS(searchentry_id=e.pk, unit_id=u) for e in entries for u in facts.units.get(e.source_id, ())
    )
    with connection.cursor() as cursor:
        rows = index_rows(_row(e) for e in entries)
        if fresh:
            insert_new(cursor, rows)
        else:
            backend().insert(cursor, rows)
    return len(entries)


@contextmanager
def bulk_build() -> Iterator[None]:
    """Fill an empty index faster: its side structures are built once at the end instead of row by row.

    SQLite: a large page cache while it builds (`core.bulk.bulk_page_cache`); FTS5 buffers 128 MB of new
    terms before writing a segment (so about one segment per commit) and neither merges as it goes
    ('automerge' off, 'crisismerge' high: segments would be merged again and again as they pile up); one
    'optimize' at the end merges them into one segment per table, and the settings return to what they
    were. The entry table's indexes stay and are filled row by row: entries arrive in about rank order, so
    each index grows at a few places that stay in the page cache, while re-creating them at the end reads
    the whole table (bodies and all) once per index: at a million entries 19 s against 11 s of upkeep. All
    of it is ordinary config rows, transactional: run it inside the rebuild's transaction (as `reindex` does), so a failure rolls
    back to the old index whole, or on a scratch database (the bench). PostgreSQL: see
    `_postgres_bulk_build`.
    """
    if connection.vendor == "postgresql":
        with _postgres_bulk_build():
            yield
        return
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM {ENTRY} LIMIT 1)")  # noqa: S608 - constant
        if cursor.fetchone()[0]:
            raise ValueError("bulk_build fills an empty index: clear it first")
        saved = {table: _fts5_settings(cursor, table) for table in (FTS, FTS_TITLE)}
        for table in saved:
            _set_fts5(cursor, table, FTS5_BULK)
    with bulk_page_cache():
        yield
        with connection.cursor() as cursor:
            for table, settings in saved.items():
                _set_fts5(cursor, table, settings)
                cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")  # noqa: S608


# FTS5 settings while bulk building, and FTS5's defaults (what an unset one means when it is restored).
FTS5_BULK = {"automerge": 0, "crisismerge": 64, "hashsize": 128 * 1024 * 1024}
FTS5_DEFAULTS = {"automerge": 4, "crisismerge": 16, "hashsize": 1024 * 1024}


def _fts5_settings(cursor: Any, table: str) -> dict[str, Any]:
    cursor.execute(f"SELECT k, v FROM {table}_config")  # noqa: S608 - constant names
    stored = dict(cursor.fetchall())
    return {key: stored.get(key, default) for key, default in FTS5_DEFAULTS.items()}


def _set_fts5(cursor: Any, table: str, settings: dict[str, Any]) -> None:
    # Through FTS5's own command, not the config table: FTS5 caches its configuration.
    for key, value in settings.items():
        cursor.execute(f"INSERT INTO {table} ({table}, rank) VALUES (%s, %s)", [key, value])  # noqa: S608


@contextmanager
def _postgres_bulk_build() -> Iterator[None]:
    """PostgreSQL: the entry table's and the index table's non-unique indexes (GIN among them) are dropped
    and re-created from their own definitions at the end: building a GIN index once from sorted data is
    many times cheaper than inserting into it row by row. Transactional like the SQLite mode."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {ENTRY})")  # noqa: S608 - constant
        if cursor.fetchone()[0]:
            raise ValueError("bulk_build fills an empty index: clear it first")
        cursor.execute(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid "
            "WHERE t.relname IN (%s, %s) AND t.relkind = 'r' AND NOT i.indisunique AND NOT i.indisprimary "
            "AND t.relnamespace = current_schema()::regnamespace",
            [ENTRY, FTS],
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    with connection.cursor() as cursor:
        # Memory for sorting while the indexes are built (this session only).
        cursor.execute("SET maintenance_work_mem = '256MB'")
        # PostgreSQL builds no index on a table with foreign-key checks still deferred in the transaction:
        # run them now (a bad row fails here, as at commit), then defer again for the rest.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for _, sql in indexes:
            cursor.execute(sql)
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def reindex(kind: str | None = None, *, batch: int = BATCH) -> dict[str, int]:
    """Rebuild the entries of one kind (or of all) from their sources. Returns entries written per kind."""
    chosen = [source_for_kind(kind)] if kind else sources()
    if None in chosen:
        from zhongshu.core.errors import ServiceError

        raise ServiceError(f"没有这一类型：{kind}", code="unknown_kind")
    written: dict[str, int] = {}
    with transaction.atomic():
        if kind is None:
            with connection.cursor() as cursor:
                backend().clear(cursor)
            PEOPLE.objects.all().delete()
            UNITS.objects.all().delete()
            SearchEntry.objects.all().delete()
        # Everything from empty: the bulk mode (one kind is rewritten among the others' entries, row by row).
        # From empty, one allocator hands out every kind's keys without looking any up.
        everything = RankAllocator(empty=True) if kind is None else None
        with bulk_build() if kind is None else nullcontext():
            for source in chosen:
                assert source is not None
                if kind is not None:
                    _remove_kind(source.kind)
                ranks = everything or RankAllocator()
                written[source.kind] = sum(
                    index_batch(source, records, ranks, fresh=kind is None)
                    for records in _batches(source.queryset(), batch)
                )
    return written


def _remove_kind(kind: str) -> None:
    while True:
        entries = list(
            SearchEntry.objects.filter(kind=kind).only(
                "pk", "rank", "title", "body", "access_keys", "terms", "marked"
            )[:BATCH]
        )
        if not entries:
            return
        _remove(entries)


# --- the tick -------------------------------------------------------------------------------------------


def reconcile(*, limit: int = 20_000) -> int:
    """Fix entries that drifted from their sources (updates that skipped signals). Returns rows fixed.

    Per kind: ids indexed but no longer to be indexed are removed; ids to be indexed without an entry are
    added; entries whose mirrored classification, secrecy term or owners differ from the record are
    rewritten. At most `limit` records are fixed per run; the next tick continues. Idempotent.
    """
    fixed = 0
    for source in sources():
        type_id = ContentType.objects.get_for_model(source.model).pk
        entries = SearchEntry.objects.filter(source_type_id=type_id)
        wanted = source.queryset().order_by().values_list("pk", flat=True)
        if entries.count() != wanted.count():
            have = set(entries.values_list("source_id", flat=True))
            want = set(wanted)
            for pk in list(have - want)[:limit]:
                unindex_record(source.model, pk)
                fixed += 1
            fixed += _reindex_ids(source, sorted(want - have)[:limit])
        fixed += _upgrade_format(source, type_id, limit)
        fixed += _fix_drifted(source, type_id, limit)
    return fixed


def _upgrade_format(source: SearchSource, type_id: int, limit: int) -> int:
    """Rewrite entries indexed in an older format (models.ENTRY_FORMAT): after an upgrade, the first ticks
    give every existing record its numbers, names and pinyin, `limit` records a tick."""
    old = SearchEntry.objects.filter(source_type_id=type_id, format__lt=ENTRY_FORMAT)
    return _reindex_ids(source, list(old.order_by("source_id").values_list("source_id", flat=True)[:limit]))


def _reindex_ids(source: SearchSource, ids: list[int]) -> int:
    """Rewrite the entries of these records of `source`, loaded as the source loads them (its queryset's
    related rows come with each record: no query per record for them); an id the queryset no longer
    returns (deleted, or no longer to be indexed) loses its entry. Returns the records rewritten or removed.
    """
    fixed = 0
    for chunk in range(0, len(ids), BATCH):
        wanted = ids[chunk : chunk + BATCH]
        found = set()
        for record in source.queryset().filter(pk__in=wanted):
            found.add(record.pk)
            index_record(record)
            fixed += 1
        for pk in wanted:
            if pk not in found:
                unindex_record(source.model, pk)
                fixed += 1
    return fixed


# Where the drift check of each kind resumes: each tick compares a window of entries, round the table.
_DRIFT_CURSOR: dict[str, int] = {}
DRIFT_WINDOW = 50_000


def _fix_drifted(source: SearchSource, type_id: int, limit: int) -> int:
    """Rewrite entries whose mirrored access fields or access keys no longer match their record: a changed
    classification or owner, or a need-to-know list changed by a write that skipped the signals."""
    fields = ("pk", *MIRRORED)
    fixed = 0
    last = _DRIFT_CURSOR.get(source.kind, 0)
    scanned = 0
    while fixed < limit and scanned < DRIFT_WINDOW:
        rows = list(
            SearchEntry.objects.filter(source_type_id=type_id, source_id__gt=last)
            .order_by("source_id")
            .values_list("source_id", "access_keys", *MIRRORED)[:BATCH]
        )
        if not rows:
            last = 0
            break
        scanned += len(rows)
        last = rows[-1][0]
        ids = [row[0] for row in rows]
        facts = _AccessFacts(source.model, type_id, ids)
        truth = {}
        for pk, *mirrored in source.model._default_manager.filter(pk__in=ids).values_list(*fields):
            truth[pk] = (facts.keys(pk, mirrored[0], mirrored[2], mirrored[3]), *mirrored)
        fixed += _reindex_ids(source, [row[0] for row in rows if truth.get(row[0]) != row[1:]])
    _DRIFT_CURSOR[source.kind] = last
    return fixed
