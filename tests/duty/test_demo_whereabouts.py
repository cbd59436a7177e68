"""The demo's 请假、外出报备: built on the demo county (after the earlier duty parts' demos where they exist,
in the lead's order, so their rosters are in place), through the services; built twice, it adds nothing."""

from __future__ import annotations

import importlib

from django.utils import timezone

from zhongshu.demo.build import DemoResult, build_demo
from zhongshu.demo.duty_whereabouts import build_demo_whereabouts
from zhongshu.duty import whereabouts
from zhongshu.duty.models import Absence, AbsenceState
from zhongshu.notifications.models import OutboxMessage
from zhongshu.org.models import Person

EARLIER = ("rosters", "swaps", "logbook", "spotchecks", "incidents", "plans")


def _earlier_parts(result: DemoResult) -> None:
    for part in EARLIER:
        try:
            module = importlib.import_module(f"zhongshu.demo.duty_{part}")
        except ModuleNotFoundError:
            continue  # that part has not landed yet
        getattr(module, f"build_demo_{part}")(result)


def test_the_demo_week_of_whereabouts(db):
    result = build_demo()
    _earlier_parts(result)
    build_demo_whereabouts(result)
    assert result.created["absences"] == 6
    states = sorted(Absence.objects.values_list("state", flat=True))
    assert states.count(AbsenceState.APPROVED) == 5 and states.count(AbsenceState.PENDING) == 1
    today = timezone.localdate()
    director = Person.objects.get(user__username="xwb_fzr1").user
    board = whereabouts.away_board(director, today)
    week = {row.pk: row for group in board.week for row in group.rows}
    county = [row for row in week.values() if row.rank == "county"]
    assert county and county[0].stand_in and county[0].kind == "travel"
    assert any(row.overdue for row in week.values())  # not 销假 past its end
    assert OutboxMessage.objects.filter(kind="duty.absence.unreturned").exists()
    flags = [m for group in board.week for m in group.flags]
    assert any("公安局正职" in m and "同时不在岗" in m for m in flags)
    # Built again: nothing new.
    again = DemoResult()
    build_demo_whereabouts(again)
    assert "absences" not in again.created and "absence_reminders" not in again.created
