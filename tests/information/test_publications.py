"""刊物: assembling an issue from adopted items (and what is refused), review and sign-off on the workflow app
with the issue's number (第N期, restarting yearly, never twice under concurrent sign-offs), the DOCX, and
distribution with read receipts and the clearance rule."""

from __future__ import annotations

import io
import threading

import pytest
import time_machine
from django.db import connections
from docx import Document

from tests.information.publications_helpers import adopted_item, assembled, distributed, open_step, signed
from zhongshu.audit.models import AuditEvent
from zhongshu.base.levels import Classification, Clearance
from zhongshu.core.errors import Conflict, Forbidden, InvalidTransition, ServiceError
from zhongshu.information import publications
from zhongshu.information.models import IssueEntry, IssueReceipt, IssueState, ItemState, PublicationIssue
from zhongshu.information.publication_docx import RED, issue_docx
from zhongshu.notifications.models import OutboxMessage
from zhongshu.workflow.services import step_approve, step_return

pytestmark = pytest.mark.django_db


def test_an_editor_assembles_an_issue_from_adopted_items_prefilled_and_ordered(county):
    issue = assembled(county, titles=("春耕备耕", "防汛检查", "招商引资"))
    entries = publications.entries_of(issue)
    assert [e.headline for e in entries] == ["春耕备耕", "防汛检查", "招商引资"]
    assert entries[0].body.startswith("春耕备耕。全镇干部群众")
    assert [e.position for e in entries] == [1, 2, 3]
    editor = county.editors[1].user
    publications.entry_move(entry=entries[2], by=editor, up=True)
    publications.entry_edit(entry=entries[0], by=editor, headline="城关镇春耕备耕有序推进", body="改后的正文")
    publications.entry_remove(entry=entries[1], by=editor)
    entries = publications.entries_of(issue)
    assert [e.headline for e in entries] == ["城关镇春耕备耕有序推进", "招商引资"]
    assert entries[0].body == "改后的正文"
    # the item keeps its own text
    assert entries[0].item.title == "春耕备耕"


def test_bad_input_adding_to_an_issue_is_refused_and_nothing_is_saved(county):
    editor = county.editors[0].user
    issue = assembled(county, titles=("春耕备耕",))
    first = IssueEntry.objects.get(issue=issue).item
    with pytest.raises(Conflict) as twice:
        publications.entry_add(issue=issue, item=first, by=editor)
    assert twice.value.code == "entry_exists" and "已在本期中" in twice.value.message
    pending = adopted_item(county, "尚未采用的信息", state=ItemState.SUBMITTED)
    with pytest.raises(ServiceError) as not_adopted:
        publications.entry_add(issue=issue, item=pending, by=editor)
    assert not_adopted.value.code == "item_not_adopted"
    secret = adopted_item(county, "涉密信息", classification=Classification.CONFIDENTIAL)
    with pytest.raises(ServiceError) as too_secret:
        publications.entry_add(issue=issue, item=secret, by=editor)
    assert too_secret.value.code == "item_more_secret"
    with pytest.raises(Forbidden):
        publications.entry_add(
            issue=issue, item=adopted_item(county, "另一条"), by=county.town_writers[0].user
        )
    assert IssueEntry.objects.filter(issue=issue).count() == 1
    # a submission to a published issue
    issue = signed(county, issue)
    with pytest.raises(InvalidTransition) as published:
        publications.entry_add(issue=issue, item=adopted_item(county, "晚到的信息"), by=editor)
    assert published.value.code == "issue_not_editing"
    assert "已签发" in published.value.message
    assert IssueEntry.objects.filter(issue=issue).count() == 1


def test_an_empty_issue_cannot_be_sent_for_review(county):
    issue = publications.issue_open(publication=county.publications["kuaibao"], by=county.editors[0].user)
    with pytest.raises(ServiceError) as empty:
        publications.issue_send(issue=issue, by=county.editors[0].user)
    assert empty.value.code == "issue_empty"
    issue.refresh_from_db()
    assert issue.state == IssueState.EDITING


def test_review_then_sign_off_numbers_the_issue(county):
    issue = assembled(county)
    publications.issue_send(issue=issue, by=county.editors[0].user, reviewer=county.editors[1])
    issue.refresh_from_db()
    assert issue.state == IssueState.IN_REVIEW and issue.number is None
    review = open_step(issue)
    assert review.assignee == county.editors[1] and review.kind == "review"
    step_approve(step=review, by=county.editors[1].user, opinion="核稿无误")
    sign = open_step(issue)
    assert sign.assignee == county.director and sign.kind == "sign_off"
    step_approve(step=sign, by=county.director.user, opinion="同意印发")
    issue.refresh_from_db()
    assert issue.state == IssueState.SIGNED
    assert issue.number == 1
    assert issue.signed_off_by == county.director
    assert issue.published_on is not None and issue.signed_off_at is not None
    assert AuditEvent.objects.filter(action="information.issue.sign", object_id=str(issue.pk)).exists()


