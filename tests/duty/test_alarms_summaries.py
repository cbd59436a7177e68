"""The tick's one aggregate read of the reports (alarms.report_summaries) gives the running clocks the page
shows even for rows written outside file_report — a 续报 before any 首报, reports at the same minute — and the
recipients of several units come in two queries however many units."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.duty.conftest import County
from tests.duty.test_alarms import LEARNED, incident  # noqa: F401 - the fixture
from zhongshu.duty.alarms import incidents_due, recipients, recipients_by_unit
from zhongshu.duty.clocks import incident_clocks
from zhongshu.duty.models import Channel, Incident, IncidentReport, ReportKind


def _report(record: Incident, county: County, kind: str, channel: str, minutes: int, number: int = 0) -> None:
    officer = county.duty_officers[0]
    IncidentReport.objects.create(
        incident=record,
        kind=kind,
        number=number,
        channel=channel,
        sent_at=LEARNED + timedelta(minutes=minutes),
        sent_by=officer,
        sent_to="市委总值班室",
        body="情况",
        recorded_by=officer.user,
        recorded_at=LEARNED + timedelta(minutes=minutes),
    )


def _agree(record: Incident) -> None:
    for later in (1, 30, 300, 3000):
        now = LEARNED + timedelta(minutes=later)
        expected = {
            (clock.key, clock.due_at, "late" if now >= clock.due_at else "before")
            for clock in incident_clocks(record, now=now)
            if clock.sent_at is None and now >= clock.alarm_at
        }
        fast = {(item.clock.key, item.clock.due_at, item.stage) for item in incidents_due(now)}
        assert fast == expected, later


def test_a_follow_up_written_before_any_first_report_counts_as_report_times_counts_it(
    county: County,
    incident: Incident,  # noqa: F811
) -> None:
    _report(incident, county, ReportKind.FOLLOW_UP, Channel.FAX, 5, number=1)
    _agree(incident)
    _report(incident, county, ReportKind.FIRST, Channel.PHONE, 5)  # same minute, after it by id
    _report(incident, county, ReportKind.FOLLOW_UP, Channel.FAX, 90, number=2)
    _report(incident, county, ReportKind.DAILY, Channel.SYSTEM, 120)
    _agree(incident)


def test_recipients_of_several_units_in_two_queries(
    county: County,
    incident: Incident,  # noqa: F811
    django_assert_max_num_queries: Any,
) -> None:
    officer, leader, driver = county.duty_officers[1], county.leaders[2], county.driver
    county.put_shift(officer, LEARNED.date(), "officer")
    county.put_shift(leader, LEARNED.date(), "leader")
    county.put_shift(driver, LEARNED.date(), "driver")
    now = LEARNED + timedelta(minutes=1)
    units = {officer.unit_id, leader.unit_id, driver.unit_id, incident.unit_id}
    with django_assert_max_num_queries(2):
        many = recipients_by_unit(units, now)
    assert set(many) == units
    for unit_id in units:
        users, fell_back = recipients(unit_id, now)
        assert ({u.pk for u in many[unit_id][0]}, many[unit_id][1]) == ({u.pk for u in users}, fell_back)
    assert driver.user.pk not in {u.pk for users, _ in many.values() for u in users}
