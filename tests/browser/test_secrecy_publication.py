"""公开审查 in the browser: a 主动公开 notice of 县财政局 waits for its review — its publish button says why — the
unit's 文书 asks for the review, the unit's part-time secrecy administrator and then the 保密办 agree, each with an
opinion, and the notice goes out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.signin import sign_in
from tests.secrecy.conftest import County, county  # noqa: F401 - the fixture
from tests.secrecy.publication_helpers import issued_document, name_unit_reviewer
from zhongshu.accounts.totp import totp_device_create
from zhongshu.documents.models import OfficialDocument

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _review(browser: Any, base: str, username: str, opinion: str, shot: str) -> None:
    other = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    other.set_default_timeout(15_000)
    sign_in(other, base, username)
    other.goto(f"{base}/secrecy/publication/")
    other.get_by_test_id("reviews-mine").get_by_role("link", name="审查").click()
    expect(other.get_by_test_id("reviewed-content")).to_contain_text("冬季安全生产")
    other.get_by_label("同意公开").check()
    other.get_by_label("审查意见").fill(opinion)
    SHOTS.mkdir(exist_ok=True)
    other.screenshot(path=str(SHOTS / shot), full_page=True)
    other.get_by_role("button", name="提交审查意见").click()
    expect(other.get_by_text(opinion)).to_be_visible()
    other.context.close()


def test_a_notice_waits_for_its_review_and_goes_out_after_it(
    page: Page,
    chromium: Any,
    live_server: Any,
    county: County,  # noqa: F811
) -> None:
    base = live_server.url
    name_unit_reviewer(county)
    for cleared in (county.unit_heads[0], county.secrecy_head):  # 重要 and 核心: a second factor
        totp_device_create(user=cleared.user, confirmed=True)
    document = issued_document(county)
    sign_in(page, base, "czj_ws")
    page.goto(f"{base}/documents/{document.pk}/")
    expect(page.get_by_test_id("publication-blockers")).to_contain_text("未经公开审查")
    page.goto(f"{base}/secrecy/publication/")
    page.get_by_test_id("awaiting").get_by_role("button", name="提请公开审查").click()
    expect(page.get_by_test_id("review-state")).to_have_text("待起草单位审查")

    _review(chromium, base, "czj_kz", "不涉及国家秘密和工作秘密，同意公开", "publication-unit-review.png")
    _review(chromium, base, "baomi", "经保密审查，同意主动公开", "publication-secrecy-review.png")

    page.goto(f"{base}/documents/{document.pk}/")
    expect(page.get_by_test_id("publication-blockers")).to_have_count(0)
    page.get_by_role("button", name="发布（主动公开）").click()
    expect(page.get_by_test_id("doc-publicity")).to_contain_text("发布")
    assert OfficialDocument.objects.get(pk=document.pk).published_at is not None
