"""三重一大 in the browser: a bureau's liaison files a 大额资金使用 matter two working days before its meeting (the
rule asks three), is told it counts as 迟报, and the office director's register shows the filing marked 迟报 with
the bureau among the 迟报单位."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.browser.signin import sign_in
from tests.reporting.conftest import county  # noqa: F401 - the fixture
from zhongshu.reporting import major
from zhongshu.reporting.models import MajorDecisionFiling
from zhongshu.workdays.calendar import add_workdays

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_liaison_files_two_working_days_ahead_and_the_office_sees_it_late(
    page: Page,
    chromium,
    live_server,
    county,  # noqa: F811
):
    TOTPDevice.objects.create(user=county.director.user, name="测试", confirmed=True)
    today = timezone.localdate()
    # The third working day from today on: today's and the next working day lie before it — two.
    meeting = add_workdays(today - timedelta(days=1), 3)
    assert major.working_days_before(today, meeting) == 2
    base = live_server.url

    sign_in(page, base, "czj_llr")
    page.goto(f"{base}/reporting/")
    page.get_by_role("link", name="三重一大").first.click()
    page.get_by_role("link", name="报备事项").click()
    expect(page.get_by_role("heading", name="报备三重一大事项")).to_be_visible()
    page.get_by_label("类别").select_option(label="大额资金使用")
    page.get_by_label("事项名称").fill("县城区污水管网改造配套资金拨付")
    page.get_by_label("主要内容").fill("拟从县级财政预备费中拨付配套资金，用于城区污水管网改造二期工程。")
    page.get_by_label("涉及金额（万元）").fill("680")
    page.get_by_label("决策会议").fill("局党组会议")
    page.get_by_label("会议日期").fill(meeting.isoformat())
    page.get_by_role("button", name="报备").click()
    expect(page.get_by_text("记为迟报")).to_be_visible()
    expect(page.get_by_role("heading", name="县城区污水管网改造配套资金拨付")).to_contain_text("迟报")
    filing = MajorDecisionFiling.objects.get()
    assert filing.late and filing.unit == county.units[0] and str(filing.amount) == "680.00"

    director = chromium.new_context(locale="zh-CN").new_page()
    director.set_default_timeout(15_000)
    sign_in(director, base, "zhuren")
    director.goto(f"{base}/reporting/major/")
    row = director.locator(f'tr[data-filing="{filing.pk}"]')
    expect(row).to_contain_text("县财政局")
    expect(row).to_contain_text("大额资金使用")
    expect(row).to_contain_text("迟报")
    expect(row).to_have_class("major-late")
    late_units = director.get_by_test_id("late-units")
    expect(late_units).to_contain_text("迟报单位")
    expect(late_units).to_contain_text("县财政局")
    director.get_by_label("只看迟报").check()
    director.get_by_role("button", name="筛选").click()
    expect(director.locator("[data-filing]")).to_have_count(1)
    director.screenshot(path="/tmp/reporting_major.png", full_page=True)
