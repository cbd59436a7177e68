"""保密知识测试 in Chromium: a person opens the timed sheet, its countdown runs down and hands the sheet in at
zero — the server takes it (inside the deadline) and the marked sheet shows the score; the administrators' page
and the results with their chart are drawn too (screenshots in test-artifacts/ when SCREENSHOTS is set)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.browser.signin import sign_in
from tests.secrecy.conftest import make_county
from tests.secrecy.duties_helpers import open_test
from zhongshu.secrecy import duties
from zhongshu.secrecy.models_duties import TestAttempt

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("SCREENSHOTS", "")) if os.environ.get("SCREENSHOTS") else None


@pytest.fixture
def tab(chromium: Any) -> Any:
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _shot(shown: Page, name: str) -> None:
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        shown.screenshot(path=str(SHOTS / f"duties_{name}.png"), full_page=True)


def test_the_countdown_hands_the_sheet_in_at_zero(tab: Page, live_server: Any, transactional_db: Any) -> None:
    page = tab
    county = make_county()
    head = county.secrecy_head.user
    duties.administrator_appoint(
        by=head,
        unit=county.units[0],
        department=None,
        person=county.unit_heads[0],
        appointed_on=timezone.localdate(),
    )
    test = open_test(county, minutes=1)
    other = duties.attempt_start(by=county.unit_heads[0].user, test=test)
    duties.attempt_submit(
        by=county.unit_heads[0].user,
        attempt=other,
        answers={q.pk: list(q.answer) for q in duties.sheet(test)},
    )
    # The clerk started 20 seconds ago: some 40 seconds are left when the sheet opens (enough to sign in and
    # answer on a loaded machine; the countdown then hands the sheet in at zero).
    attempt = duties.attempt_start(
        by=county.clerks[0].user, test=test, now=timezone.now() - timedelta(seconds=20)
    )

    sign_in(page, live_server.url, "czj_ws")
    page.goto(f"{live_server.url}/secrecy/duties/attempts/{attempt.pk}/")
    expect(page.get_by_role("timer")).to_contain_text("剩余时间")
    single, multiple, _ = duties.sheet(test)
    page.locator(f'input[name="q{single.pk}"][value="1"]').check()  # 20年
    for position in (0, 1, 2):  # 绝密、机密、秘密
        page.locator(f'input[name="q{multiple.pk}"][value="{position}"]').check()
    _shot(page, "sheet")
    expect(page.get_by_test_id("score")).to_contain_text("满分4分", timeout=60_000)
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None and attempt.submitted_at <= attempt.deadline
    assert attempt.score == 3  # the true/false question left blank
    _shot(page, "marked")

    TOTPDevice.objects.create(user=head, name="测试", confirmed=True)  # 核心: a second factor
    page.context.clear_cookies()  # the 保密办 head signs in next, in the same browser
    keeper = page
    sign_in(keeper, live_server.url, "baomi")
    keeper.goto(f"{live_server.url}/secrecy/duties/administrators/")
    expect(keeper.get_by_test_id("gap-count")).to_have_text("2")
    _shot(keeper, "administrators")
    keeper.goto(f"{live_server.url}/secrecy/duties/tests/{test.pk}/")
    expect(keeper.get_by_test_id("chart-duties-unit-scores").locator("svg, canvas").first).to_be_visible()
    _shot(keeper, "results")
    keeper.goto(f"{live_server.url}/secrecy/duties/banks/{test.bank_id}/")
    _shot(keeper, "bank")
    assert TestAttempt.objects.count() == 2
