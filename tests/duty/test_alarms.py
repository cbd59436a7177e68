"""时限提醒 with a frozen clock: N minutes before a report is due and again when it is late, a notice through the
outbox to the duty officer and the 带班领导 on shift in the incident's unit, once each however often the tick
runs; nobody on shift falls back to the unit's duty room and says so; a clock met sends nothing more."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.duty.conftest import County, signed_in
from zhongshu.core.jobs import registered_ticks
from zhongshu.duty.alarms import incidents_due, run_alarms
from zhongshu.duty.clocks import ensure_default_clocks
from zhongshu.duty.incident_reports import file_report
from zhongshu.duty.incidents import register_incident
from zhongshu.duty.models import Channel, Incident, IncidentAlarm, ReportKind
from zhongshu.notifications.models import OutboxMessage

# 2026-07-14 (a Tuesday) 10:05, inside the 08:30–17:30 office-hours shift.
LEARNED = timezone.make_aware(datetime(2026, 7, 14, 10, 5))


@pytest.fixture
def incident(county: County) -> Incident:
    ensure_default_clocks()
    return register_incident(
        by=county.duty_officers[0].user,
        title="县城化工厂泄漏",
        category="accident",
        subtype="生产安全事故",
        severity="I",  # telephone 20, written 40, 续报 every 120 minutes, alarms 10 minutes ahead
        place="县城工业园",
        occurred_at=LEARNED - timedelta(minutes=5),
        learned_at=LEARNED,
        now=LEARNED,
    )


def alarms_to(user: Any) -> list[str]:
    return list(
        OutboxMessage.objects.filter(recipient=user, kind="duty.incident_alarm")
        .order_by("id")
        .values_list("title", flat=True)
    )


def test_the_tick_is_registered() -> None:
    assert "duty.incident_alarms" in registered_ticks()


def test_alarms_fire_before_due_and_when_late_once_each(county: County, incident: Incident) -> None:
    officer, leader, driver = county.duty_officers[1], county.leaders[2], county.driver
    day = LEARNED.date()
    county.put_shift(officer, day, "officer")
    county.put_shift(leader, day, "leader")
    county.put_shift(driver, day, "driver")

    assert run_alarms(now=LEARNED + timedelta(minutes=5)) == 0  # nothing due yet
    assert run_alarms(now=LEARNED + timedelta(minutes=10)) == 1  # 电话首报 due at 10:25, alarm at 10:15
    assert alarms_to(officer.user) == ["【即将到时】县城化工厂泄漏：电话首报应于10:25前报送"]
    assert alarms_to(leader.user) == alarms_to(officer.user)
    assert alarms_to(driver.user) == []  # a driver is not told
    for _ in range(3):  # the tick runs every minute: nothing twice
        assert run_alarms(now=LEARNED + timedelta(minutes=12)) == 0
    assert len(alarms_to(officer.user)) == 1

    assert run_alarms(now=LEARNED + timedelta(minutes=31)) == 2  # phone late by 11, written due at 10:45
    assert alarms_to(officer.user)[1:] == [
        "【已超时】县城化工厂泄漏：电话首报已超时11分钟",
        "【即将到时】县城化工厂泄漏：书面首报应于10:45前报送",
    ]
    assert run_alarms(now=LEARNED + timedelta(minutes=32)) == 0
    assert set(IncidentAlarm.objects.values_list("clock", "stage")) == {
        ("first_phone", "before"),
        ("first_phone", "late"),
        ("first_written", "before"),
    }

    # The written 首报 goes before its time: its clock stops, no late alarm for it.
    file_report(
        incident=incident,
        by=officer.user,
        kind=ReportKind.FIRST,
        channel=Channel.SYSTEM,
        sent_at=LEARNED + timedelta(minutes=38),
        sent_by=officer,
        sent_to="市委总值班室",
        elements={
            "source": "化工厂电话",
            "nature": "氯气泄漏",
            "extent": "厂区周边500米",
            "casualties": "2人轻伤",
            "losses": "正在核实",
            "trend": "已控制",
            "leaders_on_site": "陈副县长",
            "measures": "疏散周边群众",
        },
        now=LEARNED + timedelta(minutes=38),
    )
    assert run_alarms(now=LEARNED + timedelta(minutes=50)) == 0
    # The next clock is the 续报, 120 minutes after the last report (10:43 → 12:43).
    due = incidents_due(LEARNED + timedelta(minutes=38 + 115))
    assert [(item.clock.key, item.stage) for item in due] == [("follow_up:1", "before")]


def test_nobody_on_shift_falls_back_to_the_duty_room_and_says_so(county: County, incident: Incident) -> None:
    assert run_alarms(now=LEARNED + timedelta(minutes=31)) == 2  # phone late, written about to fall due
    messages = OutboxMessage.objects.filter(kind="duty.incident_alarm")
    told = set(messages.values_list("recipient__username", flat=True))
    assert told == {"zhiban1", "zhiban2", "zhiban3", "zhuren"}
    assert all(
        "本单位当前没有排班值班人员，已通知本单位值班室人员" in body
        for body in messages.values_list("body", flat=True)
    )


def test_a_closed_incident_raises_no_alarm(county: County, incident: Incident) -> None:
    officer = county.duty_officers[0]
    for kind, minutes, body in ((ReportKind.FIRST, 10, "电话"), (ReportKind.FINAL, 15, "已处置完毕")):
        file_report(
            incident=incident,
            by=officer.user,
            kind=kind,
            channel=Channel.PHONE,
            sent_at=LEARNED + timedelta(minutes=minutes),
            sent_by=officer,
            sent_to="市委总值班室",
            body=body,
            now=LEARNED + timedelta(minutes=minutes),
        )
    assert incidents_due(LEARNED + timedelta(hours=5)) == []
    assert run_alarms(now=LEARNED + timedelta(hours=5)) == 0


def test_incidents_due_reads_a_few_queries_however_many_incidents(
    county: County, incident: Incident, django_assert_max_num_queries: Any
) -> None:
    for n in range(30):
        Incident.objects.create(
            title=f"事件{n}",
            category="natural",
            severity="IV",
            place="某地",
            occurred_at=LEARNED,
            learned_at=LEARNED,
            unit=county.office,
            opened_by=county.duty_officers[0].user,
        )
    with django_assert_max_num_queries(3):
        due = incidents_due(LEARNED + timedelta(hours=3))
    assert len(due) == 31 * 2  # telephone and written 首报 of each, late


def test_the_duty_room_finds_the_running_clock_in_its_to_do(county: County, incident: Incident) -> None:
    from zhongshu.core.todos import todos_for
    from zhongshu.duty.alarms import incident_todos

    items = incident_todos(county.duty_officers[0].user, now=LEARNED + timedelta(minutes=31))
    assert [(item.title, item.overdue, item.note) for item in items] == [
        ("电话首报：县城化工厂泄漏", True, "已超时11分钟")
    ]
    assert incident_todos(county.water_liaison.user) == []
    assert incident_todos(county.leaders[0].user) == []  # leaders are alarmed, the duty room files
    assert any(item.kind == "duty.incident_clock" for item in todos_for(county.director.user))
    page = signed_in("zhiban1").get("/").content.decode()
    assert "县城化工厂泄漏" in page


def test_the_tick_s_fast_path_agrees_with_the_clocks_the_page_shows(
    county: County, incident: Incident
) -> None:
    """incidents_due derives only the running clocks, for speed: the same ones clocks.incident_clocks gives,
    through 首报, 续报 and 日报, at several moments."""
    from zhongshu.duty.clocks import incident_clocks

    officer = county.duty_officers[0]
    steps = [
        (ReportKind.FIRST, Channel.PHONE, 15),
        (ReportKind.FIRST, Channel.SYSTEM, 50),
        (ReportKind.FOLLOW_UP, Channel.FAX, 200),
        (ReportKind.DAILY, Channel.SYSTEM, 60 * 24 + 10 * 60),
    ]
    for kind, channel, minutes in [(None, None, 0), *steps]:
        if kind is not None:
            file_report(
                incident=incident,
                by=officer.user,
                kind=kind,
                channel=channel,
                sent_at=LEARNED + timedelta(minutes=minutes),
                sent_by=officer,
                sent_to="市委总值班室",
                body="情况",
                elements={
                    "source": "a",
                    "nature": "b",
                    "extent": "c",
                    "casualties": "d",
                    "losses": "e",
                    "trend": "f",
                    "leaders_on_site": "g",
                    "measures": "h",
                },
                now=LEARNED + timedelta(minutes=minutes),
            )
        for later in (1, 30, 300, 3000):
            now = LEARNED + timedelta(minutes=minutes + later)
            expected = {
                (clock.key, clock.due_at, "late" if now >= clock.due_at else "before")
                for clock in incident_clocks(incident, now=now)
                if clock.sent_at is None and now >= clock.alarm_at
            }
            fast = {(item.clock.key, item.clock.due_at, item.stage) for item in incidents_due(now)}
            assert fast == expected, (kind, later)
