"""Issue 16's browser scenario, on SQLite and on PostgreSQL: a 文书 applies for a meeting whose time clashes
with one already booked, sees the conflict and takes a suggested free slot; the office director approves; the
notice goes out; two leaders reply, one sending a substitute; the seating follows; the substitute signs in by
the room's code; the 纪要 drafted from the meeting is reviewed, signed, numbered and dispatched through the
documents flow; the two 议定事项 become supervision items that appear in the lead units' 待办, and the
meeting's page shows them with their state."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from tests.browser.pickers import choose
from tests.browser.signin import sign_in
from tests.meetings.conftest import county  # noqa: F401 - the fixture
from zhongshu.accounts.models import User
from zhongshu.base.levels import Clearance
from zhongshu.base.roles import Role
from zhongshu.documents.models import OfficialDocument
from zhongshu.meetings.models import Meeting
from zhongshu.meetings.states import MeetingState
from zhongshu.org.models import Unit
from zhongshu.testing.factories import make_person
from zhongshu.workdays.calendar import add_workdays

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "全县森林防火工作调度会"
BOOKED = "全县安全生产工作会议"


def own_page(chromium, base: str, username: str, **context: object) -> Page:
    fresh = chromium.new_context(locale="zh-CN", **context).new_page()
    fresh.set_default_timeout(15_000)
    sign_in(fresh, base, username)
    return fresh


def local_input(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_from_application_to_supervised_decisions(page: Page, chromium, live_server, county):  # noqa: F811
    Unit.objects.filter(pk=county.office.pk).update(agency_code="县委办发")
    make_person(
        "李督查",
        unit=county.office,
        roles=[Role.SUPERVISOR],
        clearance=Clearance.ORDINARY,
        username="duchayuan",
    )
    make_person("冯联络", unit=county.second_bureau, roles=[Role.LIAISON], username="yjj_llr")
    for username in ("wenshu", "zhuren", "leader2", "leader3"):
        TOTPDevice.objects.create(user=User.objects.get(username=username), name="测试", confirmed=True)
    # Already booked: 王县长 chairs a meeting in the first room on the next working day, 09:00–11:00.
    day = add_workdays(timezone.localdate(), 2)
    nine = timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=9))
    county.make_meeting(BOOKED, starts_at=nine, attendees=[county.leaders[1]], chair=county.leaders[1])
    base = live_server.url

    # 申请: the same morning, same room, 王县长 and 陈副县长 invited — the check shows the clash.
    sign_in(page, base, "wenshu")
    page.goto(f"{base}/meetings/apply/")
    page.get_by_label("会议名称").fill(TITLE)
    page.get_by_label("会议类型").select_option(label="重点工作调度会")
    page.get_by_label("议题").fill("县林业局汇报森林防火形势\n县应急管理局汇报扑火队伍和物资准备")
    page.get_by_label("开始时间").fill(local_input(nine + timedelta(minutes=30)))
    page.get_by_label("结束时间").fill(local_input(nine + timedelta(hours=2)))
    page.get_by_label("会议室").select_option(label="第一会议室（40人，可开视频会议）")
    choose(page, "主持人", "wxz", choice="王县长")
    choose(page, "参会人员", "王县长", choice="王县长")
    choose(page, "参会人员", "陈副", choice="陈副县长")
    choose(page, "参会人员", "钱局长", choice="钱局长")
    page.get_by_role("button", name="检查冲突").click()
    conflicts = page.get_by_test_id("conflicts")
    expect(conflicts).to_contain_text(BOOKED)
    expect(conflicts).to_contain_text("王县长")
    slot = page.get_by_test_id("slots").get_by_role("button").first
    slot.click()
    expect(page.get_by_test_id("no-conflict")).to_be_visible()
    page.get_by_role("button", name="保存申请").click()
    expect(page.get_by_test_id("state")).to_have_text("草稿")
    meeting = Meeting.objects.get(title=TITLE)
    assert meeting.starts_at >= nine + timedelta(hours=2) or meeting.ends_at <= nine
    meeting_url = f"{base}/meetings/{meeting.pk}/"

    page.get_by_test_id("application").get_by_role("button", name="报批").click()
    expect(page.get_by_test_id("state")).to_have_text("待审批")

    # 批准 by the office director.
    director = own_page(chromium, base, "zhuren")
    director.goto(meeting_url)
    director.get_by_test_id("application").get_by_role("button", name="批准", exact=True).click()
    expect(director.get_by_test_id("state")).to_have_text("已批准")

    # 发送会议通知, replies due before the meeting.
    meeting.refresh_from_db()
    deadline = timezone.now() + (meeting.starts_at - timezone.now()) / 2
    page.goto(meeting_url)
    notice = page.get_by_test_id("notice-section")
    notice.get_by_label("回执截止时间").fill(local_input(deadline))
    notice.get_by_role("button", name="发送会议通知").click()
    expect(page.get_by_test_id("state")).to_have_text("已通知")
    expect(page.get_by_test_id("notice-docx")).to_be_visible()

    # 排座 before the replies.
    page.get_by_test_id("seating-link").click()
    page.get_by_test_id("arrange").click()
    expect(page.get_by_test_id("platform")).to_contain_text("陈副县长")

    # Two replies: 王县长 attends (on his phone, where he will sign in), 陈副县长 sends 周局长.
    phone = own_page(chromium, base, "leader2", viewport={"width": 390, "height": 844})
    phone.goto(meeting_url)
    form = phone.get_by_test_id("reply-form")
    form.get_by_label("参加").check()
    form.get_by_role("button", name="提交回执").click()
    expect(phone.get_by_text("参会回执已提交")).to_be_visible()

    deputy = own_page(chromium, base, "leader3")
    deputy.goto(meeting_url)
    form = deputy.get_by_test_id("reply-form")
    form.get_by_label("委派代参").check()
    choose(deputy, "代参人员", "周", choice="周局长")
    form.get_by_label("事由").fill("带队检查林区防火")
    form.get_by_role("button", name="提交回执").click()
    expect(deputy.get_by_text("参会回执已提交")).to_be_visible()
    deputy.context.close()

    # The seating follows: 周局长 in 陈副县长's seat.
    page.goto(f"{meeting_url}seating/")
    seat = page.get_by_test_id("platform").get_by_role("listitem").filter(has_text="周局长")
    expect(seat).to_contain_text("（代陈副县长）")

    # 签到 by the room's code: 王县长 opens the QR code's address on his phone.
    page.goto(meeting_url)
    page.get_by_test_id("open-sign-in").click()
    address = page.get_by_test_id("signin-qr").get_attribute("data-url")
    assert address
    phone.goto(address)
    phone.get_by_test_id("sign-in").click()
    expect(phone.get_by_test_id("signed-in")).to_be_visible()
    page.goto(meeting_url)
    expect(page.get_by_test_id("signin-counts")).to_contain_text("已签到1人")

    # Two 议定事项, each with its lead unit and deadline.
    due = add_workdays(timezone.localdate(), 10).isoformat()
    for text, unit_query, unit_name in (
        ("开展林区火灾隐患排查整治", "水利", "县水利局"),
        ("补充扑火物资并组织实战演练", "应急", "县应急管理局"),
    ):
        minutes = page.get_by_test_id("section-minutes")
        minutes.get_by_label("议定事项", exact=True).fill(text)
        choose(page, "牵头单位", unit_query, choice=unit_name)
        minutes.get_by_label("完成时限").fill(due)
        minutes.get_by_role("button", name="记录议定事项").click()
        expect(page.get_by_test_id("decisions")).to_contain_text(text)

    # 起草会议纪要, then the documents flow: 送审 → 核稿 → 签发 → 复核 → 登记编号 → 分发.
    page.get_by_role("button", name="起草会议纪要").click()  # opens the draft in 办文
    expect(page.get_by_test_id("doc-state")).to_have_text("拟稿")
    minutes_url = page.url
    choose(page, "核稿人（可多选，并联审核）", "赵", choice="赵主任")
    choose(page, "签发领导", "wxz", choice="王县长")
    page.get_by_role("button", name="送审").click()
    expect(page.get_by_test_id("doc-state")).to_have_text("审核中")

    director.goto(minutes_url)  # the same session: a second factor's code is accepted once
    director.get_by_role("link", name="核稿").click()
    director.get_by_label("核稿意见").fill("同意")
    director.get_by_role("button", name="同意").click()
    expect(director.get_by_text("已同意")).to_be_visible()
    director.context.close()

    phone.goto(minutes_url)  # 王县长 signs off on his phone
    phone.get_by_role("button", name="签发").click()
    expect(phone.get_by_test_id("doc-state")).to_have_text("已签发")
    phone.context.close()

    page.goto(minutes_url)
    page.get_by_role("button", name="复核通过").click()
    page.get_by_role("button", name="登记编号").click()
    expect(page.get_by_test_id("doc-number")).to_contain_text("县委办发")
    page.get_by_role("button", name="分发").click()
    expect(page.get_by_test_id("doc-state")).to_have_text("已分发")
    document = OfficialDocument.objects.get(pk=Meeting.objects.get(pk=meeting.pk).minutes_document_id)
    assert document.doc_type == "minutes" and "王县长" in document.minutes_present  # who signed in

    # 转为督办事项, by the 督查员, for both decisions.
    supervisor = own_page(chromium, base, "duchayuan")
    supervisor.goto(meeting_url)
    for order in (1, 2):
        row = supervisor.get_by_test_id(f"decision-{order}")
        row.get_by_role("button", name="转为督办事项").click()
        expect(
            supervisor.get_by_test_id(f"decision-{order}").get_by_test_id("decision-supervision")
        ).to_contain_text("待签收")
    supervisor.context.close()

    # Each lead unit finds its item in its 待办; the meeting's page shows both with their state.
    for username, text in (
        ("slj_llr", "开展林区火灾隐患排查整治"),
        ("yjj_llr", "补充扑火物资并组织实战演练"),
    ):
        liaison = own_page(chromium, base, username)
        expect(liaison.get_by_test_id("todo-list")).to_contain_text(text)
        liaison.context.close()
    page.goto(meeting_url)
    expect(page.get_by_test_id("decisions").get_by_test_id("decision-supervision")).to_have_count(2)
    assert Meeting.objects.get(pk=meeting.pk).state == MeetingState.NOTIFIED