def test_a_returned_issue_goes_back_to_editing_without_a_number(county):
    issue = assembled(county)
    publications.issue_send(issue=issue, by=county.editors[0].user)
    step_return(step=open_step(issue), by=county.director.user, reason="第二条数据需核实")
    issue.refresh_from_db()
    assert issue.state == IssueState.EDITING and issue.number is None
    # corrected and sent again: numbered 1, no gap
    issue = signed(county, issue)
    assert issue.number == 1


def test_numbering_runs_per_publication_and_restarts_at_the_year_change(county):
    with time_machine.travel("2026-12-30 10:00 +0800", tick=False):
        first = signed(county)
        second = signed(county)
        other = signed(county, assembled(county, "jianbao"))
    with time_machine.travel("2027-01-04 10:00 +0800", tick=False):
        # opened in 2026 but signed in 2027: it is 2027年第1期
        opened_late = assembled(county)
    with time_machine.travel("2027-01-05 10:00 +0800", tick=False):
        third = signed(county, opened_late)
        fourth = signed(county)
    assert (first.year, first.number) == (2026, 1)
    assert (second.year, second.number) == (2026, 2)
    assert (other.year, other.number) == (2026, 1)
    assert (third.year, third.number) == (2027, 1)
    assert (fourth.year, fourth.number) == (2027, 2)
    assert publications.issue_label(third) == "《快报》2027年第1期"


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_sign_offs_never_get_one_number(county, on_postgres):
    issues = [assembled(county) for _ in range(6)]
    for issue in issues:
        publications.issue_send(issue=issue, by=county.editors[0].user)
    steps = [open_step(issue) for issue in issues]
    barrier = threading.Barrier(len(steps))
    errors: list[BaseException] = []

    def sign(step):
        try:
            barrier.wait()
            step_approve(step=step, by=county.director.user, opinion="同意")
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign, args=(step,)) for step in steps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(
        PublicationIssue.objects.filter(pk__in=[i.pk for i in issues]).values_list("number", flat=True)
    )
    assert numbers == [1, 2, 3, 4, 5, 6]


def _texts(data: bytes) -> list[str]:
    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


def test_the_docx_has_the_masthead_in_red_the_entries_and_the_foot(county):
    issue = signed(county, assembled(county, titles=("春耕备耕", "防汛检查")))
    data = issue_docx(issue)
    document = Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "内部"
    name = document.paragraphs[1]
    assert name.text == "快报"
    assert name.runs[0].font.color.rgb == RED
    assert name.runs[0].font.size.pt >= 36
    assert texts[2] == f"{issue.year}年第1期"
    day = issue.published_on
    assert texts[3] == f"中共某某县委办公室信息科\t{day.year}年{day.month}月{day.day}日"
    assert 'w:color="FF0000"' in document.paragraphs[3]._p.xml  # the red rule under the masthead
    assert "春耕备耕" in texts and "防汛检查" in texts
    assert "春耕备耕。全镇干部群众迅速行动，取得阶段性成效。" in texts
    assert "（城关镇）" in texts and "（河口乡）" in texts
    assert "报：市委办公室" in texts
    assert "送：县委、县政府领导" in texts
    assert "发：各乡镇党委，县直各单位" in texts
    assert texts.index("报：市委办公室") > texts.index("防汛检查")


def test_a_secret_issue_is_marked_and_its_download_is_audited(county):
    editor = county.editors[0].user
    issue = publications.issue_open(
        publication=county.publications["zhuanbao"], by=editor, classification=Classification.CONFIDENTIAL
    )
    publications.entry_add(issue=issue, item=adopted_item(county, "重要情况"), by=editor)
    issue = signed(county, issue)
    issue.secrecy_term_years = 1
    issue.save(update_fields=["secrecy_term_years"])
    assert _texts(issue_docx(issue))[0] == "秘密★1年"
    from tests.information.conftest import signed_in

    response = signed_in("bianji1").get(f"/information/issues/{issue.pk}/docx/")
    assert response.status_code == 200
    assert "docx" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(action="record.download", object_id=str(issue.pk)).exists()


def test_distribution_gives_receipts_notices_and_need_to_know_to_the_readers(county):
    issue = distributed(county)
    assert issue.state == IssueState.DISTRIBUTED and issue.distributed_at is not None
    readers = set(IssueReceipt.objects.filter(issue=issue).values_list("person_id", flat=True))
    expected = {
        *(p.pk for p in county.leaders),
        *(p.pk for p in county.town_writers),
        *(p.pk for p in county.town_leaders),
        county.bureau_writer.pk,
        county.bureau_leader.pk,
    }
    assert readers == expected
    assert set(issue.need_to_know_people.values_list("pk", flat=True)) >= expected
    notices = OutboxMessage.objects.filter(kind="information.issue_distributed")
    assert notices.count() == len(expected)
    # distributing twice is refused
    with pytest.raises(InvalidTransition):
        publications.issue_distribute(issue=issue, by=county.editors[0].user)
    assert notices.count() == len(expected)


