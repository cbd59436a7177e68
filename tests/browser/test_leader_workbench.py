"""Issue 15, build 5, in the browser: the 县委书记 signs in with his second factor and finds on his workbench the
supervision item he is 责任领导 for with its last report, and the document waiting for his 签发; the office
director sees the day's figures, and a figure opens the list behind it with as many rows as it says."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import Page, expect

from zhongshu.accounts.models import User
from zhongshu.accounts.totp import current_totp_code
from zhongshu.demo.build import build_demo
from zhongshu.demo.data import DEMO_PASSWORD
from zhongshu.supervision.models import ProgressReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_county(transactional_db):
    build_demo(io.StringIO())


def sign_in_with_second_factor(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_label("验证码").fill(current_totp_code(User.objects.get(username=username)))
    page.get_by_role("button", name="验证").click()
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()


def test_the_leader_sees_the_item_he_leads_with_its_last_report(page: Page, live_server, demo_county):
    report = ProgressReport.objects.get(item__title="推进县直部门预算绩效管理改革")
    sign_in_with_second_factor(page, live_server.url, "leader1")

    items = page.get_by_test_id("panel-supervision.leader")
    expect(items.get_by_role("heading", name="我负责的督办事项")).to_be_visible()
    row = items.get_by_role("row").filter(has_text="推进县直部门预算绩效管理改革")
    expect(row).to_contain_text(report.text)
    expect(row).to_contain_text("办理中")
    expect(row).to_contain_text("财政局")
    expect(items.get_by_role("row").filter(has_text="校园食品安全")).to_contain_text("领导批示")

    signing = page.get_by_test_id("panel-workflow.sign_off")
    expect(signing.get_by_role("link", name="关于开展全县优化营商环境专项督查的通知")).to_be_visible()
    expect(page.get_by_test_id("panel-documents.instructions")).to_contain_text("校园食品安全关系千家万户")
    # 本周日程 (issue 16): the demo enters his engagements of this week, his 调研 among them.
    expect(page.get_by_test_id("schedule")).to_contain_text("赴青石镇调研乡村振兴工作")

    row.get_by_role("link", name="推进县直部门预算绩效管理改革").click()
    expect(page.get_by_role("heading", name="推进县直部门预算绩效管理改革")).to_be_visible()


def test_the_directors_figure_opens_its_list_with_the_same_count(page: Page, live_server, demo_county):
    sign_in_with_second_factor(page, live_server.url, "zhuren")
    figures = page.get_by_test_id("office-figures")
    received = page.get_by_test_id("figure-documents.received_today")
    expect(received).to_contain_text("今日收文")
    count = int(received.locator(".figure-count").inner_text())
    assert count >= 1
    for key in ("documents.dispatched_today", "supervision.overdue", "supervision.close_out"):
        expect(figures.get_by_test_id(f"figure-{key}")).to_be_visible()

    received.click()
    expect(page.get_by_role("heading", name="收文")).to_be_visible()
    expect(page.get_by_test_id("list-filter")).to_contain_text("收文日期")
    expect(page.get_by_test_id("inbox").locator("tbody tr")).to_have_count(count)
    expect(page.get_by_test_id("inbox")).to_contain_text("关于做好今年防汛抗旱工作的通知")
