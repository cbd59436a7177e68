"""The meetings bench at a tiny size: the data comes out as asked and every figure the issue names is there."""

import argparse
import json

from zhongshu.core.bench import bench_parser, get_bench
from zhongshu.meetings.bench import measure
from zhongshu.meetings.models import Attendee, Engagement, Meeting
from zhongshu.org.models import Person

KEYS = ("meetings", "engagements", "conflict_check_ms_p50", "week_schedule_ms_p50", "ics_feed_ms_p50")


def test_a_tiny_run_generates_the_data_and_prints_every_figure(db):
    options = argparse.Namespace(meetings=400, engagements=600, leaders=12, people=40, checks=20, seed=5)
    figures = measure(options)
    for key in KEYS:
        assert key in figures, key
    assert (figures["meetings"], figures["engagements"]) == (400, 600)
    assert Meeting.objects.count() == 400 and Engagement.objects.count() == 600
    assert Person.objects.filter(is_leader=True).count() == 12
    # Every meeting has its chair among the leaders and 6 to 14 invited people.
    assert not Meeting.objects.filter(chair__is_leader=False).exists()
    counts = {
        Attendee.objects.filter(meeting_id=pk).count()
        for pk in Meeting.objects.values_list("pk", flat=True)[:50]
    }
    assert min(counts) >= 6 and max(counts) <= 14
    for key in ("conflict_check_ms_p50", "week_schedule_ms_p50", "ics_feed_ms_p50"):
        assert isinstance(figures[key], float) and figures[key] > 0, key
    assert figures["conflicts_per_check"] > 0  # the data is dense enough that new meetings clash
    assert set(json.loads(json.dumps(figures))) >= set(KEYS)  # what --json prints


def test_the_bench_is_registered_with_its_options():
    bench = get_bench("meetings")
    assert bench is not None
    options = bench_parser(bench).parse_args(["--json", "--meetings=200", "--engagements=300", "--checks=5"])
    assert (options.json, options.meetings, options.engagements, options.leaders, options.people) == (
        True,
        200,
        300,
        200,
        2000,
    )
