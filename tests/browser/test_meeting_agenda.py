"""议题 and 涉密会议 in the browser (issue 16, items 6–7): the 文书 adds a topic choosing its presenter in the
picker, the presenter sends in the material and the agenda says it is in; on a 机密 meeting the 文书 hands
a numbered copy to a leader chosen in the picker, the page says the meeting cannot close while it is out,
the copy comes back, the checklist is recorded item by item and the meeting closes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.browser.pickers import choose
from tests.browser.test_meeting_seating import own_page, sign_in
from tests.meetings.conftest import county  # noqa: F401 - the fixture
from zhongshu.accounts.models import User
from zhongshu.base.levels import Classification
from zhongshu.meetings.models import MaterialCopy, Meeting, SecrecyCheck, Topic
from zhongshu.meetings.states import MeetingState

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_topic_is_added_with_a_presenter_who_sends_in_the_material(
    page: Page,
    chromium,
    live_server,
    county,  # noqa: F811
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    TOTPDevice.objects.create(user=User.objects.get(username="wenshu"), name="测试", confirmed=True)
    start = timezone.localtime().replace(minute=0, second=0, microsecond=0) + timedelta(days=21)
    meeting = county.make_meeting("全县防汛工作会议", state=MeetingState.NOTIFIED, starts_at=start)
    base = live_server.url

    sign_in(page, base, "wenshu")
    page.goto(f"{base}/meetings/{meeting.pk}/")
    page.get_by_label("议题", exact=True).fill("全县防汛准备情况汇报")
    choose(page, "汇报人", "钱", choice="钱局长")
    page.get_by_label("计划时长（分钟）").fill("20")
    page.get_by_role("button", name="添加议题").click()
    agenda = page.get_by_test_id("agenda")
    expect(agenda).to_contain_text("全县防汛准备情况汇报")
    expect(agenda).to_contain_text("县水利局")
    expect(page.get_by_test_id("materials-state")).to_have_text("未报送")

    presenter = own_page(chromium, base, "slj_jz")
    presenter.goto(f"{base}/meetings/{meeting.pk}/")
    presenter.locator("#m-files").set_input_files(
        files=[{"name": "防汛汇报.txt", "mimeType": "text/plain", "buffer": "防汛准备情况".encode()}]
    )
    presenter.get_by_role("button", name="报送材料").click()
    expect(presenter.get_by_test_id("materials-state")).to_contain_text("已报送")
    expect(presenter.get_by_test_id("agenda").get_by_role("link", name="防汛汇报.txt")).to_be_visible()
    assert Topic.objects.get().materials_submitted_at is not None


def test_a_classified_meeting_closes_once_the_copy_is_back_and_the_checklist_done(
    page: Page,
    live_server,
    county,  # noqa: F811
):
    TOTPDevice.objects.create(user=User.objects.get(username="wenshu"), name="测试", confirmed=True)
    meeting = county.make_meeting(
        "全县维稳形势分析会",
        state=MeetingState.NOTIFIED,
        classification=Classification.SECRET,
        room="secure",
        attendees=county.leaders[1:3],
    )
    base = live_server.url
    sign_in(page, base, "wenshu")
    page.goto(f"{base}/meetings/{meeting.pk}/")

    page.get_by_label("材料名称").fill("维稳形势分析报告")
    choose(page, "领取人", "王", choice="王县长")
    page.get_by_role("button", name="登记发放").click()
    expect(page.get_by_test_id("copies")).to_contain_text("维稳形势分析报告")
    expect(page.get_by_test_id("copies-out")).to_have_text("1")
    expect(page.get_by_test_id("close-blocked")).to_contain_text("尚有1份涉密材料未收回")

    page.get_by_role("button", name="收回维稳形势分析报告第1份").click()
    expect(page.get_by_test_id("copies-out")).to_have_text("0")
    for label in SecrecyCheck.labels:
        page.get_by_label("检查项目").select_option(label=label)
        page.get_by_role("button", name="记录检查").click()
        expect(page.get_by_test_id("checklist").locator("tr", has_text=label)).to_contain_text("已检查")
    page.get_by_role("button", name="结束会议").click()
    expect(page.get_by_test_id("state")).to_have_text("已结束")
    assert MaterialCopy.objects.get().returned_at is not None
    assert Meeting.objects.get(pk=meeting.pk).closed_at is not None
