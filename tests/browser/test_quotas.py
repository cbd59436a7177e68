"""The 额度 page in Chromium (issue 16, 精文减会 made general): the office director opens it from the bar,
sees 发文 first with its chart drawn, chooses another kind with the chooser (no script needed), sets a unit's
quota in the one form and sees its status."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_platform_shell import sign_in
from tests.quotas.conftest import TEST_KIND, held  # noqa: F401 — the second kind, 试点会
from zhongshu.demo.build import build_demo
from zhongshu.org.models import Unit
from zhongshu.quotas.models import Quota

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_director_sets_a_quota_of_another_kind(page: Page, live_server, transactional_db, held):  # noqa: F811
    build_demo(io.StringIO())
    office = Unit.objects.get(code="XWB")  # 县委办公室
    held[(office.pk, 2025)] = 2
    sign_in(page, live_server.url, "xwb_fzr2")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="额度").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("发文额度（")
    figure = page.get_by_test_id("chart-quotas")
    expect(figure.locator(".chart-canvas svg")).to_have_count(1)  # the demo's office has a 发文 quota

    page.get_by_label("额度类别").select_option(value=TEST_KIND)
    page.get_by_role("spinbutton", name="年度").fill("2026")
    page.get_by_role("button", name="查看").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("试点会额度（2026年度）")
    page.get_by_label(f"{office.name}试点会额度").fill("2")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存2026年度试点会额度，1个单位有变动")).to_be_visible()
    row = page.locator(f"#quota-{office.pk}")
    expect(row.get_by_test_id("last-year")).to_have_text("2")
    expect(row.get_by_test_id("quota-status")).to_have_text("正常")
    assert Quota.objects.get(kind=TEST_KIND, unit=office, year=2026).limit == 2
