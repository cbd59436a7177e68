"""`zhongshu bench information` runs small (the real run is 200,000 items from 5,000 units): it builds its data,
times the screening part's near-duplicate check, the scoring part's yearly ranking and the reporting part's
compliance view, and prints the keys the issue names."""

from __future__ import annotations

import argparse

import pytest

from zhongshu.core.bench import bench_parser, get_bench
from zhongshu.core.bench_data import with_targets
from zhongshu.information.bench import TARGETS, measure

KEYS = ("items", "units", "duplicate_check_ms_p50", "ranking_year_s", "compliance_ms_p50")


@pytest.mark.django_db(transaction=True)
def test_the_bench_measures_every_figure_the_issue_names_on_a_small_county() -> None:
    options = argparse.Namespace(units=40, items=1200, years=2, runs=4, seed=7)
    figures = measure(options)
    for key in KEYS:
        assert key in figures, key
    assert figures["items"] == 1200 and figures["units"] == 40
    assert figures["fingerprints"] > 1200 * 10
    # Every figure was measured: a null would mean a part's function is missing or failed (see the notes).
    for key in TARGETS:
        assert isinstance(figures[key], float), (key, figures["notes"])
    # The check found the near-duplicate it was given each time (60 % of a recent item's text).
    assert figures["duplicate_checks_flagged"] == 4, figures["notes"]
    assert figures["ranked_units"] >= 40
    assert figures["checklist_filings"] > 40 * 10


def test_the_plain_output_puts_each_target_beside_its_figure() -> None:
    out = with_targets({"items": 5, "ranking_year_s": 1.5, "compliance_ms_p50": 3.0, "notes": []}, TARGETS)
    assert out["ranking_year_s"] == "1.5 (target ≤ 1 s: MISSED)"
    assert out["compliance_ms_p50"] == "3.0 (target ≤ 30 ms: met)"


def test_the_bench_is_registered_with_its_options() -> None:
    bench = get_bench("information")
    assert bench is not None
    options = bench_parser(bench).parse_args(["--json", "--units", "10", "--items", "100"])
    assert (options.json, options.units, options.items, options.years) == (True, 10, 100, 5)
