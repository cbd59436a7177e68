"""`zhongshu bench secrecy` runs small (the real run is 200,000 carriers with 2,000,000 events and 200,000
decisions): it builds its data, times the carriers part's custodian lookup (each answer checked against the
carrier's snapshot), the inventory part's comparison of one unit's carriers with a found list, and the
classification part's yearly review queue, and prints the keys the issue names."""

from __future__ import annotations

import argparse

import pytest

from zhongshu.core.bench import bench_parser, get_bench
from zhongshu.secrecy.bench import TARGETS, measure
from zhongshu.secrecy.models import Carrier, CarrierEvent, ClassificationDecision

KEYS = ("carriers", "events", "custodian_ms_p50", "inventory_10k_s", "review_queue_s")


@pytest.mark.django_db(transaction=True)
def test_the_bench_measures_every_figure_the_issue_names_on_a_small_ledger() -> None:
    options = argparse.Namespace(carriers=2000, decisions=2000, runs=30, seed=7)
    figures = measure(options)
    for key in KEYS:
        assert key in figures, key
    assert figures["carriers"] == 2000 == Carrier.objects.count()
    # Ten events a carrier on average, as at full size (2,000,000 for 200,000).
    assert 19_000 <= figures["events"] == CarrierEvent.objects.count() <= 21_000
    assert figures["decisions"] == ClassificationDecision.objects.count() >= 2000
    # Every figure was measured: a null would mean a part's function is missing or failed (see the notes).
    for key in TARGETS:
        assert isinstance(figures[key], float), (key, figures["notes"])
    # Each custodian read from the events is the carrier's snapshot; the count found the fifty left out.
    assert figures["custodian_answers_wrong"] == 0, figures["notes"]
    assert figures["inventory_missing"] == 50, figures["notes"]
    # About half the governing decisions are still in force (terms of one year to the legal maximum).
    assert 0 < figures["review_queue_lines"] < 2000
    assert figures["notes"] == []


def test_the_bench_is_registered_with_its_options() -> None:
    bench = get_bench("secrecy")
    assert bench is not None
    options = bench_parser(bench).parse_args(["--json", "--carriers", "10"])
    assert (options.json, options.carriers, options.decisions, options.runs) == (True, 10, 200_000, 200)
