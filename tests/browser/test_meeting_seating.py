"""座次 and 签到 in the browser (issue 16, items 4–5): the 文书 arranges the seating of a notified meeting, two
leaders reply — one attends, one sends a substitute — and the seating shows the substitute in the seat of the
leader he replaces; the 文书 opens sign-in, the room shows the code and its QR code, the substitute opens the
QR code's address on his phone and signs in, and the sign-in table says so."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.browser.pickers import choose
from tests.browser.signin import sign_in
from tests.meetings.conftest import county  # noqa: F401 - the fixture
from zhongshu.accounts.models import User
from zhongshu.meetings.models import Attendee
from zhongshu.meetings.states import MeetingState

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "全县安全生产工作会议"


def own_page(chromium, base: str, username: str, **context: object) -> Page:
    """A page in a new browser context, signed in as `username`."""
    fresh = chromium.new_context(locale="zh-CN", **context).new_page()
    fresh.set_default_timeout(15_000)
    sign_in(fresh, base, username)
    return fresh


def test_replies_with_a_substitute_update_the_seating_and_the_substitute_signs_in_by_code(
    page: Page,
    chromium,
    live_server,
    county,  # noqa: F811
):
    for username in ("wenshu", "leader1", "leader2"):
        TOTPDevice.objects.create(user=User.objects.get(username=username), name="测试", confirmed=True)
    start = timezone.localtime() + timedelta(days=1)
    meeting = county.make_meeting(
        TITLE,
        state=MeetingState.NOTIFIED,
        starts_at=start,
        attendees=county.leaders[:3],
        reply_deadline=start - timedelta(hours=2),
    )
    base = live_server.url

    # The 文书 arranges the seating: three under the party convention, seen from the audience 3 1 2.
    sign_in(page, base, "wenshu")
    page.goto(f"{base}/meetings/{meeting.pk}/")
    page.get_by_test_id("seating-link").click()
    expect(page.get_by_test_id("convention")).to_contain_text("党委惯例")
    page.get_by_test_id("arrange").click()
    platform = page.get_by_test_id("platform").locator("li")
    expect(platform).to_have_count(3)
    expect(platform.nth(0)).to_contain_text("陈副县长")
    expect(platform.nth(1)).to_contain_text("郑书记")
    expect(platform.nth(2)).to_contain_text("王县长")

    # Two replies: 郑书记 attends, 王县长 sends 钱局长.
    leader = own_page(chromium, base, "leader1")
    leader.goto(f"{base}/meetings/{meeting.pk}/")
    form = leader.get_by_test_id("reply-form")
    form.get_by_label("参加").check()
    form.get_by_role("button", name="提交回执").click()
    expect(leader.get_by_text("参会回执已提交")).to_be_visible()
    leader.context.close()

    leader = own_page(chromium, base, "leader2")
    leader.goto(f"{base}/meetings/{meeting.pk}/")
    form = leader.get_by_test_id("reply-form")
    form.get_by_label("委派代参").check()
    choose(leader, "代参人员", "钱", choice="钱局长")
    form.get_by_label("事由").fill("另有公务")
    form.get_by_role("button", name="提交回执").click()
    expect(leader.get_by_text("参会回执已提交")).to_be_visible()
    leader.context.close()
    row = Attendee.objects.get(meeting=meeting, person=county.leaders[1])
    assert row.substitute == county.bureau_head

    # The seating follows: 钱局长 in 王县长's seat, marked as his substitute.
    page.goto(f"{base}/meetings/{meeting.pk}/seating/")
    platform = page.get_by_test_id("platform").locator("li")
    expect(platform.nth(2)).to_contain_text("钱局长")
    expect(platform.nth(2)).to_contain_text("（代王县长）")
    expect(page.get_by_test_id("seating-stale")).to_have_count(0)

    # Sign-in opens; the room shows the code and the QR code of the sign-in address.
    page.goto(f"{base}/meetings/{meeting.pk}/")
    page.get_by_test_id("open-sign-in").click()
    code = page.get_by_test_id("signin-code").inner_text().strip()
    assert len(code) == 6 and code.isdigit()
    qr = page.get_by_test_id("signin-qr")
    expect(qr.locator("svg")).to_be_visible()
    address = qr.get_attribute("data-url")
    assert address is not None and address.endswith(f"/meetings/{meeting.pk}/sign-in/?code={code}")

    # The substitute opens the QR code's address on his phone and signs in.
    phone = own_page(chromium, base, "slj_jz", viewport={"width": 390, "height": 844})
    phone.goto(address)
    expect(phone.get_by_label("签到码")).to_have_value(code)
    phone.get_by_test_id("sign-in").click()
    expect(phone.get_by_test_id("signed-in")).to_contain_text("代王县长参会")
    phone.goto(address)
    expect(phone.get_by_test_id("sign-in")).to_have_count(0)
    phone.context.close()

    # The 文书's sign-in table: 钱局长 (for 王县长) signed in, the others not yet.
    page.goto(f"{base}/meetings/{meeting.pk}/")
    line = page.get_by_test_id("signin-table").locator(f'tr[data-attendee="{row.pk}"]')
    expect(line).to_contain_text("钱局长（代王县长）")
    expect(line.locator("[data-status]")).to_have_text("已签到")
    expect(page.get_by_test_id("signin-counts")).to_contain_text("已签到1人")
