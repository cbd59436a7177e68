"""申请会议 in the browser (issue 16, item 1): the bureau's liaison fills the application with the pickers,
checks it — the leader is taken at that hour, the conflict is listed with suggested free slots — takes a
slot in one click, saves and submits it (报批); the office director approves it on the meeting's page."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.browser.pickers import choose
from tests.browser.test_meeting_seating import own_page, sign_in
from tests.meetings.conftest import county  # noqa: F401 - the fixture
from zhongshu.accounts.models import User
from zhongshu.meetings.models import Meeting
from zhongshu.meetings.states import MeetingState
from zhongshu.workdays.calendar import add_workdays

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "汛期防汛物资调度专题会"


def test_apply_see_the_conflict_take_a_suggested_slot_submit_and_approve(
    page: Page,
    chromium,
    live_server,
    county,  # noqa: F811
):
    TOTPDevice.objects.create(user=User.objects.get(username="zhuren"), name="测试", confirmed=True)
    day = add_workdays(timezone.localdate(), 3)
    start = timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=9))
    county.make_meeting(
        "县政府常务会议", starts_at=start, hours=3, attendees=[county.leaders[2]], room="first"
    )
    base = live_server.url

    sign_in(page, base, "slj_llr")
    page.goto(f"{base}/meetings/apply/")
    page.get_by_label("会议名称").fill(TITLE)
    page.get_by_label("会议类型").select_option(label="专题会")
    page.get_by_label("议题").fill("防汛物资储备情况\n下一步调度安排")
    page.get_by_label("开始时间").fill(f"{day:%Y-%m-%d}T10:00")
    page.get_by_label("结束时间").fill(f"{day:%Y-%m-%d}T11:00")
    page.get_by_label("会议室").select_option(label="第三会议室（12人）")
    choose(page, "参会人员", "陈副", choice="陈副县长")
    choose(page, "参会人员", "钱局", choice="钱局长")
    page.get_by_role("button", name="检查冲突").click()

    conflicts = page.get_by_test_id("conflicts")
    expect(conflicts).to_contain_text("陈副县长")
    slots = page.get_by_test_id("slots").get_by_role("button")
    expect(slots.first).to_be_visible()
    chosen = slots.first.get_attribute("value") or ""
    slots.first.click()
    expect(page.get_by_test_id("no-conflict")).to_be_visible()
    slot_start, slot_end = chosen.split("|")
    expect(page.get_by_label("开始时间")).to_have_value(slot_start)
    expect(page.get_by_label("结束时间")).to_have_value(slot_end)
    page.get_by_role("button", name="保存申请").click()

    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    meeting = Meeting.objects.get(title=TITLE)
    assert timezone.localtime(meeting.starts_at).strftime("%Y-%m-%dT%H:%M") == slot_start
    assert sorted(meeting.attendees.values_list("person__name", flat=True)) == ["钱局长", "陈副县长"]
    page.locator('form[data-action="submit"]').get_by_role("button", name="报批").click()
    expect(page.get_by_test_id("state")).to_have_text("待审批")

    director = own_page(chromium, base, "zhuren")
    director.goto(f"{base}/meetings/{meeting.pk}/")
    director.get_by_label("审批意见").fill("同意召开")
    director.locator('form[data-action="approve"]').get_by_role("button", name="批准").click()
    expect(director.get_by_test_id("state")).to_have_text("已批准")
    assert Meeting.objects.get(pk=meeting.pk).state == MeetingState.APPROVED
    assert datetime.fromisoformat(slot_end) - datetime.fromisoformat(slot_start) == timedelta(hours=1)
