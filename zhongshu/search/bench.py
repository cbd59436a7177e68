"""`zhongshu bench search --docs N`: index N generated documents and time 2-term queries against LIKE.

The documents go into a scratch database beside the developer's (SQLite `bench-search.sqlite3` in the var
folder, PostgreSQL `bench_search_<name>`), dropped at the end. Their text is drawn from the sentences of the
.txt documents in `--corpus DIR` (default `$ZHONGSHU_CORPUS_DIR`; the README's figures were taken with the
five sample documents of shared/corpus), or, when no folder is given, from the office sentences the project
wrote for the proofreader (`text_source` says which): titles of 12–28 characters, bodies of log-normal
length (median 600, mean about 680 characters). A worker process generates and tokenises batches while
this one writes them through the same `backends` insert the app uses; `index_docs_per_s` is the whole
pipeline's rate (generation included, so it is a lower bound). One worker keeps ahead of the writer (about
80 µs a document against 150): a second only takes CPU from it on a two-core machine (6,143 against 5,568
documents a second at 200,000 here). The queries run on a new connection, not the build's.

Queries are pairs of words from the corpus vocabulary, half among the 40 most frequent, half from the rest.
`query_ms_*` times the search over every entry (no access filter), `filtered_query_ms_p95` the same for a
viewer (一般 clearance) who may see a tenth: 90% of entries are 秘密 held by other units. Each timing is a
whole answer: the capped count, the first page of both tiers and the page's snippets. A count is exact unless
a phrase's text had to be verified (a word of three or more characters): `counts_about` and `counts_at_least`
say how many of the queries got "约" and "至少" counts (see `selectors._verified_count`). The LIKE baseline
scans the text for both words on a few of the same queries. The peer tantivy (`bench_peer`) then indexes the
same documents' tokens and answers the same queries, and `tantivy_to_index_docs_ratio` compares the rates
(`--no-peer` skips it).
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import os
import random
import re
import statistics
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from zhongshu.search.bench_peer import measure_tantivy

BATCH = 5000
COMMIT_BATCHES = 10  # 50,000 documents per transaction
WORKER_NICENESS = 5
VISIBLE_SHARE = 0.1
BUILT_IN = "built-in office sentences"
ENTRY_COLUMNS = (
    "id, classification, secrecy_term_years, owner_person_id, owner_unit_id, source_type_id, source_id, kind, "
    "rank, reference, url, date, year, unit_id, updated_at, access_keys, terms, marked, format, title, body"
)


def _corpus_folder(value: str) -> str:
    """A folder holding .txt documents, or "" for the built-in sentences."""
    if value and not any(Path(value).glob("*.txt")):
        raise argparse.ArgumentTypeError(f"no .txt documents in {value!r}")
    return value


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--corpus",
        metavar="DIR",
        type=_corpus_folder,
        default=os.environ.get("ZHONGSHU_CORPUS_DIR", ""),  # argparse checks a string default with `type`
        help="folder of .txt documents whose sentences make the text (default $ZHONGSHU_CORPUS_DIR; "
        "unset: the project's own office sentences)",
    )
    parser.add_argument("--docs", type=int, default=100_000, help="documents to index (default 100000)")
    parser.add_argument("--queries", type=int, default=200, help="2-term queries to time (default 200)")
    parser.add_argument("--baseline-queries", type=int, default=10, help="of those, run through LIKE too")
    parser.add_argument("--workers", type=int, default=1, help="processes generating and tokenising")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--no-peer", dest="peer", action="store_false", help="skip the tantivy peer (see search.bench_peer)"
    )


def sentences(corpus: str = "") -> list[str]:
    """The sentences of the documents in `corpus`, or of the proofreader's office sentences when it is ""."""
    from zhongshu.proofreader.resources import DATA_DIR

    paths = sorted(Path(corpus).glob("*.txt")) if corpus else [DATA_DIR / "office_sentences.txt"]
    found = []
    for path in paths:
        for sentence in re.findall(r"[^。！？\n]+[。！？]", path.read_text(encoding="utf-8")):
            sentence = sentence.strip()
            if 8 <= len(sentence) <= 200 and "##" not in sentence:
                found.append(sentence)
    if not found:
        raise ValueError(f"no sentences of 8 to 200 characters in {corpus or paths[0]}")
    return found


def _document(rng: random.Random, pool: list[str]) -> tuple[str, str]:
    title = rng.choice(pool).strip("。！？，")[: rng.randint(12, 28)]
    target = int(rng.lognormvariate(math.log(600), 0.5))
    parts, size = [], 0
    while size < target:
        sentence = rng.choice(pool)
        parts.append(sentence)
        size += len(sentence)
    return title, "".join(parts)