def test_a_reader_opening_the_issue_sets_his_receipt_read_once(county):
    from tests.information.conftest import signed_in

    issue = distributed(county)
    leader = county.leaders[1]
    receipt = IssueReceipt.objects.get(issue=issue, person=leader)
    assert receipt.read_at is None
    client = signed_in(leader.user.username)
    page = client.get(f"/information/issues/{issue.pk}/")
    assert page.status_code == 200
    receipt.refresh_from_db()
    first_read = receipt.read_at
    assert first_read is not None
    client.get(f"/information/issues/{issue.pk}/")
    receipt.refresh_from_db()
    assert receipt.read_at == first_read
    # the editor sees 已读 for him and 未读 for the others
    editor_page = signed_in("bianji1").get(f"/information/issues/{issue.pk}/").content.decode()
    assert editor_page.count("已读（") == 1
    assert editor_page.count("<strong>未读</strong>") == IssueReceipt.objects.filter(issue=issue).count() - 1


def test_a_reader_without_clearance_for_a_secret_issue_is_not_delivered(county):
    editor = county.editors[0].user
    issue = publications.issue_open(
        publication=county.publications["kuaibao"], by=editor, classification=Classification.CONFIDENTIAL
    )
    publications.entry_add(issue=issue, item=adopted_item(county, "重要情况"), by=editor)
    issue = distributed(county, issue)
    readers = set(IssueReceipt.objects.filter(issue=issue).values_list("person_id", flat=True))
    assert {p.pk for p in county.leaders} <= readers  # 重要 clearance
    assert county.town_writers[0].clearance == Clearance.NONE
    assert county.town_writers[0].pk not in readers
    left_out = {u.person.pk for u in publications.undelivered(issue)}
    assert county.town_writers[0].pk in left_out
    assert not issue.need_to_know_people.filter(pk=county.town_writers[0].pk).exists()
    from tests.information.conftest import signed_in

    assert signed_in("town0").get(f"/information/issues/{issue.pk}/").status_code == 404


def test_pages_show_the_tab_the_list_and_refuse_bad_input_in_chinese(county):
    from tests.information.conftest import signed_in

    editor = signed_in("bianji1")
    response = editor.post("/information/issues/", {"publication": "abc"})
    assert response.status_code == 400
    assert "刊物不存在" in response.content.decode()
    response = editor.post("/information/issues/", {"publication": county.publications["kuaibao"].pk})
    assert response.status_code == 302
    issue = PublicationIssue.objects.get()
    item = adopted_item(county, "春耕备耕")
    assert editor.post(f"/information/issues/{issue.pk}/entries/", {"item": item.pk}).status_code == 302
    again = editor.post(f"/information/issues/{issue.pk}/entries/", {"item": item.pk})
    assert again.status_code == 409
    assert "已在本期中，不能重复编入" in again.content.decode()
    listing = editor.get("/information/issues/").content.decode()
    assert "刊物" in listing and "编辑中" in listing
    api = editor.post(
        f"/api/information/issues/{issue.pk}/entries", data={"item": item.pk}, content_type="application/json"
    )
    assert api.status_code == 409 and api.json()["code"] == "entry_exists"


def test_a_signed_issue_waits_in_the_editors_todos_until_distributed(county):
    issue = signed(county)
    todos = publications.editor_todos(county.editors[1].user)
    assert [t.title for t in todos] == [f"待分发：《快报》{issue.year}年第1期"]
    assert publications.editor_todos(county.leaders[0].user) == []
    publications.issue_distribute(issue=issue, by=county.editors[1].user)
    assert publications.editor_todos(county.editors[1].user) == []


def test_withdrawing_from_review_and_choosing_who_reviews_and_signs(county):
    editor = county.editors[0].user
    issue = assembled(county)
    with pytest.raises(ServiceError) as not_signer:
        publications.issue_send(issue=issue, by=editor, signer=county.editors[1])
    assert not_signer.value.code == "not_signer"
    with pytest.raises(ServiceError) as not_reviewer:
        publications.issue_send(issue=issue, by=editor, reviewer=county.town_writers[0])
    assert not_reviewer.value.code == "not_reviewer"
    issue.refresh_from_db()
    assert issue.state == IssueState.EDITING and publications.workflow_of(issue) is None
    publications.issue_send(issue=issue, by=editor, reviewer=county.editors[1])
    issue.refresh_from_db()
    publications.issue_withdraw(issue=issue, by=editor, version=issue.version)
    issue.refresh_from_db()
    assert issue.state == IssueState.EDITING
    assert publications.workflow_of(issue).state == "cancelled"
    # edited again and sent again: the second chain signs it, numbered 1
    publications.entry_add(issue=issue, item=adopted_item(county, "补充一条"), by=editor)
    issue = signed(county, issue)
    assert issue.number == 1 and IssueEntry.objects.filter(issue=issue).count() == 3
