"""Issue 15, build 4's browser story: a 文书 finds a document by its 文号, whole and by its 机关代字, one row per
document (the demo's dispatched notice and its three recipients' copies come back as one)."""

from __future__ import annotations

import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from zhongshu.accounts.models import User
from zhongshu.base.levels import Classification
from zhongshu.demo.build import build_demo
from zhongshu.demo.data import DEMO_PASSWORD
from zhongshu.documents.models import OfficialDocument
from zhongshu.documents.states import DocState

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NUMBER = "县委办发〔2026〕99号"  # a number the demo leaves free (it numbers its own from 1)


@pytest.fixture
def demo_county(transactional_db):
    build_demo(io.StringIO())
    # The demo numbers a few outgoing documents (县委办发〔2026〕1号 dispatched to three units, two 主动公开 notices);
    # the story needs one more, registered by the office the clerk works in.
    if not OfficialDocument.objects.filter(doc_number=NUMBER).exists():
        clerk = User.objects.get(username="wenshu").person
        OfficialDocument.objects.create(
            title="关于做好汛期值班值守工作的通知",
            body="各乡镇、县直各单位：汛期将至，请严格落实值班值守制度。",
            doc_number=NUMBER,
            state=DocState.REGISTERED,
            registered_at=timezone.now(),
            classification=Classification.INTERNAL,
            owner_unit=clerk.unit,
            owner_person=clerk,
            drafter=clerk,
        )


def sign_in(page: Page, base: str, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def _search(page: Page, typed: str) -> None:
    # The results come by htmx into the same page: mark the count on screen as stale first, so the wait below is
    # for this search's answer, not the last one's (reading the links too early read the previous results).
    page.evaluate(
        "document.querySelectorAll('[data-testid=search-count]').forEach(e => e.dataset.stale = '1')"
    )
    box = page.get_by_role("searchbox", name="检索词")
    box.fill(typed)
    page.get_by_role("button", name="检索", exact=True).click()
    expect(page.locator("[data-testid=search-count]:not([data-stale])")).to_be_visible()


def _result_links(page: Page) -> list[str]:
    heads = page.locator(".search-hit .search-hit-head > a:not(.held-copy)")
    return [heads.nth(i).get_attribute("href") or "" for i in range(heads.count())]


def test_clerk_finds_a_document_by_its_number_and_by_its_agency_code(page: Page, live_server, demo_county):
    second = OfficialDocument.objects.get(doc_number=NUMBER, origin__isnull=True)
    first = OfficialDocument.objects.get(doc_number="县委办发〔2026〕1号", origin__isnull=True)
    assert OfficialDocument.objects.filter(origin=first).count() >= 2  # the demo dispatched it

    sign_in(page, live_server.url, "wenshu")
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    page.goto(f"{live_server.url}/search/")

    _search(page, NUMBER)
    expect(page.get_by_test_id("search-count")).to_have_text("共 1 条")
    hit = page.locator(".search-hit")
    expect(hit).to_have_count(1)
    expect(hit.get_by_role("link", name="关于做好汛期值班值守工作的通知")).to_have_attribute(
        "href", f"/documents/{second.pk}/"
    )
    expect(hit.locator(".reference")).to_have_text(NUMBER)
    expect(page).to_have_url(re.compile(r"/search/\?q="))

    # Another bracket form of the same number finds the same document.
    _search(page, "县委办发[2026]99号")
    expect(page.locator(".search-hit")).to_have_count(1)

    _search(page, "县委办发")
    links = _result_links(page)
    assert f"/documents/{second.pk}/" in links
    assert f"/documents/{first.pk}/" in links
    # One row per document: the dispatched notice's recipients' copies fold into it.
    assert len(links) == len(set(links))
    copies = {
        f"/documents/{pk}/"
        for pk in OfficialDocument.objects.filter(origin=first).values_list("pk", flat=True)
    }
    assert not copies & set(links)
