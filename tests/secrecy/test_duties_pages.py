"""保密工作's pages and API: the administrators' table with its gaps, recording a meeting through the form, a
question and a test through the forms (refusals shown, nothing saved), taking a test on the timed sheet — whose
page and API answer carry no answer key until the sheet is in — the results with their chart, and every page
speaking Chinese with every audit detail named."""

from __future__ import annotations

import contextlib
import json
from datetime import timedelta

from django.utils import timezone

from tests.secrecy.conftest import County, signed_in
from tests.secrecy.duties_helpers import open_test
from tests.web.test_vocabulary import codes_on_pages, unnamed_details
from zhongshu.core.errors import ServiceError
from zhongshu.secrecy import duties
from zhongshu.secrecy.models_duties import (
    KnowledgeTest,
    Question,
    SecrecyAdministrator,
    SecrecyMeeting,
    TestAttempt,
)


def test_the_administrators_page_marks_the_units_without_one(county: County) -> None:
    head = signed_in("baomi")
    made = head.post(
        "/secrecy/duties/administrators/appoint/",
        {
            "unit": county.units[0].pk,
            "person": county.unit_heads[0].pk,
            "appointed_on": timezone.localdate().isoformat(),
        },
    )
    assert made.status_code == 302
    page = head.get("/secrecy/duties/administrators/").content.decode()
    assert "财政科长" in page and 'data-gap="1"' in page
    assert (
        '<strong class="duties-gap-text" data-testid="gap-count">2</strong>' in page
    )  # the office and 城关镇
    again = head.post(
        "/secrecy/duties/administrators/appoint/",
        {
            "unit": county.units[0].pk,
            "person": county.clerks[0].pk,
            "appointed_on": timezone.localdate().isoformat(),
        },
    )
    assert again.status_code == 400 and "请先免去再任命" in again.content.decode()
    assert SecrecyAdministrator.objects.count() == 1
    # The unit's people see who their administrator is; another unit sees it has none.
    assert (
        "本单位（科室）的兼职保密管理员：<strong>财政科长</strong>"
        in signed_in("czj_ws").get("/secrecy/duties/administrators/").content.decode()
    )
    other = signed_in("cgz_ws").get("/secrecy/duties/administrators/").content.decode()
    assert "本单位尚未确定兼职保密管理员" in other and "财政科长" not in other
    assert signed_in("czj_ws").post("/secrecy/duties/administrators/appoint/", {}).status_code == 403
    api = signed_in("cgz_ws").get("/api/secrecy/duties/administrators").json()
    assert [group["unit"] for group in api] == ["城关镇"] and api[0]["gap"] is True


def test_recording_a_meeting_through_the_form(county: County) -> None:
    head = signed_in("baomi")
    assert head.get("/secrecy/duties/meetings/new/").status_code == 200
    form = {
        "kind": "education",
        "title": "保密法专题辅导",
        "held_on": timezone.localdate().isoformat(),
        "place": "三楼会议室",
        "attendees": [county.clerks[0].pk, county.unit_heads[0].pk],
        "minutes": "学习新修订的保守国家秘密法。",
    }
    future = head.post(
        "/secrecy/duties/meetings/new/",
        {**form, "held_on": (timezone.localdate() + timedelta(days=2)).isoformat()},
    )
    assert future.status_code == 400 and "会议日期不能晚于今天" in future.content.decode()
    nobody = head.post("/secrecy/duties/meetings/new/", {**form, "attendees": []})
    assert nobody.status_code == 400 and "请选择参加人员" in nobody.content.decode()
    assert not SecrecyMeeting.objects.exists()
    done = head.post("/secrecy/duties/meetings/new/", form)
    meeting = SecrecyMeeting.objects.get()
    assert done["Location"] == f"/secrecy/duties/meetings/{meeting.pk}/"
    assert "财政文书" in head.get(done["Location"]).content.decode()
    assert signed_in("czj_ws").get(done["Location"]).status_code == 200  # attended
    assert signed_in("cgz_ws").get(done["Location"]).status_code == 404
    assert "保密法专题辅导" not in signed_in("cgz_ws").get("/secrecy/duties/meetings/").content.decode()


