"""The demo's 突发事件: on the demo county (after the earlier duty parts' demos where they exist, in the lead's
order), last night's urgent call becomes an incident with a 首报 on time, a 续报 late by eleven minutes and a
终报 that closed it; built twice, it adds nothing."""

from __future__ import annotations

import importlib
from datetime import timedelta
from typing import Any

import time_machine
from django.utils import timezone

from zhongshu.demo.build import DemoResult, build_demo
from zhongshu.demo.duty_incidents import TITLE, build_demo_incidents
from zhongshu.duty.clocks import incident_clocks
from zhongshu.duty.incident_reports import report_title
from zhongshu.duty.models import Incident, IncidentReport, IncidentState
from zhongshu.testing.clock import latest_local

EARLIER = ("rosters", "swaps", "logbook", "spotchecks")


def _earlier_parts(result: DemoResult) -> None:
    for part in EARLIER:
        try:
            module = importlib.import_module(f"zhongshu.demo.duty_{part}")
        except ModuleNotFoundError:
            continue  # that part has not landed yet
        getattr(module, f"build_demo_{part}")(result)


def test_the_demo_incident_reports_on_time_then_eleven_minutes_late_then_closes(
    db: Any, morning: None
) -> None:
    result = build_demo()
    _earlier_parts(result)
    build_demo_incidents(result)
    incident = Incident.objects.get(title=TITLE)
    assert incident.state == IncidentState.CLOSED and incident.source_entry is not None
    assert incident.source_entry.urgency == "urgent"
    assert [report_title(report) for report in incident.reports.order_by("sent_at")] == [
        "首报",
        "续报一",
        "终报",
    ]
    clocks = {clock.key: clock for clock in incident_clocks(incident)}
    assert clocks["first_phone"].late_minutes() == 0 and clocks["first_written"].late_minutes() == 0
    assert clocks["follow_up:1"].late_minutes() == 11
    assert result.created["incidents"] == 1 and result.created["incident_reports"] == 3

    again = DemoResult()
    build_demo_incidents(again)
    assert not again.changed
    assert Incident.objects.filter(title=TITLE).count() == 1 and IncidentReport.objects.count() == 3


def test_built_in_the_small_hours_the_incident_is_the_night_before_lasts_without_the_entry(db: Any) -> None:
    """Before the night's story has happened (its 终报 comes about seven hours after the 23:10 call), the demo
    tells it of the night before last and links no log entry: tonight's urgent call has not come in yet."""
    two = latest_local(2)
    with time_machine.travel(two, tick=True):
        result = build_demo()
        _earlier_parts(result)
        build_demo_incidents(result)
        incident = Incident.objects.get(title=TITLE)
        assert incident.state == IncidentState.CLOSED and incident.source_entry is None
        assert timezone.localtime(incident.learned_at).date() == two.date() - timedelta(days=2)
        assert all(report.sent_at <= timezone.now() for report in incident.reports.all())
