"""The draft form shows 出席/请假/列席 only while 文种 is 纪要 (a CSS rule on the chosen option, no script), and
a 纪要 drafted there keeps its lists and downloads in the 纪要 layout."""

from __future__ import annotations

import io

import docx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_documents import sign_in
from zhongshu.base.roles import Role
from zhongshu.documents.models import OfficialDocument
from zhongshu.testing.factories import make_person, make_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_lists_show_for_a_minutes_only(page: Page, live_server, transactional_db):
    office = make_unit("县委办公室", agency_code="县委办发")
    make_person("王文书", unit=office, roles=[Role.CLERK], username="wenshu")
    base = live_server.url
    sign_in(page, base, "wenshu")
    page.goto(f"{base}/documents/new/")
    lists = page.get_by_test_id("minutes-lists")
    page.get_by_label("文种").select_option(label="通知")
    expect(lists).to_be_hidden()
    page.get_by_label("文种").select_option(label="纪要")
    expect(lists).to_be_visible()
    page.get_by_label("标题").fill("县委办公室主任办公会议纪要")
    page.get_by_label("正文").fill("会议研究了防汛准备工作。\n一、关于防汛准备\n由县水利局牵头落实。")
    page.get_by_label("出席").fill("陈书记\n周副书记")
    page.get_by_label("请假").fill("赵核稿（出差）")
    page.get_by_label("加盖印章").uncheck()
    page.get_by_role("button", name="保存文稿").click()
    expect(page.get_by_test_id("minutes-present")).to_have_text("陈书记\n周副书记")
    document = OfficialDocument.objects.get()
    # a draft has no download button yet (it comes with the number): fetched with the page's session
    response = page.request.get(f"{base}/documents/{document.pk}/docx/")
    assert response.ok
    texts = [p.text for p in docx.Document(io.BytesIO(response.body())).paragraphs]
    assert (
        "县委办公室会议纪要" in texts
        and "出席：陈书记、周副书记" in texts
        and "请假：赵核稿（出差）" in texts
    )
    page.goto(f"{base}/documents/{document.pk}/edit/")
    page.get_by_label("文种").select_option(label="通知")
    expect(page.get_by_test_id("minutes-lists")).to_be_hidden()
