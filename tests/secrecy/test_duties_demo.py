"""The 保密工作 demo on the county of the tests (with the 保密办 head's username added): administrators for every
unit but one, this quarter's meeting, a bank of fifteen questions, last month's test taken by all but one of its
takers with their scores, and a test open now on the office's to-do lists; built twice, it adds nothing."""

from __future__ import annotations

from django.utils import timezone

from tests.secrecy.conftest import County, signed_in
from zhongshu.base.levels import Clearance
from zhongshu.base.roles import Role
from zhongshu.core.todos import todos_for
from zhongshu.demo.build import DemoResult
from zhongshu.demo.secrecy_duties import BANK_NAME, OPEN_TEST, PAST_TEST, build_demo_duties
from zhongshu.secrecy import duties
from zhongshu.secrecy.models_duties import (
    KnowledgeTest,
    Question,
    SecrecyAdministrator,
    SecrecyMeeting,
    TestAttempt,
)
from zhongshu.testing.factories import make_person


def test_the_demo_names_administrators_meets_and_tests(county: County) -> None:
    make_person(
        "保密办主任",
        unit=county.office,
        department=county.secrecy_department,
        roles=[Role.SECRECY_OFFICER],
        clearance=Clearance.IMPORTANT,
        username="xwb_bmb_kz",
    )
    first = DemoResult()
    build_demo_duties(first)
    assert first.created == {
        "secrecy_administrators": 2,
        "secrecy_meetings": 1,
        "question_banks": 1,
        "questions": 15,
        "knowledge_tests": 2,
        "test_attempts": 1,
    }
    # The office and 县财政局 have one (its liaison); 城关镇, the last unit, has none.
    current = {
        row.unit.name: row.person.name
        for row in SecrecyAdministrator.objects.select_related("unit", "person")
    }
    assert current == {"县委办公室": current["县委办公室"], "县财政局": "财政联络员"}
    gaps = [group.unit.name for group in duties.administrators_by_unit(county.secrecy_head.user) if group.gap]
    assert gaps == ["城关镇"]
    meeting = SecrecyMeeting.objects.get()
    today = timezone.localdate()
    assert (meeting.held_on.year, (meeting.held_on.month - 1) // 3) == (today.year, (today.month - 1) // 3)
    assert meeting.held_on <= today
    assert Question.objects.filter(bank__name=BANK_NAME).count() == 15
    assert set(Question.objects.values_list("kind", flat=True)) == {"single", "multiple", "true_false"}
    past = KnowledgeTest.objects.get(title=PAST_TEST)
    results = duties.results(past, county.secrecy_head.user)
    assert [row.state for row in results.rows] == ["已交卷", "未参加"]
    assert 0 < (results.rows[0].score or 0) < results.full_marks
    assert TestAttempt.objects.filter(test=past).count() == 1
    open_test = KnowledgeTest.objects.get(title=OPEN_TEST)
    assert duties.is_open(open_test, timezone.now())
    titles = [item.title for item in todos_for(county.office_clerk.user)]
    assert f"参加保密知识测试：{OPEN_TEST}" in titles
    assert signed_in("xwb_bmb_kz").get(f"/secrecy/duties/tests/{past.pk}/").status_code == 200
    again = DemoResult()
    build_demo_duties(again)
    assert not again.changed and KnowledgeTest.objects.count() == 2
