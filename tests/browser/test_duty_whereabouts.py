"""领导去向 in the browser (issue 17, item 6, and its done-when): the 应急管理局's head files travel with his
deputy standing in (chosen with the picker), the office director approves it on the absence's page, the board
shows him away with the stand-in; the deputy's overlapping leave is flagged at filing, he confirms, and the
board flags the head and the deputy away together."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.browser.pickers import choose
from tests.browser.signin import sign_in
from tests.duty.conftest import county  # noqa: F401 - the fixture
from zhongshu.accounts.models import User
from zhongshu.duty.models import Absence, AbsenceState
from zhongshu.org.models import UnitKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def own_page(chromium, base: str, username: str) -> Page:
    fresh = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    fresh.set_default_timeout(15_000)
    sign_in(fresh, base, username)
    return fresh


def fill_span(page: Page, first: str, last: str) -> None:
    page.locator("#a-starts").fill(first)
    page.locator("#a-ends").fill(last)


def test_a_leader_files_travel_the_board_shows_the_stand_in_and_the_deputys_leave_is_flagged(
    page: Page,
    chromium,
    live_server,
    county,  # noqa: F811
):
    county.office.kind = UnitKind.PARTY_COMMITTEE
    county.office.save(update_fields=["kind"])
    TOTPDevice.objects.create(user=User.objects.get(username="zhuren"), name="测试", confirmed=True)
    base = live_server.url
    today = timezone.localdate()
    first, last = today.isoformat(), (today + timedelta(days=2)).isoformat()

    # The head files travel, his deputy standing in.
    sign_in(page, base, "yjj_jz")
    page.goto(f"{base}/duty/away/")
    expect(page.get_by_role("link", name="领导去向")).to_be_visible()
    page.get_by_role("link", name="请假、外出报备").click()
    page.locator("#a-kind").select_option("travel")
    fill_span(page, first, last)
    page.get_by_label("去向").fill("省应急管理厅")
    page.get_by_label("事由").fill("参加全省防汛培训")
    page.get_by_label("联系电话").fill("13900000010")
    choose(page, "主持（代理）工作", "吴", choice="吴副局长")
    page.get_by_role("button", name="报备").click()
    expect(page.get_by_role("heading", name="周局长外出报备")).to_be_visible()
    expect(page.locator(".facts")).to_contain_text("吴副局长")
    absence = Absence.objects.get()
    assert absence.state == AbsenceState.PENDING

    # The office director approves it on the absence's page.
    director = own_page(chromium, base, "zhuren")
    director.goto(f"{base}/duty/absences/{absence.pk}/")
    director.get_by_label("审批意见").fill("同意，注意安全")
    director.get_by_role("button", name="批准", exact=True).click()
    expect(director.get_by_text("已批准").first).to_be_visible()
    director.goto(f"{base}/duty/away/")
    today_table = director.locator("section.card").first
    expect(today_table).to_contain_text("周局长")
    expect(today_table.locator("td.stand-in")).to_have_text("吴副局长")
    expect(today_table).to_contain_text("省应急管理厅")

    # The deputy's overlapping leave: warned at filing, confirmed, then flagged on the board.
    deputy = own_page(chromium, base, "yjj_fjz")
    deputy.goto(f"{base}/duty/absences/new/")
    deputy.locator("#a-kind").select_option("leave")
    fill_span(deputy, (today + timedelta(days=1)).isoformat(), (today + timedelta(days=1)).isoformat())
    deputy.get_by_label("事由").fill("事假")
    deputy.get_by_label("联系电话").fill("13900000011")
    choose(deputy, "主持（代理）工作", "郭", choice="郭值班")
    deputy.get_by_role("button", name="报备").click()
    expect(deputy.get_by_role("alert")).to_contain_text("正职周局长与副职吴副局长同时不在岗")
    assert Absence.objects.count() == 1
    deputy.get_by_label("已知悉上述提示，仍然报备").check()
    deputy.get_by_role("button", name="报备").click()
    expect(deputy.get_by_role("heading", name="吴副局长请假报备")).to_be_visible()

    director.goto(f"{base}/duty/away/?day={(today + timedelta(days=1)).isoformat()}")
    expect(director.locator(".away-flags")).to_contain_text("正职周局长与副职吴副局长同时不在岗")
    expect(director.locator("section.card").first).to_contain_text("吴副局长")
    director.screenshot(path="/tmp/whereabouts_board.png", full_page=True)
