"""值班记录 and 交接班 in the browser (issue 17, item 2): the night duty officer logs an urgent call in the
entry form (来电信息 / 事件情况 / 处理情况), sees it first on the day's log marked 紧急, hands over with the
open matter listed; the morning officer finds the handover in his 待办, cannot complete it before confirming
the urgent matter (the page says which), confirms it, and takes over."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.test_meeting_seating import own_page, sign_in
from tests.duty.conftest import county  # noqa: F401 - the fixture
from zhongshu.duty.models import DutyLogEntry, DutyShift, Handover

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_log_a_call_on_the_night_shift_hand_over_and_the_morning_shift_acknowledges(
    page: Page,
    chromium,
    live_server,
    county,  # noqa: F811
):
    now = timezone.now()
    night = county.put_shift(county.duty_officers[0], timezone.localdate(now))
    night.starts_at, night.ends_at = now - timedelta(hours=10), now + timedelta(hours=1)
    night.save()
    morning = county.put_shift(county.duty_officers[1], timezone.localdate(now))
    morning.starts_at, morning.ends_at = night.ends_at, night.ends_at + timedelta(hours=9)
    morning.save()
    base = live_server.url

    sign_in(page, base, "zhiban1")
    page.goto(f"{base}/duty/log/")
    expect(page.get_by_role("heading", name="值班记录")).to_be_visible()
    page.get_by_role("link", name="记录来电（来文、来访）").click()
    for legend in ("来电信息", "事件情况", "处理情况"):
        expect(page.locator("fieldset legend", has_text=legend)).to_be_visible()
    received = timezone.localtime(now - timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("时间", exact=True).fill(received)
    page.get_by_label("来电（来文、来访）单位").fill("河口乡人民政府")
    page.get_by_label("姓名").fill("刘明")
    page.get_by_label("职务").fill("党委副书记")
    page.get_by_label("联系电话").fill("13912345678")
    page.get_by_label("事由").fill("河口乡石门村山体滑坡")
    page.get_by_label("紧急", exact=True).check()
    page.get_by_label("地点").fill("河口乡石门村三组")
    page.get_by_label("经过").fill("后山约3000方土石滑落，掩埋村道")
    page.get_by_label("采取的措施").fill("已通知应急管理局赶赴现场")
    page.get_by_label("已报告（告知）").fill("已报告带班领导")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name="河口乡石门村山体滑坡")).to_be_visible()
    expect(page.get_by_text("党委副书记")).to_be_visible()
    entry = DutyLogEntry.objects.get()
    assert entry.shift_id == night.pk and entry.urgency == "urgent" and entry.caller_phone == "13912345678"

    # a routine call too: the urgent one stays first on the day's log
    page.goto(f"{base}/duty/log/new/")
    page.get_by_label("时间", exact=True).fill(
        timezone.localtime(now - timedelta(minutes=2)).strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_label("事由").fill("城关镇报平安")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name="城关镇报平安")).to_be_visible()
    page.goto(f"{base}/duty/log/")
    rows = page.get_by_test_id("log-row")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("河口乡石门村山体滑坡")
    expect(rows.first.locator(".badge.urgent")).to_have_text("紧急")

    page.get_by_role("link", name="交接班").click()
    expect(page.get_by_test_id("matter")).to_have_count(2)
    page.get_by_label("交接说明：河口乡石门村山体滑坡").fill("等待应急局现场报告")
    page.get_by_label("交班说明").fill("滑坡现场仍在处置")
    page.get_by_role("button", name="交班").click()
    expect(page.get_by_text("已交班，等待下一班确认")).to_be_visible()
    handover = Handover.objects.get()
    assert handover.to_shift_id == morning.pk

    morning_page = own_page(chromium, base, "zhiban2")
    expect(morning_page.get_by_text("待确认交接").first).to_be_visible()  # the workbench
    morning_page.goto(f"{base}/duty/handovers/{handover.pk}/")
    expect(morning_page.get_by_test_id("handover-item")).to_have_count(2)
    morning_page.get_by_role("button", name="确认接班").click()
    expect(
        morning_page.get_by_text("紧急事项「河口乡石门村山体滑坡」尚未确认，不能完成交接班")
    ).to_be_visible()
    urgent_row = morning_page.get_by_test_id("handover-item").filter(has_text="河口乡石门村山体滑坡")
    urgent_row.get_by_role("button", name="确认此事项").click()
    expect(urgent_row.get_by_text("已确认")).to_be_visible()
    morning_page.get_by_role("button", name="确认接班").click()
    expect(morning_page.get_by_test_id("handover-state")).to_contain_text("已接班")
    expect(morning_page.get_by_test_id("handover-state")).to_contain_text("李值班")
    handover.refresh_from_db()
    assert handover.acknowledged_by == county.duty_officers[1].user
    assert DutyShift.objects.count() == 2
    morning_page.context.close()
