"""The demo's 值班记录: on the demo county (after the rosters' and swaps' demos where they exist), last night's
log in the county office's duty room — calls, a document, a visit, one urgent call — and this morning's
handover acknowledged with the reservoir carried over still open; the incidents' demo turns the urgent call
into its incident; built twice, it adds nothing."""

from __future__ import annotations

import importlib
from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from zhongshu.demo.build import DemoResult, build_demo
from zhongshu.demo.duty_logbook import CARRIED_SUMMARY, NIGHT, URGENT_SUMMARY, build_demo_logbook
from zhongshu.duty.models import DutyLogEntry, Handover, Urgency


def _earlier_parts(result: DemoResult) -> None:
    for part in ("rosters", "swaps"):
        try:
            module = importlib.import_module(f"zhongshu.demo.duty_{part}")
        except ModuleNotFoundError:
            continue  # that part has not landed yet
        getattr(module, f"build_demo_{part}")(result)


def test_the_demo_night_log_and_the_morning_handover(db: Any, morning: None) -> None:
    result = build_demo()
    _earlier_parts(result)
    build_demo_logbook(result)
    now = timezone.now()
    today = timezone.localdate(now)
    expected = [
        fields["summary"]
        for offset, hour, minute, *_, fields, _closed in NIGHT
        if timezone.make_aware(datetime.combine(today + timedelta(days=offset), time(hour, minute)))
        + timedelta(minutes=5)
        <= now
    ]
    entries = list(DutyLogEntry.objects.filter(unit__code="XWB").order_by("received_at"))
    assert [e.summary for e in entries] == expected
    assert len(expected) >= 4  # the night before today is always whole up to midnight
    urgent = DutyLogEntry.objects.get(summary=URGENT_SUMMARY)
    assert urgent.urgency == Urgency.URGENT and urgent.caller_post == "镇长" and urgent.told
    assert all(e.recorded_by_id == urgent.recorded_by_id for e in entries)
    assert result.created["duty_log_entries"] == len(expected)
    if timezone.localtime(now).time() >= time(8, 45):
        handover = Handover.objects.get(unit__code="XWB")
        assert handover.acknowledged_at is not None and handover.acknowledged_by_id != handover.handed_by_id
        items = list(handover.items.select_related("entry"))
        assert [item.entry.summary for item in items] == [CARRIED_SUMMARY]
        assert items[0].acknowledged_at is not None and "水位" in items[0].note
        assert items[0].entry.closed_at is None  # carried over, still open
        assert urgent.closed_at is not None
    # built twice, nothing more
    counts = (DutyLogEntry.objects.count(), Handover.objects.count())
    build_demo_logbook(result)
    assert (DutyLogEntry.objects.count(), Handover.objects.count()) == counts
    try:
        incidents = importlib.import_module("zhongshu.demo.duty_incidents")
    except ModuleNotFoundError:
        return
    incidents.build_demo_incidents(result)
    from zhongshu.duty.models import Incident

    made = Incident.objects.get(title=incidents.TITLE)
    assert made.source_entry == urgent
