"""The bench's own workings on a few hundred items: the bulk data is consistent and the figures come out."""

import argparse

from django.db.models import F

from zhongshu.core.bench import get_bench
from zhongshu.notifications.models import OutboxMessage
from zhongshu.supervision.bench import measure
from zhongshu.supervision.models import ItemUnit, Reminder, SupervisionItem, UnitRole, WallSnapshot
from zhongshu.supervision.progress_wall import progress_wall
from zhongshu.supervision.states import ESCALATING_STATES


def test_a_small_run_generates_consistent_data_and_prints_every_figure(db):
    figures = measure(argparse.Namespace(items=300, units=0, seed=7, keep=False))
    assert figures["items"] == 300 and figures["units"] == 10
    for key in ("ledger_page_ms_p50", "todo_ms_p50", "wall_ms", "tick_s", "generate_s"):
        assert isinstance(figures[key], float), key
    # Every item has its lead unit among its units, and only one.
    leads = ItemUnit.objects.filter(role=UnitRole.LEAD)
    assert leads.count() == 300
    assert not SupervisionItem.objects.exclude(pk__in=leads.values("item_id")).exists()
    # ...and that lead unit is the item's own (the links once read another column's value as the unit).
    assert not leads.exclude(unit_id=F("item__lead_unit_id")).exists()
    assert figures["tick_open_items"] == SupervisionItem.objects.filter(state__in=ESCALATING_STATES).count()
    # The timed tick was rolled back: the seeded reminders only, and nobody told.
    assert not Reminder.objects.exclude(dedupe_key__startswith="auto:").exists()
    assert not OutboxMessage.objects.exists()
    assert WallSnapshot.objects.exists()
    # A second run over the same data reuses it.
    again = measure(argparse.Namespace(items=300, units=0, seed=7, keep=False))
    assert again["items"] == 300


def test_the_figures_agree_with_the_wall(db):
    measure(argparse.Namespace(items=200, units=0, seed=3, keep=False))
    from zhongshu.accounts.models import User

    wall = progress_wall(User.objects.get(username="bench_duchayuan"), top=0)
    assert wall.total == SupervisionItem.objects.exclude(classification__gt=1).count()
    assert sum(u.total for u in wall.units) == wall.total


def test_the_bench_is_registered_with_its_options():
    bench = get_bench("supervision")
    assert bench is not None
    from zhongshu.core.bench import bench_parser

    options = bench_parser(bench).parse_args(["--items", "1000000", "--json", "--keep"])
    assert (options.items, options.json, options.keep) == (1_000_000, True, True)
