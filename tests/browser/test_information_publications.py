"""刊物 in the browser: an editor assembles a 快报 issue from two adopted items, sends it for review, the office
director signs it off on the workflow's step page (the issue takes 第1期), the editor distributes it, a county
leader opens it from his 刊物 tab and the editor sees his receipt read."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.browser.signin import sign_in
from tests.information.conftest import county  # noqa: F401 - the fixture
from tests.information.publications_helpers import adopted_item
from zhongshu.information.models import IssueReceipt, IssueState, PublicationIssue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_issue_is_assembled_signed_off_distributed_and_read(
    page: Page,
    chromium,
    live_server,
    county,  # noqa: F811
):
    for person in (county.director, county.leaders[1]):
        TOTPDevice.objects.create(user=person.user, name="测试", confirmed=True)
    adopted_item(county, "城关镇春耕备耕有序推进", town=0)
    adopted_item(county, "河口乡开展防汛隐患排查", town=1)
    base = live_server.url

    sign_in(page, base, "bianji1")
    page.goto(f"{base}/information/issues/")
    page.get_by_label("刊物").select_option(label="快报（快报）")
    page.get_by_role("button", name="新建").click()
    expect(page.get_by_role("heading", name="稿件")).to_be_visible()
    for title in ("城关镇春耕备耕有序推进", "河口乡开展防汛隐患排查"):
        page.get_by_label("编入已采用信息").select_option(
            label=f"{title}（{'城关镇' if '城关' in title else '河口乡'}）"
        )
        page.get_by_role("button", name="编入本期").click()
        expect(page.locator("#issue-entries")).to_contain_text(title)
    expect(page.locator(".issue-entry")).to_have_count(2)
    page.get_by_label("签发人").select_option(label="赵主任（办公室主任）")
    page.get_by_role("button", name="送审").click()
    expect(page.get_by_text("审核中").first).to_be_visible()
    issue = PublicationIssue.objects.get()
    assert issue.state == IssueState.IN_REVIEW

    director = chromium.new_context(locale="zh-CN").new_page()
    director.set_default_timeout(15_000)
    sign_in(director, base, "zhuren")
    director.goto(f"{base}/information/issues/{issue.pk}/")
    director.get_by_role("link", name="签发本期").click()
    director.get_by_label("意见").fill("同意印发")
    director.get_by_role("button", name="同意", exact=True).click()
    expect(director.get_by_test_id("step-done")).to_be_visible()
    issue.refresh_from_db()
    assert issue.state == IssueState.SIGNED and issue.number == 1

    page.goto(f"{base}/information/issues/{issue.pk}/")
    expect(page.get_by_role("heading", name=f"《快报》{issue.year}年第1期")).to_be_visible()
    page.get_by_role("button", name="分发").click()
    expect(page.locator("#receipts")).to_contain_text("王县长")
    expect(page.locator("#receipts tr", has_text="王县长")).to_contain_text("未读")

    leader = chromium.new_context(locale="zh-CN").new_page()
    leader.set_default_timeout(15_000)
    sign_in(leader, base, "leader2")
    leader.goto(f"{base}/information/")
    leader.get_by_role("link", name="刊物").first.click()
    row = leader.locator("#issues tr", has_text="快报")
    expect(row).to_contain_text("未读")
    row.get_by_role("link", name="阅读").click()
    expect(leader.locator("#issue-entries")).to_contain_text("城关镇春耕备耕有序推进")
    assert IssueReceipt.objects.get(issue=issue, person=county.leaders[1]).read_at is not None

    page.reload()
    expect(page.locator("#receipts tr", has_text="王县长")).to_contain_text("已读")
    page.screenshot(path="/tmp/information_publications.png", full_page=True)
