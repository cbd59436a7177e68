"""Issue 20's scenario, end to end in the browser (SQLite here; `.ci/run` runs it again on PostgreSQL):

the county office's 机要员 prints a 机密 document (downloads its DOCX: copy 000001) and the copy is on the ledger of
classified carriers at once, in his hands; he puts it into the 机要室 cabinet. The 保密办 lends it to the county
secretary, a cleared person in its need-to-know; ten days later (a frozen clock) it is overdue — the ledger marks it
and filters it — and it is returned. An inventory of the cabinet finds one carrier missing and reports it. The
机要员 then leaves his 核心 post: the 保密办 records the departure, whose cooling-off period ends three years on, and
completes its checklist; the security administrator applies the access change from his queue, and the document the
机要员 printed is closed to him. Last, a 主动公开 notice of 县财政局 waits for its 公开审查 and goes out after it.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.browser.pickers import choose
from tests.browser.signin import sign_in
from tests.secrecy.carriers_helpers import cabinet, carrier
from tests.secrecy.conftest import County, county  # noqa: F401 - the fixture
from tests.secrecy.personnel_helpers import cleared_post
from tests.secrecy.publication_helpers import issued_document, name_unit_reviewer
from zhongshu.access.policy import RecordNotFound, get_for
from zhongshu.accounts.totp import current_totp_code
from zhongshu.base.levels import Classification, Clearance
from zhongshu.documents.models import Direction, OfficialDocument
from zhongshu.documents.states import DocState
from zhongshu.org.models import Person
from zhongshu.secrecy.models import Carrier, CarrierState, Departure
from zhongshu.testing.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "关于做好重要目标安全防范工作的通知"


def _page(chromium: Any, base: str, username: str) -> Page:
    page: Page = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(15_000)
    sign_in(page, base, username)
    return page


def _admin_page(chromium: Any, base: str, user: Any) -> Page:
    """The security administrator signs in (name, password, second factor); his home is no workbench."""
    page: Page = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_label("验证码").fill(current_totp_code(user))
    page.get_by_role("button", name="验证").click()
    expect(page.get_by_role("navigation", name="主导航").get_by_role("link", name="保密管理")).to_be_visible()
    return page


def _secret_document(at: County) -> OfficialDocument:
    """A registered 机密 notice of the county office, its 机要员 its owner (the documents module's own tests walk
    drafting and sign-off; this scenario starts where printing does)."""
    year = timezone.localdate().year
    return OfficialDocument.objects.create(
        title=TITLE,
        direction=Direction.OUTGOING,
        state=DocState.REGISTERED,
        doc_type="notice",
        body="各乡镇、县直各单位：\n现就做好重要目标安全防范工作通知如下。",
        classification=Classification.SECRET,
        secrecy_term_years=10,
        owner_unit=at.office,
        owner_person=at.confidential_clerk,
        drafter=at.confidential_clerk,
        agency_code="县委办发",
        doc_year=year,
        doc_serial=8,
        doc_number=f"县委办发〔{year}〕8号",
        registered_at=timezone.now(),
        copies=5,
    )


def test_a_printed_copy_is_lent_overdue_returned_counted_a_post_left_and_a_notice_reviewed_before_it_goes_out(
    chromium: Any,
    live_server: Any,
    county: County,  # noqa: F811
) -> None:
    base = live_server.url
    # Cleared people and the administrators sign in with a second factor.
    for user in (
        county.confidential_clerk.user,
        county.secrecy_head.user,
        county.unit_heads[0].user,
        county.security_admin,
    ):
        TOTPDevice.objects.create(user=user, name="测试", confirmed=True)
    document = _secret_document(county)
    shelf = cabinet(county)
    other = carrier(county, title="市委关于保密检查的通报")  # in the same cabinet; the count will not find it
    post = cleared_post(county, "机要秘书岗", Clearance.CORE, holders=(county.confidential_clerk,))
    today = timezone.localdate()

    # 1. The 机要员 prints the document: its DOCX is copy 000001, and the copy is on the ledger, in his hands.
    clerk = _page(chromium, base, "jiyao")
    clerk.goto(f"{base}/documents/{document.pk}/")
    with clerk.expect_download() as download:
        clerk.get_by_test_id("download-docx").click()
    assert download.value.suggested_filename.endswith("-000001.docx")
    copy = Carrier.objects.get(source_id=document.pk)
    assert (copy.copy_number, copy.classification, copy.state) == ("000001", 3, CarrierState.HELD)
    assert copy.holder_id == county.confidential_clerk.pk
    clerk.goto(f"{base}/secrecy/carriers/{copy.pk}/")
    expect(clerk.get_by_test_id("custody")).to_contain_text("领用中")
    # He puts it into the 机要室 cabinet.
    clerk.locator("form", has=clerk.locator("[data-action=return]")).get_by_role(
        "button", name="归还"
    ).click()
    expect(clerk.get_by_test_id("custody")).to_contain_text("在柜")
    expect(clerk.get_by_test_id("custody")).to_contain_text(shelf.name)

    # 2. The 保密办 lends it to the county secretary (核心, of the office that owns the document) for a week.
    office = _page(chromium, base, "baomi")
    office.goto(f"{base}/secrecy/carriers/")
    office.get_by_test_id("carrier-ledger").get_by_role("link", name=copy.number).click()
    borrow = office.locator("form", has=office.locator("[data-action=borrow]"))
    choose(office, "借阅人", "王书记", choice="王书记")
    # Leaving the picker first: it shrinks back to one line when it loses focus, which moves the button.
    borrow.locator("h3").click()
    borrow.get_by_role("button", name="登记借阅").click()
    expect(office.get_by_test_id("custody")).to_contain_text("借出")
    expect(office.get_by_test_id("custody")).to_contain_text("王书记")
    copy.refresh_from_db()
    assert copy.state == CarrierState.LENT and copy.due_on == today + timedelta(days=7)

    # 3. Ten days later it is overdue: the ledger marks it and its 逾期 filter finds it. Then it comes back.
    with time_machine.travel(timezone.now() + timedelta(days=10), tick=True):
        # (A session does not last ten days: the 保密办 signs in again.)
        later = _page(chromium, base, "baomi")
        later.goto(f"{base}/secrecy/carriers/{copy.pk}/")
        expect(later.get_by_test_id("custody").locator("[data-overdue]")).to_have_text("逾期3天")
        later.goto(f"{base}/secrecy/carriers/?overdue=1")
        ledger = later.get_by_test_id("carrier-ledger")
        expect(ledger.get_by_role("link", name=copy.number)).to_be_visible()
        expect(ledger.get_by_role("link", name=other.number)).to_have_count(0)
        later.goto(f"{base}/secrecy/carriers/{copy.pk}/")
        later.locator("form", has=later.locator("[data-action=return]")).get_by_role(
            "button", name="归还"
        ).click()
        expect(later.get_by_test_id("custody")).to_contain_text("在柜")
        later.context.close()
    copy.refresh_from_db()
    assert copy.state == CarrierState.IN_CABINET and copy.holder_id is None

    # 4. An inventory of the cabinet finds the copy but not the other carrier, and reports it missing.
    office.goto(f"{base}/secrecy/inventory/new/")
    office.get_by_label("专柜").select_option(
        label=f"{county.office.name} · {shelf.name}（{shelf.location}）"
    )
    office.get_by_label("清点日期").fill(today.isoformat())
    office.get_by_label("清点到的载体编号").fill(copy.number)
    office.get_by_role("button", name="比对并登记").click()
    expect(office.get_by_test_id("summary")).to_contain_text("应在未见1件")
    missing = office.get_by_test_id("discrepancies")
    expect(missing).to_contain_text(other.number)
    expect(missing).to_contain_text("应在未见")
    expect(missing).not_to_contain_text(copy.number)

    # 5. The 机要员 leaves his 核心 post: a three-year cooling-off period from today; the checklist is completed.
    office.goto(f"{base}/secrecy/personnel/people/{county.confidential_clerk.pk}/")
    office.get_by_text("登记离岗", exact=True).first.click()  # opens the form
    office.get_by_label("离开岗位").select_option(str(post.pk))
    office.locator("#d-note").fill("调任县档案馆")
    office.get_by_role("button", name="登记离岗").click()
    departure = Departure.objects.get(person=county.confidential_clerk)
    ends = date(today.year + 3, today.month, today.day if (today.month, today.day) != (2, 29) else 28)
    expect(office.locator("[data-cooling-off-end]")).to_have_attribute(
        "data-cooling-off-end", ends.isoformat()
    )
    expect(office.get_by_test_id("checklist").locator("[data-check=carriers]")).to_contain_text("✓")
    choose(office, "谈话人", "钱保密", choice="钱保密")
    office.locator("h2", has_text="办理").click()
    office.get_by_role("button", name="登记谈话").click()
    office.get_by_role("button", name="登记承诺书").click()
    expect(office.get_by_test_id("checklist").locator("[data-check=pledge]")).to_contain_text("✓")
    expect(office.get_by_test_id("checklist").locator("[data-check=access]")).to_contain_text(
        "待安全保密管理员调整"
    )
    # Until the access change he still sees the document he printed.
    assert get_for(county.confidential_clerk.user, OfficialDocument, document.pk) == document

    # 6. The security administrator applies the access change from his queue: 核心 → 非涉密, the post removed.
    admin = _admin_page(chromium, base, county.security_admin)
    admin.goto(f"{base}/secrecy/personnel/clearance-queue/")
    row = admin.get_by_test_id("clearance-queue").locator(f"tr[data-person='{county.confidential_clerk.pk}']")
    expect(row).to_contain_text("核心 → 非涉密")
    row.get_by_role("button", name="调整").click()
    expect(admin.locator(f"tr[data-person='{county.confidential_clerk.pk}']")).to_have_count(0)
    person = Person.objects.get(pk=county.confidential_clerk.pk)
    assert person.clearance == Clearance.NONE and not person.posts.filter(pk=post.pk).exists()
    office.goto(f"{base}/secrecy/personnel/departures/{departure.pk}/")
    expect(office.get_by_test_id("checklist").locator("[data-check=access]")).to_contain_text("✓")
    office.get_by_role("button", name="办结离岗手续").click()
    expect(office.get_by_text("已办结", exact=True)).to_be_visible()
    # The document is closed to him now, in the browser as in the policy.
    clerk.goto(f"{base}/documents/{document.pk}/")
    expect(clerk.get_by_text("记录不存在或无权访问")).to_be_visible()
    with pytest.raises(RecordNotFound):
        get_for(person.user, OfficialDocument, document.pk)

    # 7. A 主动公开 notice of 县财政局 waits for its review, and goes out after it.
    name_unit_reviewer(county)
    notice = issued_document(county)
    drafter = _page(chromium, base, "czj_ws")
    drafter.goto(f"{base}/documents/{notice.pk}/")
    expect(drafter.get_by_test_id("publication-blockers")).to_contain_text("未经公开审查")
    drafter.get_by_role("button", name="发布（主动公开）").click()
    assert OfficialDocument.objects.get(pk=notice.pk).published_at is None
    drafter.goto(f"{base}/secrecy/publication/")
    drafter.get_by_test_id("awaiting").get_by_role("button", name="提请公开审查").click()
    expect(drafter.get_by_test_id("review-state")).to_have_text("待起草单位审查")
    for reviewer, opinion in (
        (_page(chromium, base, "czj_kz"), "不涉及国家秘密和工作秘密，同意公开"),
        (office, "经保密审查，同意主动公开"),
    ):
        reviewer.goto(f"{base}/secrecy/publication/")
        reviewer.get_by_test_id("reviews-mine").get_by_role("link", name="审查").click()
        reviewer.get_by_label("同意公开").check()
        reviewer.get_by_label("审查意见").fill(opinion)
        reviewer.get_by_role("button", name="提交审查意见").click()
        expect(reviewer.get_by_text(opinion)).to_be_visible()
    drafter.goto(f"{base}/documents/{notice.pk}/")
    expect(drafter.get_by_test_id("publication-blockers")).to_have_count(0)
    drafter.get_by_role("button", name="发布（主动公开）").click()
    expect(drafter.get_by_test_id("doc-publicity")).to_contain_text("发布")
    assert OfficialDocument.objects.get(pk=notice.pk).published_at is not None
