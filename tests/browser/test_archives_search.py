"""Issue 6's browser story: an archivist files a closed 秘密 document from 待归档 and finds the archive item by a
phrase from its body; a colleague without clearance searches the same phrase and sees neither the item nor a
count that betrays it (the page reads exactly as for a phrase that is nowhere)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.archives.conftest import county, dispatched  # noqa: F401 - `county` is a fixture
from zhongshu.accounts.totp import current_totp_code, totp_device_create
from zhongshu.base.levels import Classification
from zhongshu.testing.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHRASE = "推进档案工作数字化转型"
NOWHERE = "月球背面建设养老院"


def sign_in(page: Page, base: str, user) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    if user.totpdevice_set.filter(confirmed=True).exists():
        page.get_by_label("验证码").fill(current_totp_code(user))
        page.get_by_role("button", name="验证").click()
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()


def search(page: Page, base: str, query: str) -> None:
    page.goto(f"{base}/search/")
    page.get_by_label("检索词").fill(query)
    page.get_by_role("button", name="检索", exact=True).click()
    expect(page.get_by_test_id("search-count")).to_be_visible()


def test_archivist_files_and_finds_it_a_colleague_without_clearance_finds_nothing(
    page: Page,
    live_server,
    county,  # noqa: F811 - the imported fixture
):
    base = live_server.url
    document = dispatched(
        county,
        title="关于加强档案信息化建设的通知",
        body=f"一、总体要求\n各单位要{PHRASE}，提升档案管理水平。\n二、工作要求\n抓好落实。",
        classification=Classification.CONFIDENTIAL,
    )
    archivist = county.archivist.user
    totp_device_create(user=archivist, confirmed=True)

    sign_in(page, base, archivist)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="档案").click()
    page.goto(f"{base}/archives/pending/")
    row = page.locator("tr", has_text=document.title)
    row.get_by_label("保管期限").select_option(label="永久")
    row.get_by_role("button", name="归档").click()
    filed = page.get_by_test_id("filed")
    expect(filed).to_contain_text("Z109-WS·")
    code = filed.get_by_role("link").inner_text().strip()

    search(page, base, PHRASE)
    page.get_by_label("类型").select_option(label="档案")
    page.get_by_role("button", name="检索", exact=True).click()
    expect(page.get_by_test_id("search-count")).to_have_text("共 1 条")
    hit = page.locator(".search-hit").first
    expect(hit).to_contain_text(code)
    expect(hit.locator("mark").first).to_be_visible()
    hit.get_by_role("link", name=document.title).click()
    expect(page.get_by_test_id("filing-stamp")).to_contain_text("永久")

    colleague = county.colleague.user
    sign_in(page, base, colleague)
    search(page, base, NOWHERE)
    nothing_found = page.locator("#search-results").inner_text()
    search(page, base, PHRASE)
    expect(page.get_by_test_id("search-count")).to_have_text("共 0 条")
    expect(page.locator(".search-hit")).to_have_count(0)
    assert page.locator("#search-results").inner_text() == nothing_found
    assert document.title not in page.content() and code not in page.content()
    # The archive item's own page answers as for a record that does not exist.
    page.goto(f"{base}/archives/")
    assert code not in page.content()
