"""调整时间地点 in the browser (issue 16, item 2): the 文书 types a time that clashes with another meeting in the
room; the conflict check (htmx) names it and suggests free slots on working days; 选用 fills the form's start
and end, the check says the time is free, and the meeting moves."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.browser.test_meeting_seating import sign_in
from tests.meetings.conftest import county  # noqa: F401 - the fixture
from zhongshu.accounts.models import User
from zhongshu.meetings.models import Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_clash_is_shown_and_a_suggested_slot_chosen(page: Page, live_server, county):  # noqa: F811
    TOTPDevice.objects.create(user=User.objects.get(username="wenshu"), name="测试", confirmed=True)
    today = timezone.localdate()
    monday = today + timedelta(days=14 - today.weekday())
    at = lambda hour, minute=0: timezone.make_aware(datetime.combine(monday, time(hour, minute)))  # noqa: E731
    county.make_meeting("全县安全生产会议", starts_at=at(9), hours=2, room="first", attendees=[], chair=None)
    meeting = county.make_meeting("防汛工作调度会", starts_at=at(15), hours=1, room="first")
    base = live_server.url

    sign_in(page, base, "wenshu")
    page.goto(f"{base}/meetings/{meeting.pk}/")
    expect(page.get_by_test_id("no-conflicts")).to_be_visible()
    page.get_by_label("开始时间").fill(f"{monday}T10:00")
    page.get_by_label("结束时间").fill(f"{monday}T11:00")
    page.get_by_label("结束时间").dispatch_event("change")
    check = page.get_by_test_id("conflict-check")
    expect(check).to_contain_text("与以下安排时间冲突（1项）")
    expect(check).to_contain_text("全县安全生产会议")
    slots = check.get_by_test_id("slots")
    expect(slots.get_by_role("button", name="选用").first).to_be_visible()
    slots.get_by_role("button", name="选用").first.click()
    # The first free hour that day: after the other meeting, on the half hour.
    expect(page.get_by_label("开始时间")).to_have_value(f"{monday}T11:00")
    expect(page.get_by_label("结束时间")).to_have_value(f"{monday}T12:00")
    expect(page.get_by_test_id("conflict-check")).to_contain_text("所选时间无冲突")
    page.get_by_role("button", name="调整时间地点").click()
    expect(page.get_by_test_id("no-conflicts")).to_be_visible()
    moved = Meeting.objects.get(pk=meeting.pk)
    assert timezone.localtime(moved.starts_at) == at(11)
    assert moved.version == 2
