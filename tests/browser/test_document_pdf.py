"""下载 PDF in the browser: a 文书 opens a dispatched 通知, clicks 下载 PDF, and the saved file is a PDF whose
text holds the document's 文号 (县委办发〔YYYY〕N号) and title; without LibreOffice the page says so."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import override_settings
from playwright.sync_api import Page, expect

from tests.pdf_support import MISSING_SOFFICE, need_soffice, pdf_text
from zhongshu.base.roles import Role
from zhongshu.documents.models import OfficialDocument
from zhongshu.documents.services import (
    document_dispatch,
    document_draft_create,
    document_recheck,
    document_register,
    document_review,
    document_sign_off,
    document_submit,
)
from zhongshu.testing.factories import TEST_PASSWORD, make_person, make_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "关于做好防汛工作的通知"


@pytest.fixture
def dispatched(transactional_db) -> OfficialDocument:
    office = make_unit("县委办公室", agency_code="县委办发")
    education = make_unit("县教育局", parent=office)
    clerk = make_person("王文书", unit=office, roles=[Role.CLERK], username="wenshu")
    reviewer = make_person("李核稿", unit=office, username="hegao1")
    leader = make_person(
        "陈书记", unit=office, roles=[Role.LEADER], is_leader=True, leader_rank=1, username="shuji"
    )
    document = document_draft_create(
        by=clerk.user,
        doc_type="notice",
        title=TITLE,
        body="一、工作要求\n各单位要落实防汛责任。",
        primary_units=[education],
    )
    document_submit(document=document, by=clerk.user, reviewers=[reviewer], signer=leader)
    document_review(document=document, by=reviewer.user, approve=True, opinion="同意")
    document = document_sign_off(document=document, by=leader.user, opinion="同意印发")
    document_recheck(document=document, by=clerk.user)
    document = document_register(document=document, by=clerk.user, copies=3)
    document_dispatch(document=document, by=clerk.user)
    return OfficialDocument.objects.get(pk=document.pk)


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()


def test_downloading_a_documents_pdf_finds_its_number_in_the_text(page: Page, live_server, dispatched):
    need_soffice()
    base = live_server.url
    sign_in(page, base, "wenshu")
    page.goto(f"{base}/documents/{dispatched.pk}/")
    expect(page.get_by_test_id("doc-state")).to_have_text("已分发")
    link = page.get_by_role("link", name="下载 PDF")
    expect(link).to_be_visible()
    with page.expect_download(timeout=120_000) as caught:
        link.click()
    download = caught.value
    assert download.suggested_filename == f"{dispatched.doc_number}.pdf"
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    assert dispatched.doc_number.startswith("县委办发〔") and dispatched.doc_number.endswith("号")
    assert dispatched.doc_number in text
    assert TITLE in text


def test_without_libreoffice_the_page_says_so(page: Page, live_server, dispatched):
    base = live_server.url
    sign_in(page, base, "wenshu")
    with override_settings(ZHONGSHU_SOFFICE=MISSING_SOFFICE):
        page.goto(f"{base}/documents/{dispatched.pk}/")
        page.get_by_role("link", name="下载 PDF").click()
        expect(page.get_by_text("未安装 LibreOffice，无法生成 PDF。")).to_be_visible()
        expect(page.get_by_test_id("doc-state")).to_have_text("已分发")
