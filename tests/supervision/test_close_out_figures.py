"""销号's figures (按期办结, 办理工作日, 回头看) come from one pure rule, `services.close_out_figures`, which the
close-out saves and the demo's history reuses on its own days."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from zhongshu.supervision.models import SupervisionItem
from zhongshu.supervision.services import close_out_figures

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_the_figures_follow_the_completion_request_not_the_close_out_day(county):
    item = SupervisionItem(
        category=county.assigned().category,
        assigned_on=date(2026, 3, 2),
        deadline=date(2026, 3, 10),
        completion_requested_at=datetime(2026, 3, 11, 16, tzinfo=SHANGHAI),
    )
    figures = close_out_figures(item, date(2026, 3, 16))
    # Asked the day after its deadline: late, whatever day the office closes it.
    assert (figures.closed_on, figures.closed_on_time) == (date(2026, 3, 16), False)
    assert figures.handling_workdays == close_out_figures(item, date(2026, 4, 1)).handling_workdays
    assert figures.look_back_due > figures.closed_on
    assert set(figures.fields()) == {"closed_on", "closed_on_time", "handling_workdays", "look_back_due"}
    item.completion_requested_at = datetime(2026, 3, 10, 16, tzinfo=SHANGHAI)
    assert close_out_figures(item, date(2026, 3, 16)).closed_on_time is True
    item.completion_requested_at = None  # never asked: the work ended on the close-out day
    assert close_out_figures(item, date(2026, 3, 9)).closed_on_time is True
