"""The search bench's peer: tantivy, an in-process engine with parallel index writers, on the same documents.

`zhongshu bench search` indexes the same generated documents with the same tokens (`tokens.index_text`,
split on spaces by tantivy's whitespace tokenizer, document-only postings) into a scratch tantivy index, the
tokens made by one worker process as for the FTS5 build (by the same function), and times the same 2-term queries. It answers
less than our search does: the count and the newest 20 ids only (no title tier, no phrase check against
the text, no snippets, no access filter). It is a measure of what indexing could reach with another engine
(docs/architecture.md, "Indexing speed"), not a drop-in backend. `make install` installs it (dev extra);
without it the bench says so and reports no peer figures.
"""

from __future__ import annotations

import importlib.util
import multiprocessing
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

WRITER_THREADS = 2
WRITER_HEAP = 400_000_000  # bytes, shared by the threads (tantivy's minimum is 15 MB a thread)
TOP = 20


def _peer_batch(job: tuple[Any, ...]) -> list[tuple[int, str]]:
    """Worker: one job of the main build, made the same way (same documents, same tokens, access keys and
    all); only the index tokens travel back."""
    from zhongshu.search.bench import _make_batch

    entries, rows, _ = _make_batch(job)  # type: ignore[arg-type]
    return [(entry[0], row[2]) for entry, row in zip(entries, rows, strict=True)]


def measure_tantivy(jobs: list[tuple[Any, ...]], queries: list[str]) -> dict[str, Any]:
    """Index the main build's `jobs` and time `queries`; {"tantivy_available": False} when not installed."""
    if importlib.util.find_spec("tantivy") is None:
        return {"tantivy_available": False}
    import tantivy

    from zhongshu.search.query import parse

    folder = Path(tempfile.mkdtemp(prefix="bench-tantivy-"))
    try:
        schema_builder = tantivy.SchemaBuilder()
        schema_builder.add_text_field("body", stored=False, tokenizer_name="words", index_option="basic")
        schema_builder.add_unsigned_field("rank", stored=False, indexed=True, fast=True)
        schema = schema_builder.build()
        index = tantivy.Index(schema, path=str(folder))
        index.register_tokenizer("words", tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build())
        started = time.perf_counter()
        writer = index.writer(heap_size=WRITER_HEAP, num_threads=WRITER_THREADS)
        with multiprocessing.get_context("fork").Pool(1) as workers:
            for rows in workers.imap(_peer_batch, jobs):
                for pk, tokens in rows:
                    document = tantivy.Document(body=tokens)
                    document.add_unsigned("rank", pk)
                    writer.add_document(document)
        writer.commit()
        writer.wait_merging_threads()
        index_s = time.perf_counter() - started
        index.reload()
        searcher = index.searcher()

        def answer(text: str) -> None:
            must = [
                (tantivy.Occur.Must, tantivy.Query.term_query(schema, "body", token.text))
                for term in parse(text).positive
                for token in term.tokens
            ]
            searcher.search(
                tantivy.Query.boolean_query(must),
                TOP,
                count=True,
                order_by_field="rank",
                order=tantivy.Order.Desc,
            )

        answer(queries[0])  # warm once, as for ours
        spent = []
        for text in queries:
            begin = time.perf_counter()
            answer(text)
            spent.append((time.perf_counter() - begin) * 1000)
        size = sum(entry.stat().st_size for entry in folder.iterdir() if entry.is_file())
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "tantivy_available": True,
        "tantivy_docs": searcher.num_docs,
        "tantivy_index_docs_per_s": round(searcher.num_docs / index_s),
        "tantivy_index_mb": round(size / 1e6, 3),
        "tantivy_query_ms_p50": round(statistics.median(spent), 2),
        "tantivy_writer_threads": WRITER_THREADS,
        "tantivy_cpu_count": os.cpu_count() or 0,
    }
