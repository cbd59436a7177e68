"""值班表 in the browser: the office's 值班员 opens the 值班表 tab, generates the county office's roster across
the 2026 National Day holiday (make-up days 9月20日 and 10月10日), sees every holiday day marked 国庆节 with a
带班领导 and a 值班员 on 24-hour duty and 10月10日 as 调休上班 in office hours, replaces one person by hand,
and publishes; the roster then reads 已发布 and offers no more edits."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from tests.browser.signin import sign_in
from tests.duty.conftest import county  # noqa: F401 - the fixture
from zhongshu.duty.models import DutyRoster, RosterState
from zhongshu.workdays.calendar import has_schedule

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _calendar() -> None:
    """A transactional test may start after another flushed the seeded calendar: seed the package years again."""
    from zhongshu.workdays.models import CalendarDay, CalendarRevision, HolidaySchedule
    from zhongshu.workdays.seeding import seed_package_years
    from zhongshu.workdays.snapshot import calendar_changed

    if not has_schedule(2026):
        seed_package_years(HolidaySchedule, CalendarDay, CalendarRevision)
        calendar_changed()


def test_generate_view_edit_and_publish_a_roster_across_national_day(page: Page, live_server, county):  # noqa: F811
    _calendar()
    base = live_server.url
    sign_in(page, base, "zhiban1")
    page.goto(f"{base}/duty/")
    expect(page.get_by_role("heading", name="值班表")).to_be_visible()
    page.get_by_role("link", name="生成值班表").click()
    page.get_by_label("单位").select_option(label="县委办公室")
    page.get_by_label("开始日期").fill("2026-09-28")
    page.get_by_label("结束日期").fill("2026-10-11")
    page.get_by_role("button", name="生成").click()
    expect(page.get_by_text("已生成值班表草稿")).to_be_visible()
    table = page.get_by_test_id("roster")
    national_day = table.locator("tr[data-day='2026-10-01']")
    expect(national_day).to_contain_text("国庆节")
    expect(national_day).to_contain_text("24小时")
    expect(national_day).to_contain_text("星期四")
    makeup = table.locator("tr[data-day='2026-10-10']")
    expect(makeup).to_contain_text("调休上班")
    expect(makeup).to_contain_text("工作时间")
    roster = DutyRoster.objects.get()
    for day in range(1, 8):
        row = table.locator(f"tr[data-day='2026-10-0{day}']")
        for code in ("leader", "officer"):
            shift = roster.shifts.get(day=date(2026, 10, day), role__code=code)
            expect(row).to_contain_text(shift.person.name)
    page.screenshot(path="/tmp/duty_roster.png", full_page=True)
    # Replace the 值班员 of 9月28日 by hand.
    shift = roster.shifts.get(day=date(2026, 9, 28), role__code="officer")
    other = next(p for p in county.duty_officers if p != shift.person)
    row = table.locator("tr[data-day='2026-09-28']")
    cell = row.locator("td").nth(4)
    cell.locator("summary").click()
    cell.locator("select").select_option(label=other.name)
    cell.get_by_role("button", name="确定").click()
    expect(page.get_by_text("已换人")).to_be_visible()
    expect(page.get_by_test_id("roster").locator("tr[data-day='2026-09-28']")).to_contain_text(other.name)
    page.get_by_role("button", name="发布").click()
    expect(page.get_by_text("值班表已发布")).to_be_visible()
    expect(page.locator(".facts")).to_contain_text("已发布")
    expect(page.get_by_text("换人")).to_have_count(0)
    assert DutyRoster.objects.get().state == RosterState.PUBLISHED
    page.get_by_role("link", name="返回列表").click()
    expect(page.get_by_test_id("rosters")).to_contain_text("县委办公室值班表")