def test_a_question_and_a_test_through_the_forms(county: County) -> None:
    head = signed_in("baomi")
    assert head.post("/secrecy/duties/banks/", {"name": "保密常识"}).status_code == 302
    bank_url = head.get("/secrecy/duties/banks/").content.decode()
    from zhongshu.secrecy.models_duties import QuestionBank

    bank = QuestionBank.objects.get()
    assert "保密常识" in bank_url
    question = {
        "kind": "single",
        "topic": "密级",
        "text": "最高密级是？",
        "options": ["绝密", "机密", "秘密"],
    }
    none = head.post(f"/secrecy/duties/banks/{bank.pk}/questions/", question)
    assert none.status_code == 400 and "请标出正确答案" in none.content.decode()
    assert not Question.objects.exists()
    assert (
        head.post(f"/secrecy/duties/banks/{bank.pk}/questions/", {**question, "answer": "0"}).status_code
        == 302
    )
    start = timezone.localtime()
    test = {
        "title": "季度保密测试",
        "bank": bank.pk,
        "time_limit_minutes": "15",
        "opens_at": f"{start:%Y-%m-%dT%H:%M}",
        "closes_at": f"{start + timedelta(days=2):%Y-%m-%dT%H:%M}",
        "units": [county.units[0].pk],
    }
    empty = head.post("/secrecy/duties/tests/new/", test)
    assert empty.status_code == 400 and "测试没有试题" in empty.content.decode()
    assert not KnowledgeTest.objects.exists()
    made = head.post("/secrecy/duties/tests/new/", {**test, "draw": "1"})
    assert made.status_code == 302
    assert KnowledgeTest.objects.get().title == "季度保密测试"


def test_nobody_reads_the_key_of_a_running_attempt_not_even_the_secrecy_office(county: County) -> None:
    """The 保密办 and the office director may be taking the same test at the same time: while a colleague's sheet
    is open they see no key of it, on the page or through the API; once it is in, they do."""
    test = open_test(county)
    attempt = duties.attempt_start(by=county.clerks[0].user, test=test)
    for keeper in ("baomi", "zhuren"):
        client = signed_in(keeper)
        api = client.get(f"/api/secrecy/duties/attempts/{attempt.pk}").json()
        assert api["review"] == [] and api["sheet"] == [] and "explanation" not in json.dumps(api), keeper
        assert (
            "绝密30年、机密20年、秘密10年"
            not in client.get(f"/secrecy/duties/attempts/{attempt.pk}/").content.decode()
        )
    duties.attempt_submit(by=county.clerks[0].user, attempt=attempt, answers={})
    api = signed_in("baomi").get(f"/api/secrecy/duties/attempts/{attempt.pk}").json()
    assert len(api["review"]) == 3 and all("answer" in row for row in api["review"])


