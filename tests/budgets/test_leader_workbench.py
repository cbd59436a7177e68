"""Query budgets of the leader's workbench (issue 15, build 5): his 督办事项 with their last reports and the
office director's figures cost the same for 10 and 20 items (the panels read the last report by a subquery,
the figures are one count each)."""

from __future__ import annotations

import itertools

import pytest
import time_machine

from tests.budgets.helpers import assert_flat, counter, signed_in
from tests.supervision import conftest as supervision_fixtures
from zhongshu.supervision import services as supervision

pytestmark = pytest.mark.django_db

N = 10
_serial = itertools.count(1)
county = supervision_fixtures.county


def led_items(county, count: int) -> None:
    """Items the county leader leads: assigned two weeks ago with five working days, received and reported on
    twice (so half are overdue, each with a last report)."""
    with time_machine.travel("2026-03-02 09:00:00+08:00", tick=False):
        for n in range(count):
            item = county.assigned(f"预算领导事项第{next(_serial)}项", workdays=5 if n % 2 else 30, co=False)
            item = supervision.supervision_item_receive(item=item, by=county.liaison.user)
            for text in ("第一次反馈。", "第二次反馈。"):
                supervision.progress_report_submit(item=item, by=county.liaison.user, text=text)


@time_machine.travel("2026-03-16 09:00:00+08:00", tick=False)
def test_a_leaders_workbench_costs_the_same_for_10_and_20_items(county):
    led_items(county, N)
    assert_flat(
        signed_in(county.leader.user),
        "/",
        grow=lambda: led_items(county, N),
        rows=counter("预算领导事项"),
        # measured 22 on SQLite and PostgreSQL before the meetings module; 26 on SQLite with it (its to-dos, and
        # the 本周日程 source reading the leader's meetings and his engagements: two queries, flat); 30 with the
        # duty module (the 报备 to-do, and whether he leads a duty shift whose handover waits: flat); 33 with
        # information and reporting (items waiting for his sign-off as his unit's leader, and as one of its filers
        # the checklist's periods due and the 三重一大 matters awaiting an outcome: one query each, flat)
        # 42 with the secrecy module (issue 20: classification decisions to decide, borrowed carriers overdue,
        # secondees he looks after, reviews before publication, his unit's self-inspection, tests to take: flat)
        ceiling=42,
    )


@time_machine.travel("2026-03-16 09:00:00+08:00", tick=False)
def test_the_directors_figures_cost_the_same_for_10_and_20_items(county):
    led_items(county, N)
    assert_flat(
        signed_in(county.director.user),
        "/",
        grow=lambda: led_items(county, N),
        # measured 27 on SQLite and PostgreSQL before the duty module; 37 with it: the director is the county duty
        # room's head, so its to-dos and panels join his workbench (报备 calls, swaps to approve, handovers waiting,
        # open incidents' clocks, rounds with calls to record, leave to approve): each flat in the rows; 39 with
        # information (an editor's queue, issues to distribute, 批示 to supervise, sign-offs; only what applies asks);
        # 49 with the secrecy module: the director is a keeper of its ledgers and the default classification
        # officer (decisions to decide, the yearly review, overdue carriers, counts to resolve, copies to approve,
        # re-vettings due, secondees' steps, reviews, fillings to review: each one query, flat)
        ceiling=49,
    )
