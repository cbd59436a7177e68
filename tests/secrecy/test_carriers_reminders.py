"""Overdue borrowings, on a frozen clock: derived from the due date and today (never stored), marked 逾期 on the
ledger, a to-do for the borrower and for the secrecy office, and one reminder a day per borrowing from the tick,
however often it runs."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine

from tests.secrecy.carriers_helpers import carrier, fresh
from tests.secrecy.conftest import County, signed_in
from zhongshu.core.todos import todos_for
from zhongshu.notifications.models import OutboxMessage
from zhongshu.secrecy import carriers
from zhongshu.secrecy.carrier_reminders import overdue_reminders_tick

SHANGHAI = ZoneInfo("Asia/Shanghai")


def on(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 9, 0, tzinfo=SHANGHAI)


def reminders() -> list[tuple[str, str]]:
    return list(
        OutboxMessage.objects.filter(kind="secrecy.carrier_overdue")
        .order_by("id")
        .values_list("recipient__username", "title")
    )


def test_an_overdue_borrowing_is_marked_listed_and_reminded_once_a_day(county: County) -> None:
    with time_machine.travel(on(3, 2), tick=False):
        record = carrier(county, people=(county.director,))
        carriers.carrier_borrow(by=county.secrecy_head.user, carrier=record, borrower=county.director)
    record = fresh(record)
    assert record.due_on == date(2026, 3, 9)
    with time_machine.travel(on(3, 9), tick=False):  # due today: not yet overdue
        assert not carriers.is_overdue(record)
        assert overdue_reminders_tick() == 0
        assert [
            item.kind for item in todos_for(county.director.user) if item.kind.startswith("secrecy")
        ] == []
    with time_machine.travel(on(3, 12), tick=False):
        assert carriers.days_overdue(record) == 3
        assert overdue_reminders_tick() == 1
        assert overdue_reminders_tick() == 0  # run again the same day: nobody is told twice
        assert reminders() == [("zhuren", f"借阅的涉密载体已逾期3天：{record.number}")]
        mine = [item for item in todos_for(county.director.user) if item.kind == "secrecy.carrier_overdue"]
        assert [(item.title, item.note, item.overdue) for item in mine] == [
            (f"归还涉密载体：{record.number}", "已逾期3天", True)
        ]
        office = [
            item
            for item in todos_for(county.secrecy_head.user)
            if item.kind == "secrecy.carrier_overdue_office"
        ]
        assert [item.note for item in office] == ["已逾期3天，借阅人：赵主任"]
        # The ledger marks it and its 逾期 filter finds it; the office clerk (一般) sees none of it.
        page = signed_in("baomi").get("/secrecy/carriers/?overdue=1").content.decode()
        assert record.number in page and "逾期3天" in page
        assert record.number not in signed_in("wenshu").get("/secrecy/carriers/?overdue=1").content.decode()
    with time_machine.travel(on(3, 13), tick=False):
        assert overdue_reminders_tick() == 1
        carriers.carrier_return(by=county.director.user, carrier=record)
        assert overdue_reminders_tick() == 0
    with time_machine.travel(on(3, 14), tick=False):
        assert overdue_reminders_tick() == 0
        assert [item for item in todos_for(county.director.user) if item.kind.startswith("secrecy")] == []
    assert OutboxMessage.objects.filter(kind="secrecy.carrier_overdue").count() == 2
    assert [title for _, title in reminders()] == [
        f"借阅的涉密载体已逾期3天：{record.number}",
        f"借阅的涉密载体已逾期4天：{record.number}",
    ]


def test_the_tick_is_registered() -> None:
    from zhongshu.core.jobs import registered_ticks

    assert "secrecy.carrier_overdue_reminders" in registered_ticks()