def test_the_open_sheet_carries_no_answer_key(county: County) -> None:
    test = open_test(county)
    sheet = duties.sheet(test)
    clerk = signed_in("czj_ws")
    assert "2026年保密知识测试" in clerk.get("/secrecy/duties/tests/").content.decode()
    started = clerk.post(f"/secrecy/duties/tests/{test.pk}/start/")
    attempt = TestAttempt.objects.get()
    assert started["Location"] == f"/secrecy/duties/attempts/{attempt.pk}/"
    page = clerk.get(started["Location"]).content.decode()
    assert 'data-countdown="' in page and "国家秘密的密级分为哪几级" in page
    for secret in ("绝密30年、机密20年、秘密10年", "正确答案", "解析"):
        assert secret not in page, secret
    api = clerk.get(f"/api/secrecy/duties/attempts/{attempt.pk}").json()
    assert [q["id"] for q in api["sheet"]] == [q.pk for q in sheet]
    assert (
        api["review"] == []
        and "answer" not in json.dumps(api["sheet"])
        and "explanation" not in json.dumps(api)
    )
    # Handing in through the API with a multiple-choice answer as a list, then the key is shown.
    done = clerk.post(
        f"/api/secrecy/duties/attempts/{attempt.pk}/submit",
        json.dumps({"answers": {str(sheet[0].pk): [1], str(sheet[1].pk): [0, 1, 2], str(sheet[2].pk): [1]}}),
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["score"] == 3 and done.json()["sheet"] == []
    assert "绝密30年、机密20年、秘密10年" in clerk.get(started["Location"]).content.decode()
    twice = clerk.post(
        f"/api/secrecy/duties/attempts/{attempt.pk}/submit",
        json.dumps({"answers": {}}),
        content_type="application/json",
    )
    assert twice.status_code == 400 and twice.json()["code"] == "already_submitted"
    again = clerk.post(
        f"/api/secrecy/duties/tests/{test.pk}/start", json.dumps({}), content_type="application/json"
    )
    assert again.status_code == 400 and again.json()["code"] == "already_attempted"
    # The results: the office sees all with the chart; the clerk himself.
    office = signed_in("baomi").get(f"/secrecy/duties/tests/{test.pk}/").content.decode()
    assert 'data-testid="chart-duties-unit-scores"' in office and "尚未参加（5人）" in office
    mine = clerk.get(f"/api/secrecy/duties/tests/{test.pk}").json()
    assert [row["person"] for row in mine["results"]] == ["财政文书"] and mine["mine"]["score"] == 3


def test_a_late_sheet_through_the_api_is_refused(county: County) -> None:
    long_ago = timezone.now() - timedelta(minutes=30)
    test = open_test(county, minutes=10, now=long_ago)
    attempt = duties.attempt_start(by=county.clerks[0].user, test=test, now=long_ago)
    late = signed_in("czj_ws").post(
        f"/api/secrecy/duties/attempts/{attempt.pk}/submit",
        json.dumps({"answers": {}}),
        content_type="application/json",
    )
    assert late.status_code == 400 and late.json()["code"] == "time_up"
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


def test_every_page_speaks_chinese_and_every_audit_detail_is_named(county: County) -> None:
    test = open_test(county)
    head = county.secrecy_head.user
    duties.administrator_appoint(
        by=head,
        unit=county.units[0],
        department=None,
        person=county.unit_heads[0],
        appointed_on=timezone.localdate(),
    )
    meeting = duties.meeting_record(
        by=head,
        held_on=timezone.localdate(),
        title="保密工作会议",
        kind="meeting",
        attendees=[county.clerks[0]],
    )
    attempt = duties.attempt_start(by=county.clerks[0].user, test=test)
    running = duties.attempt_start(by=county.unit_heads[0].user, test=test)
    duties.attempt_submit(by=county.clerks[0].user, attempt=attempt, answers={})
    with contextlib.suppress(ServiceError):  # the refusal is what is audited here
        duties.attempt_start(by=county.clerks[0].user, test=test)
    bank = test.bank
    assert bank is not None
    pages = {
        "baomi": [
            "/secrecy/duties/administrators/",
            "/secrecy/duties/meetings/",
            "/secrecy/duties/meetings/new/",
            f"/secrecy/duties/meetings/{meeting.pk}/",
            "/secrecy/duties/banks/",
            f"/secrecy/duties/banks/{bank.pk}/",
            "/secrecy/duties/tests/",
            "/secrecy/duties/tests/new/",
            f"/secrecy/duties/tests/{test.pk}/",
            f"/secrecy/duties/attempts/{attempt.pk}/",
        ],
        "czj_ws": [
            "/secrecy/duties/administrators/",
            "/secrecy/duties/tests/",
            f"/secrecy/duties/tests/{test.pk}/",
            f"/secrecy/duties/attempts/{attempt.pk}/",
        ],
        "czj_kz": [f"/secrecy/duties/attempts/{running.pk}/", f"/secrecy/duties/tests/{test.pk}/"],
    }
    assert codes_on_pages(pages, signed_in) == {}
    assert unnamed_details("secrecy.duties") == []
