"""The duty bench at a tiny size: the data comes out as asked, every key the issue names is printed, and the
figures of the parts that have landed are numbers."""

import argparse
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from zhongshu.core.bench import bench_parser, get_bench
from zhongshu.core.bench_data import with_targets
from zhongshu.duty.bench import TARGETS, measure
from zhongshu.duty.models import Absence, DutyPoint, DutyRoster, DutyShift, Incident, IncidentReport
from zhongshu.org.models import Person, Unit

KEYS = ("units", "roster_year_s", "on_duty_now_ms_p50", "away_board_ms_p50", "incident_tick_s")


def _options(**given: int) -> argparse.Namespace:
    values = {
        "units": 30,
        "incidents": 60,
        "roster_units": 4,
        "history_units": 3,
        "years": 2,
        "recent_days": 5,
        "runs": 3,
        "seed": 7,
    }
    return argparse.Namespace(**{**values, **given})


def test_a_tiny_run_builds_the_data_and_gives_every_figure(db):
    figures = measure(_options())
    for key in KEYS:
        assert key in figures, key
    assert figures["units"] == 30 == Unit.objects.filter(code__startswith="DBENCH").count()
    assert DutyPoint.objects.filter(unit__code__startswith="DBENCH").count() == 30
    # Two leaders (head rank 1, deputy rank 2) and two officers per unit, besides the viewer.
    assert Person.objects.filter(unit__code__startswith="DBENCH", is_leader=True, leader_rank=1).count() == 30
    assert Person.objects.filter(unit__code__startswith="DBENCH", is_leader=False).count() == 30 * 2 + 2
    # Shifts: two roles a day; the first three units two years back, the others five days either side of
    # today; the four roster units only what the rosters part's generation wrote for this year.
    today = timezone.localdate()
    history_unit = Unit.objects.get(code="DBENCH00000")
    recent_unit = Unit.objects.get(code="DBENCH00010")
    assert DutyShift.objects.filter(unit=history_unit).earliest("day").day == today - timedelta(days=730)
    assert DutyShift.objects.filter(unit=recent_unit).count() == 11 * 2
    assert DutyShift.objects.filter(unit=recent_unit, day=today).values("role").distinct().count() == 2
    assert figures["shifts_built"] == (3 * (730 + 6) + 23 * 11) * 2
    assert Absence.objects.count() == figures["absences"] == 30 * 2 * 12
    assert Incident.objects.filter(state="open").count() == figures["open_incidents"] == 60
    assert IncidentReport.objects.filter(kind="first").count() == 20 * 2  # every third has phone and written
    assert isinstance(figures["units"], int)
    for key in ("roster_year_s", "on_duty_now_ms_p50", "away_board_ms_p50", "incident_tick_s"):
        value = figures[key]
        assert value is None or (isinstance(value, float) and value >= 0), (key, value)
        if value is None:  # a part not landed says so in the notes
            assert any(note.startswith(key) for note in figures["notes"]), key
    assert set(json.loads(json.dumps(figures, ensure_ascii=False))) >= set(KEYS)  # what --json prints


def test_the_landed_parts_are_timed_through_their_own_functions(db):
    figures = measure(_options(units=12, incidents=30, roster_units=2, history_units=2, years=1))
    # The rosters part wrote a year's draft roster for each roster unit, every day covered in both roles.
    if figures["roster_year_s"] is not None:
        year = timezone.localdate().year
        generated = DutyRoster.objects.filter(unit__code__in=["DBENCH00010", "DBENCH00011"], state="draft")
        assert generated.count() == 2
        days = 366 if year % 4 == 0 else 365
        for roster in generated:
            assert DutyShift.objects.filter(roster=roster).values("day").distinct().count() == days
    # The board and who-is-on-duty ran over the built data; the tick worked out the clocks.
    if figures["incident_tick_s"] is not None:
        assert figures["clocks_due_or_late"] > 0
        assert isinstance(figures["incidents_due_s"], float)


def test_the_plain_output_puts_each_target_beside_its_figure():
    figures = {"units": 5000, "roster_year_s": 1.25, "on_duty_now_ms_p50": 42.0, "away_board_ms_p50": None}
    figures |= {"incident_tick_s": 0.5, "notes": ["away_board_ms_p50: null — not there"]}
    out = with_targets(figures, TARGETS)
    assert out["units"] == 5000
    assert out["roster_year_s"] == "1.25 (target ≤ 2 s: met)"
    assert out["on_duty_now_ms_p50"] == "42.0 (target ≤ 30 ms: MISSED)"
    assert out["away_board_ms_p50"].startswith("— (target ≤ 30 ms")
    assert out["incident_tick_s"] == "0.5 (target ≤ 1 s: met)"
    assert "away_board_ms_p50: null" in out["notes"]
    assert set(TARGETS) == set(KEYS) - {"units"}


def test_the_bench_is_registered_with_its_options():
    bench = get_bench("duty")
    assert bench is not None
    options = bench_parser(bench).parse_args(["--json", "--units=200", "--incidents=300"])
    assert (options.json, options.units, options.incidents, options.roster_units, options.history_units) == (
        True,
        200,
        300,
        100,
        100,
    )
    assert (options.years, options.recent_days) == (10, 30)


@pytest.mark.django_db(transaction=True)
def test_the_command_prints_one_json_object_in_a_scratch_database(capsys):
    # The command migrates and drops its own scratch database beside the test one.
    call_command(
        "bench",
        "duty",
        "--json",
        "--units=8",
        "--incidents=10",
        "--roster-units=2",
        "--history-units=1",
        "--years=1",
        "--recent-days=2",
        "--runs=2",
    )
    printed = json.loads(capsys.readouterr().out)
    for key in KEYS:
        assert key in printed, key
    assert printed["units"] == 8
    assert printed["scratch_database"].endswith("(dropped)")
    for key in KEYS[1:]:
        assert printed[key] is None or isinstance(printed[key], float), key