def _document_remit() -> Any:
    from zhongshu.access.policy import work_secret_remit
    from zhongshu.search.registry import source_for_kind

    source = source_for_kind("document")
    return work_secret_remit(source.model) if source is not None else frozenset()


def _make_batch(
    job: tuple[int, int, int, int, int, int, list[int], list[str]],
) -> tuple[list[Any], list[Any], int]:
    """Worker: generate and tokenise documents [start, stop); entry rows, index rows, raw bytes."""
    from zhongshu.search.backends import index_rows
    from zhongshu.search.indexing import entry_keys, index_terms
    from zhongshu.search.models import ENTRY_FORMAT
    from zhongshu.search.registry import SearchText

    start, stop, total, seed, type_id, viewer_unit, other_units, pool = job
    # The keys a document of each level carries, with the documents' office-wide 工作秘密 remit (issue 14).
    remit = _document_remit()
    rng = random.Random(seed * 1_000_003 + start)
    today = date(2026, 6, 30)
    entries, texts, raw = [], [], 0
    for pk in range(start, stop):
        title, body = _document(rng, pool)
        raw += len(title.encode()) + len(body.encode())
        # Records arrive over ten years in about the order they were made (a few days' jitter), as a
        # rebuild reads them in id order.
        day = today - timedelta(days=max(0, int(3650 * (1 - pk / total)) + rng.randint(-3, 3)))
        visible = rng.random() < VISIBLE_SHARE
        rank = 0  # allocated by the writer, which sees every batch
        unit = viewer_unit if visible else rng.choice(other_units)
        classification = 1 if visible else 2
        keys = entry_keys(
            classification, None, unit, [], [], None, remit
        )  # no grant names a generated record
        # What indexing.index_terms gives every entry: its number as a term, the number's canonical
        # token and the title's pinyin.
        reference = f"基准发〔{day.year}〕{pk}号"
        terms, marked = index_terms(SearchText(title=title, body="", url="", reference=reference))
        entries.append(
            (
                pk,
                classification,
                None if visible else 10,
                None,
                unit,
                type_id,
                pk,
                "document",
                rank,
                reference,
                f"/documents/{pk}/",
                day,
                day.year,
                unit,
                "2026-06-30 00:00:00",
                keys,
                terms,
                marked,
                ENTRY_FORMAT,
                title,
                body,
            )
        )
        texts.append((rank, title, body, keys, terms, marked))
    return entries, index_rows(texts), raw


@contextmanager
def scratch_database() -> Iterator[str]:
    from django.conf import settings
    from django.db import connection

    settings_dict = connection.settings_dict
    old_name, old_test = settings_dict["NAME"], dict(settings_dict.get("TEST") or {})
    sqlite = connection.vendor == "sqlite"
    # Per process on SQLite, per database on PostgreSQL: a test's tiny run never clobbers a long one.
    name = (
        str(settings.VAR_DIR / f"bench-search-{os.getpid()}.sqlite3")
        if sqlite
        else f"bench_search_{old_name}"[:63]
    )
    settings_dict["TEST"] = {**old_test, "NAME": name}
    connection.close()
    created = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    if sqlite:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
    try:
        yield created
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)
        if sqlite:
            for suffix in ("-wal", "-shm"):
                Path(created + suffix).unlink(missing_ok=True)
        settings_dict["TEST"] = old_test


