import argparse

import pytest

from zhongshu.core.bench import get_bench

KEYS = {
    "docs",
    "index_docs_per_s",
    "query_ms_p50",
    "query_ms_p95",
    "baseline_query_ms_p50",
    "filtered_query_ms_p95",
    "index_mb",
    "raw_mb",
    "short_query_wrong_empty",
    "mean_chars_per_doc",
    "counts_about",
    "counts_at_least",
}


@pytest.mark.django_db(transaction=True)
def test_bench_runs_at_a_tiny_size_and_prints_its_figures():
    bench = get_bench("search")
    assert bench is not None
    figures = bench.run(
        argparse.Namespace(docs=300, queries=6, baseline_queries=2, workers=1, seed=1, json=True, peer=True)
    )
    assert set(figures) >= KEYS
    # The peer indexed the same 300 documents and answered the same queries, side by side.
    assert figures["tantivy_available"] is True and figures["tantivy_docs"] == 300
    assert figures["tantivy_index_docs_per_s"] > 0 and figures["tantivy_index_mb"] > 0
    assert figures["tantivy_query_ms_p50"] > 0
    assert figures["tantivy_to_index_docs_ratio"] == round(
        figures["tantivy_index_docs_per_s"] / figures["index_docs_per_s"], 2
    )
    assert figures["docs"] == 300
    assert figures["short_query_wrong_empty"] == 0
    assert figures["index_mb"] > 0 and figures["raw_mb"] > 0
    assert 0 <= figures["counts_about"] + figures["counts_at_least"] <= 6


@pytest.mark.django_db(transaction=True)
def test_the_peer_can_be_left_out():
    figures = get_bench("search").run(
        argparse.Namespace(docs=50, queries=2, baseline_queries=1, workers=1, seed=1, json=True, peer=False)
    )
    assert figures["tantivy_available"] is False
    assert not [key for key in figures if key.startswith("tantivy_") and key != "tantivy_available"]
