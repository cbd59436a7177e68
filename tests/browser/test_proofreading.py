"""Issue 5's page story: a clerk pastes a text with known errors, sees them highlighted, accepts one
suggestion with one click (htmx), and downloads the corrected text."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from zhongshu.testing.factories import TEST_PASSWORD, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "各乡镇要精心布署，确保各项任务按时完成,认真贯切落实省委全会精神。"


def test_clerk_proofreads_accepts_a_suggestion_and_downloads(page: Page, live_server):
    make_person("校对员", username="jiaodui")
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("jiaodui")
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()

    page.get_by_role("navigation", name="主导航").get_by_role("link", name="校对").click()
    expect(page.get_by_role("heading", name="校对")).to_be_visible()
    page.get_by_label("待校对文本").fill(TEXT)
    page.get_by_role("button", name="校对", exact=True).click()

    marked = page.get_by_test_id("proofread-text").locator("a.pf")
    expect(marked).to_have_text(["布署", ",", "贯切"])
    expect(marked.nth(0)).to_have_class("pf pf-typo pf-error")
    expect(marked.nth(1)).to_have_class("pf pf-punctuation pf-error")
    expect(page.get_by_test_id("finding")).to_have_count(3)
    expect(page.get_by_test_id("proofread-summary")).to_have_text("发现 3 处问题：错误 3 处，提示 0 处")

    page.get_by_role("button", name="采纳建议：布署改为部署").click()
    expect(page.get_by_test_id("proofread-accepted")).to_have_text("已采纳：“布署”改为“部署”")
    expect(marked).to_have_text([",", "贯切"])
    expect(page.get_by_label("待校对文本")).to_have_value(TEXT.replace("布署", "部署"))
    # The swap happened in place: still the page it was, no full navigation.
    assert page.url.endswith("/proofread/")

    with page.expect_download() as download_info:
        page.get_by_role("button", name="下载文本（.txt）").click()
    download = download_info.value
    assert download.suggested_filename == "校对后文本.txt"
    with open(download.path(), encoding="utf-8") as handle:
        assert handle.read() == TEXT.replace("布署", "部署")
