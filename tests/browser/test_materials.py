"""Issue 6's materials story in a browser: a 文书 bulk-uploads the five sample documents, watches the progress
bar (htmx polling) reach 已完成, opens one material and sees what cleaning removed and a passage it shares with
another sample, pins a 金句 and finds it among their pinned ones; then corrects and withdraws it.

Jobs run on the embedded in-process worker here, as in `zhongshu serve`, held back by a gate until the
browser has shown the batch still running, so the page must poll its way to the end. A second story keeps
the tests' "immediate" jobs, where the batch is done before its page first renders."""

from __future__ import annotations

import threading

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_documents import sign_in
from tests.materials.conftest import sample_files
from zhongshu.base.roles import Role
from zhongshu.core import jobs
from zhongshu.testing.factories import make_person, make_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GATE_JOB = "tests.materials.gate"


@pytest.fixture
def samples():
    paths = sample_files()
    assert [path.name[:3] for path in paths] == ["000", "001", "002", "003", "004"]
    return paths


@pytest.fixture
def clerk(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    office = make_unit("县委办公室", agency_code="县委办发")
    return make_person("王文书", unit=office, roles=[Role.CLERK], username="wenshu")


@pytest.fixture
def gated_worker(settings):
    """The in-process worker, first busy with a job that waits until the test opens the gate."""
    gate = threading.Event()
    jobs.register_job(GATE_JOB, lambda: gate.wait(60))
    settings.ZHONGSHU_JOBS = "inprocess"
    jobs.start_inprocess_worker()
    jobs.wait_for_inprocess_jobs()
    from zhongshu.core.jobs import _inprocess_worker

    _inprocess_worker().submit(GATE_JOB, {})
    yield gate
    gate.set()
    jobs.wait_for_inprocess_jobs()  # nothing may still write while the database is flushed


def _bulk_upload(page: Page, base: str, paths, type_label: str = "心得体会") -> None:
    page.goto(f"{base}/materials/bulk/")
    page.locator('input[name="files"]').set_input_files([str(path) for path in paths])
    page.get_by_label("类型").select_option(label=type_label)
    page.get_by_role("button", name="开始导入").click()


def test_bulk_upload_clean_similar_pin_edit_withdraw(page: Page, live_server, clerk, samples, gated_worker):
    base = live_server.url
    sign_in(page, base, "wenshu")
    _bulk_upload(page, base, samples)

    # The worker is held: the page shows the batch running, then polls (no reload) until it is done.
    progress = page.get_by_test_id("progress-text")
    expect(progress).to_have_text("已处理 0/5（0%），成功 0，失败 0，处理中…")
    expect(page.get_by_test_id("batch-progress")).to_have_attribute("data-finished", "0")
    page.evaluate("window.stillTheSamePage = true")
    gated_worker.set()
    expect(progress).to_have_text("已处理 5/5（100%），成功 5，失败 0，已完成", timeout=90_000)
    expect(page.get_by_test_id("batch-progress")).to_have_attribute("data-finished", "1")
    assert page.evaluate("window.stillTheSamePage") is True
    expect(page.locator("progress")).to_have_attribute("value", "5")

    # One material: what cleaning removed, and the 五个坚持 passage it shares with sample 001.
    page.get_by_role("link", name="002_reading_class.txt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("办公室主任专题读书班发言材料")
    expect(page.get_by_test_id("crumbs")).to_contain_text("素材库 › 办公室主任专题读书班发言材料")
    removals = page.get_by_test_id("removals")
    expect(removals).to_contain_text("付费标记")
    expect(removals).to_contain_text("##paidend##")
    expect(removals).to_contain_text("【青禾素材网】")
    passages = page.get_by_test_id("passages")
    expect(passages).to_contain_text("与《关于做好新时代县委办公室工作的心得体会》第19段相似")
    expect(passages).to_contain_text("坚持对党忠诚的政治本色")
    material_url = page.url

    # Pin a 金句 (htmx swaps the button) and find it among one's pinned sentences.
    first = page.get_by_test_id("material-key-sentences").locator("li").first
    sentence = first.locator(".sentence").inner_text().strip()
    first.get_by_role("button", name="收藏").click()
    expect(first.get_by_role("button", name="取消收藏")).to_be_visible()
    page.get_by_role("link", name="金句").first.click()
    page.get_by_label("只看我的收藏").check()
    page.get_by_role("button", name="筛选").click()
    pinned = page.get_by_test_id("key-sentences")
    expect(pinned.locator("li")).to_have_count(1)
    expect(pinned).to_contain_text(sentence)
    expect(pinned).to_contain_text("——《办公室主任专题读书班发言材料》（心得体会）")

    # The uploader corrects the type and tags, then withdraws the material.
    page.goto(material_url)
    page.get_by_role("link", name="修改素材信息").click()
    page.get_by_label("类型").select_option(label="讲话")
    page.get_by_label("标签（空格或逗号分隔）").fill("读书班 发言")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("素材信息已保存")).to_be_visible()
    expect(page.get_by_test_id("tags").get_by_role("link")).to_have_text(["发言", "读书班"])
    page.get_by_role("link", name="删除", exact=True).click()
    page.get_by_label("删除理由（选填）").fill("重复收录")
    page.get_by_role("button", name="确认删除").click()
    expect(page.get_by_text("已删除素材《办公室主任专题读书班发言材料》")).to_be_visible()
    expect(page.get_by_test_id("library").locator("tbody tr")).to_have_count(4)
    page.goto(f"{base}/materials/key-sentences/?pinned=1")
    expect(page.get_by_test_id("empty")).to_contain_text("您还没有收藏金句")


def test_with_immediate_jobs_the_progress_page_shows_the_finished_batch(
    page: Page, live_server, clerk, samples
):
    base = live_server.url
    sign_in(page, base, "wenshu")
    _bulk_upload(page, base, samples[:2])
    expect(page.get_by_role("heading", name="批量导入进度")).to_be_visible()
    expect(page.get_by_test_id("progress-text")).to_have_text("已处理 2/2（100%），成功 2，失败 0，已完成")
    section = page.get_by_test_id("batch-progress")
    expect(section).to_have_attribute("data-finished", "1")
    assert section.get_attribute("hx-trigger") is None  # a finished batch stops polling
    expect(page.locator("tbody tr[data-status=ok]")).to_have_count(2)
    # Uploading the same files again: each row says why it was refused, the batch still finishes.
    _bulk_upload(page, base, samples[:1])
    expect(page.get_by_test_id("progress-text")).to_have_text("已处理 1/1（100%），成功 0，失败 1，已完成")
    expect(page.locator("tbody tr[data-status=error]")).to_contain_text("素材库中已有相同内容的素材")
