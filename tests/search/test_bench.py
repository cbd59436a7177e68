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
        argparse.Namespace(docs=300, queries=6, baseline_queries=2, workers=1, seed=1, json=True)
    )
    assert set(figures) >= KEYS
    assert figures["docs"] == 300
    assert figures["short_query_wrong_empty"] == 0
    assert figures["index_mb"] > 0 and figures["raw_mb"] > 0
    assert 0 <= figures["counts_about"] + figures["counts_at_least"] <= 6
