"""换班 and 当前值班 in the browser: a 值班员 asks to hand tomorrow's shift to a colleague, the office director
approves it from his 换班 page, the shift changes hands; 当前值班 lists the county's units with their duty
phones, the one on duty now, the units with nobody marked, and filters by kind."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.browser.signin import sign_in
from tests.duty.conftest import county  # noqa: F401 - the fixture
from zhongshu.duty.models import DutyShift, ShiftSwap, SwapState

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_swap_is_requested_and_approved_and_on_duty_now_shows_the_county(
    page: Page,
    chromium,
    live_server,
    county,  # noqa: F811
):
    TOTPDevice.objects.create(user=county.director.user, name="测试", confirmed=True)
    today = timezone.localdate()
    zhang, li, wang = county.duty_officers
    shift = county.put_shift(zhang, today + timedelta(days=1), full_day=True)
    county.put_shift(wang, today, full_day=True)
    county.put_shift(li, today - timedelta(days=1), full_day=True)
    base = live_server.url

    sign_in(page, base, "zhiban1")
    page.goto(f"{base}/duty/swaps/")
    page.locator("#my-shifts").get_by_role("link", name="申请换班").click()
    expect(page.get_by_role("heading", name="申请换班")).to_be_visible()
    page.get_by_label("替班人员").select_option(label="李值班")
    page.get_by_label("换班事由").fill("孩子生病，需陪同就医")
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_text("待审批").first).to_be_visible()
    expect(page.get_by_role("button", name="撤回申请")).to_be_visible()

    director = chromium.new_context(locale="zh-CN").new_page()
    director.set_default_timeout(15_000)
    sign_in(director, base, "zhuren")
    director.goto(f"{base}/duty/swaps/")
    approvals = director.locator("#to-approve")
    expect(approvals).to_contain_text("张值班")
    approvals.get_by_role("link", name="审批").click()
    director.get_by_label("审批意见").fill("同意")
    director.get_by_role("button", name="同意换班").click()
    expect(director.get_by_text("已同意").first).to_be_visible()
    assert ShiftSwap.objects.get().state == SwapState.APPROVED
    assert DutyShift.objects.get(pk=shift.pk).person == li

    # 当前值班: the tab, the county's units with their phones, who is on duty now, nobody in the towns
    director.goto(f"{base}/duty/on-duty/")
    expect(director.get_by_role("heading", name="当前值班")).to_be_visible()
    office = director.locator("tr", has_text="县委办公室")
    expect(office).to_contain_text(county.duty_points["XWB"].phone)
    expect(office).to_contain_text("值班员")
    town = director.locator("tr", has_text="城关镇")
    expect(town).to_contain_text("当前无人值班")
    director.get_by_label("单位类别").select_option(label="乡镇")
    director.get_by_role("button", name="筛选").click()
    expect(director.locator("tbody tr")).to_have_count(2)
    expect(director.locator("tbody")).not_to_contain_text("县委办公室")
    director.screenshot(path="/tmp/duty_on_duty.png", full_page=True)
