"""Reminders of the checklist, once each: ZHONGSHU_REPORTING_REMIND_DAYS (3) working days before a period's due
date and the day after it was missed, to the unit's liaison and 文书, never twice however often the tick runs;
a filed period is not reminded; the unit's filers see the open periods in 待办.

October 2026 of a monthly line due the 5th working day after the month: Mon 2 Nov (1) … Fri 6 Nov (5); the
reminder window opens on Tue 3 Nov (three working days before). Q3 of a quarterly line due the 10th working day
after 30 September is due Tue 20 October (National Day 1–7 October, Saturday 10 October worked)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.reporting.checklist_helpers import add_line, report_file
from zhongshu.core.jobs import registered_ticks
from zhongshu.notifications.models import OutboxMessage
from zhongshu.reporting.filings import file_lightly
from zhongshu.reporting.models import ChecklistReminder
from zhongshu.reporting.reminders import checklist_reminders_tick, checklist_todos

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 8, 30, tzinfo=SHANGHAI)


def _notices(kind: str) -> list[tuple[int, str]]:
    return sorted(
        OutboxMessage.objects.filter(kind=kind).values_list("recipient_id", "title")  # type: ignore[arg-type]
    )


def test_each_reminder_goes_once_to_the_units_liaison_and_clerk(county, settings):
    settings.ZHONGSHU_REPORTING_REMIND_DAYS = 3
    assert "reporting.checklist_reminders" in registered_ticks()
    monthly = add_line(county, starts_on=date(2026, 10, 1))
    quarterly = add_line(
        county, cycle="quarterly", due_working_days=10, matter="季度工作总结", starts_on=date(2026, 7, 1)
    )
    other_unit = add_line(
        county,
        county.units[1],
        cycle="quarterly",
        due_working_days=10,
        matter="季度工作总结",
        starts_on=date(2026, 7, 1),
    )
    file_lightly(
        line=quarterly,
        period_start=date(2026, 7, 1),
        title="三季度工作总结",
        uploads=[report_file()],
        by=county.liaisons[0].user,
    )

    assert checklist_reminders_tick(at(11, 2)) == 2  # JYJ's Q3 (due 20 Oct) was missed: late, to its two
    assert checklist_reminders_tick(at(11, 2)) == 0
    assert {r.line_id for r in ChecklistReminder.objects.all()} == {other_unit.pk}

    assert checklist_reminders_tick(at(11, 3)) == 2  # October's monthly report enters the window
    assert checklist_reminders_tick(at(11, 4)) == 0
    due = _notices("reporting.checklist_due")
    czj_people = sorted([county.liaisons[0].user.pk, county.clerks[0].user.pk])
    assert [recipient for recipient, _ in due] == czj_people
    assert all("每月经济运行情况报告（2026年10月）" in title for _, title in due)

    assert checklist_reminders_tick(at(11, 6)) == 0  # the due day itself: nothing new
    assert checklist_reminders_tick(at(11, 9)) == 2  # missed: late, once
    assert checklist_reminders_tick(at(11, 10)) == 0
    late = _notices("reporting.checklist_late")
    assert sorted(r for r, _ in late if "每月" in _) == czj_people
    assert ChecklistReminder.objects.filter(line=monthly).count() == 2
    assert not ChecklistReminder.objects.filter(line=quarterly).exists()  # filed: never reminded


def test_a_filed_period_leaves_the_to_dos(county, settings):
    settings.ZHONGSHU_REPORTING_REMIND_DAYS = 3
    line = add_line(county, starts_on=date(2026, 10, 1))
    liaison = county.liaisons[0].user
    assert checklist_todos(liaison, today=date(2026, 11, 2)) == []  # Oct due 6 Nov: outside the window
    items = checklist_todos(liaison, today=date(2026, 11, 3))
    assert [(item.title, item.due, item.overdue) for item in items] == [
        ("请示报告清单：每月经济运行情况报告（2026年10月）", date(2026, 11, 6), False)
    ]
    assert checklist_todos(liaison, today=date(2026, 11, 9))[0].overdue
    assert checklist_todos(county.liaisons[1].user, today=date(2026, 11, 3)) == []
    assert checklist_todos(county.keeper.user, today=date(2026, 11, 3)) == []  # the office's unit has no list
    file_lightly(
        line=line, period_start=date(2026, 10, 1), title="10月报告", uploads=[report_file()], by=liaison
    )
    assert checklist_todos(liaison, today=date(2026, 11, 3)) == []
