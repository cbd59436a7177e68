"""挂图督查's overdue trend, derived from each item's dates (assigned, deadline, completion requested, closed):
an item counts on the trend's days between its deadline and its completion request, and on no other."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine

from zhongshu.supervision import services
from zhongshu.supervision.charts import wall_charts
from zhongshu.supervision.models import SupervisionItem
from zhongshu.supervision.progress_wall import progress_wall, week_points
from zhongshu.supervision.states import ItemState

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Mondays: the trend's days when today is Monday 20 April 2026.
DAYS = [date(2026, 3, 2) + timedelta(weeks=n) for n in range(8)]


def _at(day: date, hour: int = 10) -> time_machine.travel:
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI), tick=False)


def test_the_trend_days_are_today_and_the_same_weekday_of_the_weeks_before():
    assert week_points(date(2026, 4, 20), 8) == DAYS


def test_an_item_late_from_one_week_and_done_in_a_later_one_counts_only_between(county):
    with _at(date(2026, 3, 2)):
        item = county.assigned("逾期后办结", deadline=date(2026, 3, 10))
        county.assigned("按期在办", deadline=date(2026, 5, 29))
    with _at(date(2026, 3, 4)):
        services.supervision_item_receive(item=item, by=county.liaison.user)
    # Late from 11 March (the 16th is the first trend day after), done on Wednesday 25 March.
    with _at(date(2026, 3, 25)):
        services.supervision_item_request_completion(
            item=SupervisionItem.objects.get(pk=item.pk), by=county.liaison.user, evidence="已完成"
        )
    with _at(date(2026, 4, 20)):
        wall = progress_wall(county.supervisor.user)
    assert wall.trend == list(zip(DAYS, [0, 0, 1, 1, 0, 0, 0, 0], strict=True))
    # The last day is today: the same count as 逾期未办结.
    assert wall.trend[-1][1] == wall.overdue_open == 0


def test_a_closed_item_counts_until_its_request_and_a_returned_report_does_not_stop_the_count(county):
    with _at(date(2026, 3, 2)):
        closed = county.assigned("逾期销号", deadline=date(2026, 3, 10))
        returned = county.assigned("退回重报", deadline=date(2026, 3, 10))
    # 逾期销号: asked for completion on 1 April, closed on 8 April.
    SupervisionItem.objects.filter(pk=closed.pk).update(
        state=ItemState.CLOSED,
        completion_requested_at=datetime(2026, 4, 1, 16, tzinfo=SHANGHAI),
        closed_on=date(2026, 4, 8),
        closed_on_time=False,
        handling_workdays=22,
    )
    # 退回重报: a report on 18 March sent back on the 20th; the work done on 14 April.
    with _at(date(2026, 3, 4)):
        services.supervision_item_receive(item=returned, by=county.liaison.user)
    with _at(date(2026, 3, 18)):
        services.supervision_item_request_completion(
            item=SupervisionItem.objects.get(pk=returned.pk), by=county.liaison.user, evidence="已完成"
        )
    with _at(date(2026, 3, 20)):
        services.supervision_item_return(
            item=SupervisionItem.objects.get(pk=returned.pk), by=county.supervisor.user, reason="佐证不足"
        )
    with _at(date(2026, 4, 14)):
        services.supervision_item_request_completion(
            item=SupervisionItem.objects.get(pk=returned.pk), by=county.liaison.user, evidence="补充佐证"
        )
    with _at(date(2026, 4, 20)):
        wall = progress_wall(county.supervisor.user)
    # 3-16 .. 3-30 both; 4-6 the returned one only (the other asked on 1 April); 4-13 still the returned one.
    assert [count for _, count in wall.trend] == [0, 0, 2, 2, 2, 1, 1, 0]


def test_the_wall_charts_carry_the_same_figures_as_the_wall(county):
    with _at(date(2026, 3, 2)):
        county.assigned("逾期在办", deadline=date(2026, 3, 10))
    with _at(date(2026, 4, 20)):
        wall = progress_wall(county.supervisor.user)
    by_state, trend, units = wall_charts(wall)
    assert dict(zip(by_state.categories, by_state.series[0].values, strict=True))["待签收"] == 1
    assert trend.categories[-1] == "4月20日"
    assert trend.rows[-1] == ("4月20日", ["1件"])
    assert units.rows == [("县教育局", ["—"])]  # nothing closed yet: no rate, not 0%
