"""Issue 15's charts in Chromium: the 挂图督查 wall draws each chart as SVG whose figures are those of the
chart's 表格视图 table, and the overdue trend ends on the wall's own 逾期未办结."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from tests.browser.test_platform_shell import sign_in
from zhongshu.accounts.models import User
from zhongshu.demo.build import build_demo
from zhongshu.supervision.models import ItemKind, Source, SupervisionItem
from zhongshu.supervision.progress_wall import progress_wall
from zhongshu.supervision.states import ItemState

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_wall(transactional_db):
    """The demo county, with one item late for ten days and another closed on time three days ago; returns the
    office's wall as the demo's own history (zhongshu/demo/supervision_history.py) had it before that."""
    build_demo(io.StringIO())
    before = progress_wall(User.objects.get(username="duchayuan"))
    today, now = timezone.localdate(), timezone.now()
    # The demo's one item waiting to be received besides those its 防汛 meeting's decisions and its drill's
    # problems (整改, issue 17) made.
    late = (
        SupervisionItem.objects.exclude(source=Source.MEETING_DECISION)
        .exclude(kind=ItemKind.RECTIFICATION)
        .get(state=ItemState.ASSIGNED)
    )
    done = SupervisionItem.objects.get(title="推进县直部门预算绩效管理改革")
    SupervisionItem.objects.filter(pk=late.pk).update(
        deadline=today - timedelta(days=10), assigned_on=today - timedelta(days=40)
    )
    SupervisionItem.objects.filter(pk=done.pk).update(
        state=ItemState.CLOSED,
        deadline=today + timedelta(days=10),
        completion_requested_at=now - timedelta(days=4),
        closed_on=today - timedelta(days=3),
        closed_on_time=True,
        handling_workdays=5,
    )
    return before


def _table_view(figure: Locator) -> list[tuple[str, str]]:
    """The chart's 表格视图: (category, figure) per row, read from the page whether the details are open or not."""
    return [
        (
            (row.locator("th").text_content() or "").strip(),
            (row.locator("td").first.text_content() or "").strip(),
        )
        for row in figure.locator("details.chart-table tbody tr").all()
    ]


def test_the_walls_charts_draw_in_svg_the_figures_of_their_table_view(page: Page, live_server, demo_wall):
    sign_in(page, live_server.url, "duchayuan")
    page.goto(f"{live_server.url}/supervision/wall/")
    expect(page.get_by_role("heading", name="挂图督查")).to_be_visible()
    for chart_id, title in (
        ("by-state", "事项按状态"),
        ("overdue-trend", "逾期趋势（近8周，每周同日逾期未办结）"),
        ("unit-on-time", "各牵头单位按期办结率"),
    ):
        figure = page.get_by_test_id(f"chart-{chart_id}")
        expect(figure.locator("figcaption")).to_have_text(title)
        expect(figure.locator(".chart-canvas svg")).to_have_count(1)  # ECharts has drawn it
        rows = _table_view(figure)
        assert rows, chart_id
        # Each drawn value label, in order, is the table's figure ("—", no value, is drawn as a gap).
        drawn = figure.locator("svg text").all_text_contents()
        shown = [value for _, value in rows if value != "—"]
        assert drawn[-len(shown) :] == shown, chart_id
        # A screen reader hears the same figures.
        spoken = "；".join(f"{category}{value}" for category, value in rows)
        expect(figure.locator(".chart-canvas")).to_have_attribute("aria-label", f"{title}：{spoken}。")

    states = dict(_table_view(page.get_by_test_id("chart-by-state")))
    before = {code: count for code, _, count in demo_wall.by_state}
    # The fixture moved one 办理中 item to 已销号; the 待签收 one stays 待签收, only late.
    assert (states["待交办"], states["待签收"], states["办理中"], states["已销号"]) == (
        f"{before['draft']}件",
        f"{before['assigned']}件",
        f"{before['in_progress'] - 1}件",
        f"{before['closed'] + 1}件",
    )
    # Late since ten days ago: one more on the last two trend days (a week ago and today), none before.
    trend = [value for _, value in _table_view(page.get_by_test_id("chart-overdue-trend"))]
    counts = [count for _, count in demo_wall.trend]
    assert trend == [f"{count + (1 if i >= 6 else 0)}件" for i, count in enumerate(counts)]
    expect(page.get_by_test_id("overdue-open")).to_have_text(f"{demo_wall.overdue_open + 1}逾期未办结")
    rates = dict(_table_view(page.get_by_test_id("chart-unit-on-time")))
    assert rates["示例县财政局"] == "100%"  # its items closed on time, the fixture's one too
    assert rates["示例县住房和城乡建设局"] == "50%"  # the demo's: one of its two closed items was late

    # The table view opens under the chart.
    figure = page.get_by_test_id("chart-overdue-trend")
    figure.get_by_text("表格视图").click()
    expect(figure.locator("details.chart-table table")).to_be_visible()
