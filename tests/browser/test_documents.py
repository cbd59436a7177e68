"""Issue 4's browser story: a 文书 drafts a 通知, two reviewers approve in parallel, a leader signs, the number
县委办发〔YYYY〕N号 is assigned, the DOCX downloads and passes the layout checks, the recipients find it in their
incoming list; then an incoming document: register → 拟办 → 批示 → handled by a unit → archived."""

from __future__ import annotations

import io
import re

import docx
import pytest
from django.utils import timezone
from docx.oxml.ns import qn
from docx.shared import Mm
from playwright.sync_api import Page, expect

from tests.browser.pickers import choose
from zhongshu.base.roles import Role
from zhongshu.documents.models import OfficialDocument
from zhongshu.testing.factories import TEST_PASSWORD, make_person, make_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = "一、工作目标\n全面完成年度各项任务。\n（一）主要指标\n1.指标一\n（1）细化要求\n二、工作要求\n各单位要抓好落实。"


@pytest.fixture
def county(transactional_db):
    office = make_unit("县委办公室", agency_code="县委办发")
    education = make_unit("县教育局", parent=office)
    health = make_unit("县卫健局", parent=office)
    return {
        "clerk": make_person("王文书", unit=office, roles=[Role.CLERK], username="wenshu"),
        "reviewer1": make_person("李核稿", unit=office, username="hegao1"),
        "reviewer2": make_person("赵核稿", unit=office, username="hegao2"),
        "leader": make_person(
            "陈书记", unit=office, roles=[Role.LEADER], is_leader=True, leader_rank=1, username="shuji"
        ),
        "edu_clerk": make_person("孙文书", unit=education, roles=[Role.CLERK], username="jyj"),
        "health_clerk": make_person("钱文书", unit=health, roles=[Role.CLERK], username="wjj"),
    }