def _insert_entries(cursor: Any, rows: list[Any]) -> None:
    if cursor.db.vendor == "sqlite":
        marks = ", ".join(["%s"] * len(rows[0]))
        cursor.executemany(f"INSERT INTO search_searchentry ({ENTRY_COLUMNS}) VALUES ({marks})", rows)  # noqa: S608
        return
    with cursor.cursor.copy(f"COPY search_searchentry ({ENTRY_COLUMNS}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _population() -> tuple[Any, int, list[int], int]:
    from django.contrib.contenttypes.models import ContentType

    from zhongshu.accounts.models import User
    from zhongshu.base.levels import Clearance
    from zhongshu.org.models import Person, Unit, UnitKind
    from zhongshu.search.registry import source_for_kind

    # The generated entries pass for documents: the module registered as kind "document" (search sits below it).
    documents = source_for_kind("document")
    if documents is None:
        raise RuntimeError("search bench: no search source of kind 'document' is registered")
    units = Unit.objects.bulk_create(
        Unit(name=f"基准单位{i:03d}", code=f"SBENCH{i:03d}", kind=UnitKind.BUREAU) for i in range(50)
    )
    user = User.objects.create(username="bench_search_viewer", password="!")
    Person.objects.create(user=user, name="基准检索人", unit=units[0], clearance=Clearance.ORDINARY)
    type_id = ContentType.objects.get_for_model(documents.model).pk
    return user, units[0].pk, [u.pk for u in units[1:]], type_id


def _index(n: int, options: argparse.Namespace, pool: list[str]) -> tuple[dict[str, float], list[Any]]:
    """Build the index of `n` documents; its timings, and the jobs that made them (the peer indexes those)."""
    from django.db import connection, transaction

    from zhongshu.search.indexing import bulk_build
    from zhongshu.search.models import RankAllocator

    ranks = RankAllocator(empty=True)
    user, viewer_unit, others, type_id = _population()
    jobs = [
        (start, min(n + 1, start + BATCH), n, options.seed, type_id, viewer_unit, others, pool)
        for start in range(1, n + 1, BATCH)
    ]
    raw = 0
    write_s = 0.0
    started = time.perf_counter()
    context = multiprocessing.get_context("fork")
    # The single writer is the pipeline's narrowest stage: on a busy machine the workers yield the CPU to it
    # (a lower priority: they still use whatever it leaves).
    with (
        context.Pool(options.workers, initializer=os.nice, initargs=(WORKER_NICENESS,)) as workers,
        connection.cursor() as cursor,
    ):
        results = workers.imap(_make_batch, jobs)
        # The build ends with a searchable, optimized index: the final merge of the full-text segments
        # happens inside the timing.
        with bulk_build():
            batches = iter(results)
            more = True
            while more:
                # A transaction per group of batches, as a rebuild could commit as it goes: each commit
                # writes a full-text segment, so fewer commits leave fewer segments to merge. Each batch is
                # written as it arrives, while the workers make the next.
                with transaction.atomic():
                    for _ in range(COMMIT_BATCHES):
                        batch = next(batches, None)
                        if batch is None:
                            more = False
                            break
                        begin = time.perf_counter()
                        raw += _write_batch(cursor, ranks, *batch)
                        write_s += time.perf_counter() - begin
                    begin = time.perf_counter()
                write_s += time.perf_counter() - begin  # the commit
            finish = time.perf_counter()
        finish_s = time.perf_counter() - finish
    total_s = time.perf_counter() - started
    timings = {"index_s": total_s, "write_s": write_s + finish_s, "finish_s": finish_s, "raw_mb": raw / 1e6}
    return timings, jobs


def _write_batch(cursor: Any, ranks: Any, entries: list[Any], rows: list[Any], size: int) -> int:
    """Write one batch's entries and index rows under rank keys allocated here (the writer sees every batch)."""
    from zhongshu.search.backends import insert_new

    keys = [ranks.allocate(entry[11]) for entry in entries]
    entries = [(*e[:8], key, *e[9:]) for e, key in zip(entries, keys, strict=True)]
    rows = [(key, *row[1:]) for row, key in zip(rows, keys, strict=True)]
    _insert_entries(cursor, entries)
    insert_new(cursor, rows)
    return size


def _tokenise_rate(pool: list[str]) -> tuple[float, float]:
    """Single-process tokenising speed on generated documents: MB/s and mean characters per document."""
    from zhongshu.search.tokens import tokenize

    rng = random.Random(7)
    docs = [_document(rng, pool) for _ in range(2000)]
    size = sum(len(t.encode()) + len(b.encode()) for t, b in docs)
    begin = time.perf_counter()
    for title, body in docs:
        tokenize(title)
        tokenize(body)
    spent = time.perf_counter() - begin
    return size / spent / 1e6, sum(len(t) + len(b) for t, b in docs) / len(docs)


def _vocabulary(pool: list[str]) -> list[str]:
    from zhongshu.proofreader.resources import jieba_segmenter

    counts = Counter(
        word
        for sentence in pool
        for word in jieba_segmenter().lcut(sentence, HMM=False)
        if len(word) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", word)
    )
    return [word for word, _ in counts.most_common()]


def _queries(vocabulary: list[str], count: int, rng: random.Random) -> list[str]:
    common, rare = vocabulary[:40], vocabulary[40:] or vocabulary
    queries = []
    for i in range(count):
        words = rng.sample(common, 2) if i % 2 == 0 else [rng.choice(common), rng.choice(rare)]
        queries.append(" ".join(words))
    return queries


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _time(run: Any, items: list[Any]) -> list[float]:
    spent = []
    for item in items:
        begin = time.perf_counter()
        run(item)
        spent.append((time.perf_counter() - begin) * 1000)
    return spent


def _index_bytes() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search_fts%'")
        else:
            cursor.execute("SELECT pg_total_relation_size('search_fts')")
        return int(cursor.fetchone()[0] or 0)


def _short_query_failures(vocabulary: list[str], pool: list[str], rng: random.Random) -> tuple[int, int]:
    """One- and two-character queries for text that occurs: how many came back wrongly empty."""
    from zhongshu.search.models import SearchEntry
    from zhongshu.search.query import parse
    from zhongshu.search.selectors import search_entries

    sample = list(SearchEntry.objects.order_by("?").values_list("body", flat=True)[:20])
    probes = set()
    for body in sample:
        runs = re.findall(r"[\u4e00-\u9fff]+", body)
        for _ in range(3):
            run = rng.choice(runs)
            at = rng.randrange(len(run))
            probes.add(run[at])
            if at + 1 < len(run):
                probes.add(run[at : at + 2])
        probes.add(runs[-1][-1])  # a run's last character: found through its unigram
    probes |= {word for word in vocabulary if len(word) == 2}
    wrong = sum(search_entries(SearchEntry.objects.all(), parse(p, segment=False)).count == 0 for p in probes)
    return wrong, len(probes)


def measure(options: argparse.Namespace) -> dict[str, int | float | str]:
    from django.db import connection

    from zhongshu.accounts.models import User
    from zhongshu.search.models import SearchEntry
    from zhongshu.search.query import parse
    from zhongshu.search.selectors import search, search_entries

    rng = random.Random(options.seed)
    pool = sentences(options.corpus)
    tokenise_mb_s, mean_chars = _tokenise_rate(pool)
    indexed, jobs = _index(options.docs, options, pool)
    # The queries run on a new connection, as a request's would, not on the one that did the bulk writing.
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE")
    vocabulary = _vocabulary(pool)
    queries = _queries(vocabulary, options.queries, rng)
    everything = SearchEntry.objects.all()
    viewer = User.objects.get(username="bench_search_viewer")
    search_entries(everything, parse(queries[0]))  # warm the caches once
    kinds: Counter[str] = Counter()
    plain = _time(lambda q: kinds.update([search_entries(everything, parse(q)).count_is]), queries)
    filtered = _time(lambda q: search(viewer, q), queries)

    def like(q: str) -> None:
        words = q.split()
        rows = SearchEntry.objects.filter(body__contains=words[0]).filter(body__contains=words[1])
        rows.values("pk")[:1001].count()
        list(rows.order_by("-date", "-id").values_list("pk", "title")[:20])

    baseline = _time(like, queries[: options.baseline_queries])
    wrong, probes = _short_query_failures(vocabulary, pool, rng)
    index_mb = _index_bytes() / 1e6
    docs = SearchEntry.objects.count()
    p50 = statistics.median(plain)
    baseline_p50 = statistics.median(baseline)
    index_docs_per_s = round(docs / indexed["index_s"])
    peer = measure_tantivy(jobs, queries) if options.peer else {"tantivy_available": False}
    if peer.get("tantivy_index_docs_per_s"):
        peer["tantivy_to_index_docs_ratio"] = round(peer["tantivy_index_docs_per_s"] / index_docs_per_s, 2)
    return {
        "database": connection.vendor,
        "text_source": options.corpus or BUILT_IN,
        "docs": docs,
        "mean_chars_per_doc": round(mean_chars, 1),
        "raw_mb": round(indexed["raw_mb"], 1),
        "index_mb": round(index_mb, 3),
        "index_to_raw": round(index_mb / indexed["raw_mb"], 3),
        "index_docs_per_s": index_docs_per_s,
        "write_docs_per_s": round(docs / indexed["write_s"]),
        "index_finish_s": round(indexed["finish_s"], 1),
        "tokenise_mb_per_s": round(tokenise_mb_s, 1),
        "query_ms_p50": round(p50, 2),
        "query_ms_p95": round(_percentile(plain, 0.95), 2),
        "filtered_query_ms_p50": round(statistics.median(filtered), 2),
        "filtered_query_ms_p95": round(_percentile(filtered, 0.95), 2),
        "baseline_query_ms_p50": round(baseline_p50, 1),
        "baseline_to_index_ratio": round(baseline_p50 / p50, 1) if p50 else 0,
        "counts_about": kinds["about"],
        "counts_at_least": kinds["at_least"],
        "short_query_probes": probes,
        "short_query_wrong_empty": wrong,
        **peer,
    }


def run(options: argparse.Namespace) -> dict[str, int | float | str]:
    from django.conf import settings

    # As in production: a development DEBUG would record every query and time that too.
    debug, settings.DEBUG = settings.DEBUG, False
    try:
        with scratch_database():
            return measure(options)
    finally:
        settings.DEBUG = debug


def register() -> None:
    from zhongshu.core.bench import register_bench

    register_bench("search", run, _arguments, description=__doc__.splitlines()[0] if __doc__ else "")
