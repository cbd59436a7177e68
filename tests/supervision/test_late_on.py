"""逾期 on a past day has one definition (`models.late_on`), read by both the wall's trend and the 督查通报:
an item that asked for completion (申请办结) stops being late from the next day, even if closed later."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine

from zhongshu.supervision.models import SupervisionItem
from zhongshu.supervision.printouts import bulletin_figures
from zhongshu.supervision.progress_wall import progress_wall
from zhongshu.supervision.states import ItemState

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_an_item_that_asked_before_its_deadline_and_closed_late_is_late_neither_on_the_wall_nor_in_the_bulletin(
    county,
):
    with time_machine.travel(datetime(2026, 3, 2, 10, tzinfo=SHANGHAI), tick=False):
        item = county.assigned("申请办结后迟迟销号", deadline=date(2026, 3, 10))
    # Asked for completion on 5 March, before its deadline; the office closed it only on 8 April.
    SupervisionItem.objects.filter(pk=item.pk).update(
        state=ItemState.CLOSED,
        completion_requested_at=datetime(2026, 3, 5, 16, tzinfo=SHANGHAI),
        closed_on=date(2026, 4, 8),
        closed_on_time=True,
        handling_workdays=3,
    )
    with time_machine.travel(datetime(2026, 4, 20, 10, tzinfo=SHANGHAI), tick=False):
        wall = progress_wall(county.supervisor.user)
        # The week of Monday 16 March, ended on Sunday the 22nd: after the deadline, before the close-out.
        week = bulletin_figures(county.supervisor.user, period="week", day=date(2026, 3, 18))
        march = bulletin_figures(county.supervisor.user, period="month", day=date(2026, 3, 18))
    assert all(count == 0 for _, count in wall.trend)
    assert week.total == 1
    assert week.overdue == 0
    assert march.overdue == 0
    assert week.overdue_by_unit == []