def sign_in(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()


def test_a_notice_from_draft_to_the_recipients_inbox(page: Page, live_server, county, tmp_path):
    base = live_server.url
    sign_in(page, base, "wenshu")
    page.goto(f"{base}/documents/new/")
    page.get_by_label("文种").select_option(label="通知")
    page.get_by_label("标题").fill("关于做好年度重点工作的通知")
    choose(page, "主送单位", "教育", choice="县教育局")
    choose(page, "主送单位", "wjj", choice="县卫健局")
    page.get_by_label("正文").fill(BODY)
    page.get_by_role("button", name="保存文稿").click()
    expect(page.get_by_test_id("doc-state")).to_have_text("拟稿")
    detail_url = page.url
    choose(page, "核稿人（可多选，并联审核）", "lhg", choice="李核稿")
    choose(page, "核稿人（可多选，并联审核）", "赵", choice="赵核稿")
    choose(page, "签发领导", "chen", choice="陈书记")
    page.get_by_role("button", name="送审").click()
    expect(page.get_by_test_id("doc-state")).to_have_text("审核中")

    # Two reviewers in parallel: either may go first.
    for reviewer in ("hegao2", "hegao1"):
        sign_in(page, base, reviewer)
        page.goto(detail_url)
        page.get_by_role("link", name="核稿").click()
        expect(page.get_by_test_id("proofread")).to_be_visible()
        page.get_by_label("核稿意见").fill("同意")
        page.get_by_role("button", name="同意").click()
        expect(page.get_by_text("已同意")).to_be_visible()

    sign_in(page, base, "shuji")
    page.goto(detail_url)
    page.get_by_role("button", name="签发").click()
    expect(page.get_by_test_id("doc-state")).to_have_text("已签发")

    sign_in(page, base, "wenshu")
    page.goto(detail_url)
    page.get_by_role("button", name="复核通过").click()
    page.get_by_role("button", name="登记编号").click()
    year = timezone.localdate().year
    expect(page.get_by_test_id("doc-number")).to_have_text(f"县委办发〔{year}〕1号")
    with page.expect_download() as download_info:
        page.get_by_test_id("download-docx").click()
    target = tmp_path / "notice.docx"
    download_info.value.save_as(target)
    rendered = docx.Document(io.BytesIO(target.read_bytes()))
    section = rendered.sections[0]
    assert abs(section.top_margin - Mm(37)) < Mm(0.1) and abs(section.bottom_margin - Mm(35)) < Mm(0.1)
    assert abs(section.left_margin - Mm(28)) < Mm(0.1) and abs(section.right_margin - Mm(26)) < Mm(0.1)
    texts = [p.text for p in rendered.paragraphs]
    assert f"县委办发〔{year}〕1号" in texts
    assert "关于做好年度重点工作的通知" in "".join(texts)
    number = next(p for p in rendered.paragraphs if p.text == f"县委办发〔{year}〕1号")
    red_line = number._p.find(qn("w:pPr")).find(qn("w:pBdr")).find(qn("w:bottom"))
    assert red_line.get(qn("w:val")) == "single"
    page.get_by_role("button", name="分发").click()
    expect(page.get_by_test_id("doc-state")).to_have_text("已分发")

    for username in ("jyj", "wjj"):
        sign_in(page, base, username)
        page.goto(f"{base}/documents/inbox/")
        expect(
            page.get_by_test_id("inbox").get_by_role("link", name="关于做好年度重点工作的通知")
        ).to_be_visible()


def test_an_incoming_document_from_register_to_archive(page: Page, live_server, county):
    base = live_server.url
    sign_in(page, base, "wenshu")
    page.goto(f"{base}/documents/incoming/new/")
    page.get_by_label("标题").fill("关于开展安全生产大检查的通知")
    page.get_by_label("来文单位").fill("市政府办公室")
    page.get_by_label("来文字号").fill("市政办发〔2026〕3号")
    page.get_by_label("份数").fill("2")
    page.get_by_role("button", name="签收登记").click()
    year = timezone.localdate().year
    expect(page.get_by_test_id("incoming-number")).to_have_text(f"收〔{year}〕1号")
    detail_url = page.url
    page.get_by_role("button", name="初审通过").click()
    page.get_by_label("拟办意见").fill("拟请县教育局牵头办理。")
    choose(page, "批示领导", "陈", choice="陈书记")
    page.get_by_role("button", name="拟办").click()
    expect(page.get_by_test_id("doc-state")).to_have_text("已拟办")

    sign_in(page, base, "shuji")
    page.goto(detail_url)
    page.get_by_label("批示", exact=True).fill("请教育局抓紧落实，按期报告结果。")
    page.get_by_role("button", name="批示").click()
    expect(page.get_by_test_id("instruction")).to_have_text("请教育局抓紧落实，按期报告结果。")

    sign_in(page, base, "wenshu")
    page.goto(detail_url)
    choose(page, "承办单位（第一个为牵头单位）", "县教育局", choice="县教育局")
    page.get_by_label("办理时限").fill("5")
    page.get_by_role("button", name="交办").click()
    expect(page.get_by_test_id("doc-state")).to_have_text("承办中")

    sign_in(page, base, "jyj")
    page.goto(detail_url)
    page.get_by_label("办理结果").fill("已完成检查，结果已报送。")
    page.get_by_role("button", name="报告办结").click()
    expect(page.get_by_test_id("handling-result")).to_have_text("已完成检查，结果已报送。")

    sign_in(page, base, "wenshu")
    page.goto(detail_url)
    page.get_by_role("button", name="办结").click()
    expect(page.get_by_test_id("doc-state")).to_have_text("已办结")
    page.get_by_role("button", name="归档").click()
    expect(page.get_by_test_id("doc-state")).to_have_text("已归档")
    assert OfficialDocument.objects.get(incoming_number=f"收〔{year}〕1号").archive_state == "handed_over"
    assert re.search(r"/documents/\d+/$", detail_url)
