import argparse

import pytest

from tests.materials.conftest import SAMPLES
from zhongshu.core.bench import bench_parser, get_bench
from zhongshu.search.bench import sentences

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
        argparse.Namespace(
            docs=300, queries=6, baseline_queries=2, workers=1, seed=1, json=True, peer=True, corpus=""
        )
    )
    assert set(figures) >= KEYS
    # The peer indexed the same 300 documents and answered the same queries, side by side.
    assert figures["tantivy_available"] is True and figures["tantivy_docs"] == 300
    assert figures["tantivy_index_docs_per_s"] > 0 and figures["tantivy_index_mb"] > 0
    assert figures["tantivy_query_ms_p50"] > 0
    assert figures["tantivy_to_index_docs_ratio"] == round(
        figures["tantivy_index_docs_per_s"] / figures["index_docs_per_s"], 2
    )
    assert figures["docs"] == 300 and figures["text_source"] == "built-in office sentences"
    assert figures["short_query_wrong_empty"] == 0
    assert figures["index_mb"] > 0 and figures["raw_mb"] > 0
    assert 0 <= figures["counts_about"] + figures["counts_at_least"] <= 6


@pytest.mark.django_db(transaction=True)
def test_the_peer_can_be_left_out():
    figures = get_bench("search").run(
        argparse.Namespace(
            docs=50,
            queries=2,
            baseline_queries=1,
            workers=1,
            seed=1,
            json=True,
            peer=False,
            corpus=str(SAMPLES),
        )
    )
    assert figures["tantivy_available"] is False
    assert figures["text_source"] == str(SAMPLES) and figures["docs"] == 50
    assert not [key for key in figures if key.startswith("tantivy_") and key != "tantivy_available"]


def test_the_text_comes_from_the_folder_given_or_from_the_project_itself(tmp_path, monkeypatch):
    monkeypatch.delenv("ZHONGSHU_CORPUS_DIR", raising=False)
    parser = bench_parser(get_bench("search"))
    assert parser.parse_args([]).corpus == ""
    assert parser.parse_args(["--corpus", str(SAMPLES)]).corpus == str(SAMPLES)
    # The samples' sentences, not the built-in ones: their advertisements' markers are left out.
    pool = sentences(str(SAMPLES))
    assert "不同的是岗位，相同的是责任。" in pool and not any("##" in sentence for sentence in pool)
    assert len(sentences("")) >= 50
    with pytest.raises(SystemExit) as refused:
        parser.parse_args(["--corpus", str(tmp_path)])
    assert refused.value.code == 2
    # The environment variable is the default, checked the same way.
    monkeypatch.setenv("ZHONGSHU_CORPUS_DIR", str(SAMPLES))
    assert bench_parser(get_bench("search")).parse_args([]).corpus == str(SAMPLES)
    monkeypatch.setenv("ZHONGSHU_CORPUS_DIR", str(tmp_path))
    with pytest.raises(SystemExit):
        bench_parser(get_bench("search")).parse_args([])
