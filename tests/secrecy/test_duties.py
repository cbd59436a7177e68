"""保密工作's services: the part-time administrators (one current per unit or department, history kept, the
department's before the unit's), the question bank's refusals, the timed test enforced on the server (a sheet
after the deadline and its grace refused; one attempt unless a retake is allowed), scoring (a multiple-choice
question right only when exactly right), results per person and unit for who may see them, and the to-do."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.secrecy.conftest import County
from tests.secrecy.duties_helpers import all_right, bank_of_three, open_test
from zhongshu.audit.models import AuditEvent
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.core.todos import todos_for
from zhongshu.secrecy import duties
from zhongshu.secrecy.models_duties import (
    KnowledgeTest,
    Question,
    SecrecyAdministrator,
    TestAttempt,
)


def _denied(action: str) -> int:
    return AuditEvent.objects.filter(action=f"secrecy.duties.{action}", outcome="denied").count()


def test_the_department_administrator_comes_before_the_unit_one(county: County) -> None:
    head = county.secrecy_head.user
    today = timezone.localdate()
    finance = county.units[0]
    assert duties.administrator_of(finance.pk) is None
    duties.administrator_appoint(
        by=head, unit=finance, department=None, person=county.unit_heads[0], appointed_on=today
    )
    office_dept = county.secrecy_department
    duties.administrator_appoint(
        by=head, unit=county.office, department=None, person=county.secrecy_officer, appointed_on=today
    )
    duties.administrator_appoint(
        by=head,
        unit=county.office,
        department=county.confidential_department,
        person=county.confidential_clerk,
        appointed_on=today,
    )
    assert duties.administrator_of(finance.pk) == county.unit_heads[0]
    assert (
        duties.administrator_of(county.office.pk, county.confidential_department.pk)
        == county.confidential_clerk
    )
    assert duties.administrator_of(county.office.pk, office_dept.pk) == county.secrecy_officer
    assert duties.is_part_time_administrator(county.unit_heads[0].user)
    assert duties.is_part_time_administrator(county.unit_heads[0].user, finance.pk)
    assert not duties.is_part_time_administrator(county.unit_heads[0].user, county.units[1].pk)
    from zhongshu.access.policy import viewer_of

    assert duties.is_part_time_administrator(viewer_of(county.unit_heads[0].user), finance.pk)
    assert not duties.is_part_time_administrator(county.clerks[0].user)


def test_two_current_administrators_for_one_place_are_refused(county: County) -> None:
    head = county.secrecy_head.user
    today = timezone.localdate()
    finance = county.units[0]
    first = duties.administrator_appoint(
        by=head, unit=finance, department=None, person=county.unit_heads[0], appointed_on=today
    )
    with pytest.raises(ServiceError) as refused:
        duties.administrator_appoint(
            by=head, unit=finance, department=None, person=county.clerks[0], appointed_on=today
        )
    assert refused.value.code == "administrator_exists"
    assert "已有兼职保密管理员财政科长" in refused.value.message
    assert _denied("administrator.appoint") == 1
    assert SecrecyAdministrator.objects.count() == 1
    # Relieved, the history stays and the place can be filled again.
    duties.administrator_end(by=head, appointment=first, version=first.version, ended_on=today)
    duties.administrator_appoint(
        by=head, unit=finance, department=None, person=county.clerks[0], appointed_on=today
    )
    assert SecrecyAdministrator.objects.count() == 2
    assert duties.administrator_of(finance.pk) == county.clerks[0]
    # Only the 保密办 names them; a person of another unit cannot be named.
    with pytest.raises(Forbidden):
        duties.administrator_appoint(
            by=county.clerks[0].user,
            unit=county.units[1],
            department=None,
            person=county.unit_heads[1],
            appointed_on=today,
        )
    with pytest.raises(ServiceError) as elsewhere:
        duties.administrator_appoint(
            by=head, unit=county.units[1], department=None, person=county.unit_heads[0], appointed_on=today
        )
    assert elsewhere.value.code == "person_not_in_unit"


def test_a_question_without_a_right_answer_is_refused(county: County) -> None:
    head = county.secrecy_head.user
    bank = duties.bank_create(by=head, name="题库甲")
    for kwargs, code in [
        ({"kind": "single", "options": ["甲", "乙"], "answer": []}, "no_right_answer"),
        ({"kind": "single", "options": ["甲", "乙"], "answer": [0, 1]}, "one_right_answer"),
        ({"kind": "multiple", "options": ["甲", "乙", "丙"], "answer": [1]}, "too_few_right_answers"),
        ({"kind": "single", "options": ["甲", "乙"], "answer": [2]}, "answer_not_an_option"),
        ({"kind": "single", "options": ["甲"], "answer": [0]}, "too_few_options"),
        ({"kind": "true_false", "answer": []}, "no_right_answer"),
    ]:
        with pytest.raises(ServiceError) as refused:
            duties.question_add(by=head, bank=bank, topic="密级", text="题目", **kwargs)
        assert refused.value.code == code, kwargs
    assert refused.value.message.startswith("请标出正确答案")
    assert Question.objects.count() == 0
    assert _denied("question.add") == 6


def test_a_test_with_no_questions_is_refused(county: County) -> None:
    head = county.secrecy_head.user
    bank, _ = bank_of_three(county)
    now = timezone.now()
    common: dict[str, Any] = {
        "by": head,
        "title": "空测试",
        "time_limit_minutes": 10,
        "opens_at": now,
        "closes_at": now + timedelta(days=1),
        "units": county.units,
    }
    with pytest.raises(ServiceError) as refused:
        duties.knowledge_test_create(bank=bank, **common)
    assert refused.value.code == "no_questions" and refused.value.message.startswith("测试没有试题")
    with pytest.raises(ServiceError) as too_many:
        duties.knowledge_test_create(bank=bank, draw=5, **common)
    assert too_many.value.code == "not_enough_questions"
    assert KnowledgeTest.objects.count() == 0
    assert _denied("test.create") == 2
    drawn = duties.knowledge_test_create(bank=bank, draw=2, **common)
    assert len(duties.sheet(drawn)) == 2


def test_scoring_and_the_multiple_choice_rule(county: County) -> None:
    test = open_test(county)
    clerk = county.clerks[0].user
    attempt = duties.attempt_start(by=clerk, test=test)
    assert attempt.full_marks == 4 and attempt.deadline == attempt.started_at + timedelta(minutes=20)
    single, multiple, true_false = duties.sheet(test)
    done = duties.attempt_submit(
        by=clerk,
        attempt=attempt,
        answers={single.pk: [1], multiple.pk: [0, 1], true_false.pk: [0]},  # two of three: not right
    )
    assert done.score == 2 and done.submitted_at is not None
    assert _denied("attempt.submit") == 0
    assert AuditEvent.objects.filter(action="secrecy.duties.attempt.submit", outcome="success").count() == 1


def test_a_sheet_after_the_time_limit_is_refused_and_nothing_saved(county: County) -> None:
    now = timezone.now()
    test = open_test(county, minutes=10, now=now)
    clerk = county.clerks[0].user
    attempt = duties.attempt_start(by=clerk, test=test, now=now)
    late = attempt.deadline + duties.grace() + timedelta(seconds=1)
    with pytest.raises(ServiceError) as refused:
        duties.attempt_submit(by=clerk, attempt=attempt, answers=all_right(duties.sheet(test)), now=late)
    assert refused.value.code == "time_up" and "答卷未被接受" in refused.value.message
    assert _denied("attempt.submit") == 1
    attempt.refresh_from_db()
    assert attempt.submitted_at is None and attempt.score is None and attempt.answers == {}
    assert duties.attempt_state(attempt, late) == "超时未交卷"
    assert duties.attempt_points(attempt, late) == 0
    # Within the grace the sheet is taken, marked as handed in at the deadline.
    other = county.unit_heads[0].user
    second = duties.attempt_start(by=other, test=test, now=now)
    in_grace = second.deadline + duties.grace() - timedelta(seconds=1)
    done = duties.attempt_submit(
        by=other, attempt=second, answers=all_right(duties.sheet(test)), now=in_grace
    )
    assert done.score == 4 and done.submitted_at == second.deadline


def test_one_attempt_unless_the_office_allows_a_retake(county: County) -> None:
    test = open_test(county)
    clerk = county.clerks[0].user
    first = duties.attempt_start(by=clerk, test=test)
    assert duties.attempt_start(by=clerk, test=test) == first  # still running: resumed
    duties.attempt_submit(by=clerk, attempt=first, answers={})
    with pytest.raises(ServiceError) as refused:
        duties.attempt_start(by=clerk, test=test)
    assert refused.value.code == "already_attempted"
    assert TestAttempt.objects.count() == 1 and _denied("attempt.start") == 1
    with pytest.raises(ServiceError) as twice:
        duties.attempt_submit(by=clerk, attempt=first, answers=all_right(duties.sheet(test)))
    assert twice.value.code == "already_submitted"
    first.refresh_from_db()
    assert first.score == 0
    with pytest.raises(Forbidden):
        duties.retake_allow(by=county.unit_heads[0].user, attempt=first)
    duties.retake_allow(by=county.secrecy_head.user, attempt=first)
    second = duties.attempt_start(by=clerk, test=test)
    assert second.number == 2
    duties.attempt_submit(by=clerk, attempt=second, answers=all_right(duties.sheet(test)))
    # Someone not asked to take it may not start it.
    with pytest.raises(Forbidden):
        duties.attempt_start(by=county.office_clerk.user, test=test)


def test_results_per_person_and_unit_for_who_may_see_them(county: County) -> None:
    test = open_test(county)
    finance_clerk, finance_head = county.clerks[0].user, county.unit_heads[0].user
    sheet = duties.sheet(test)
    done = duties.attempt_start(by=finance_clerk, test=test)
    duties.attempt_submit(by=finance_clerk, attempt=done, answers=all_right(sheet))
    office = duties.results(test, county.secrecy_head.user)
    takers = {row.person.name: row for row in office.rows}
    assert set(takers) == {"财政文书", "财政联络员", "财政科长", "城关文书", "城关联络员", "城关主任"}
    assert takers["财政文书"].score == 4 and takers["财政科长"].state == "未参加"
    by_unit = {unit.unit_name: unit for unit in office.units}
    assert (by_unit["县财政局"].takers, by_unit["县财政局"].taken, by_unit["县财政局"].average) == (3, 1, 4.0)
    assert by_unit["城关镇"].average is None and len(office.missing) == 5
    chart = duties.results_chart(office)
    assert chart.categories == ["县财政局", "城关镇"]
    # A person sees himself; his unit's administrator sees his unit.
    assert [row.person.name for row in duties.results(test, county.liaisons[0].user).rows] == ["财政联络员"]
    duties.administrator_appoint(
        by=county.secrecy_head.user,
        unit=county.units[0],
        department=None,
        person=county.unit_heads[0],
        appointed_on=timezone.localdate(),
    )
    seen = duties.results(test, finance_head)
    assert {row.person.name for row in seen.rows} == {"财政文书", "财政联络员", "财政科长"}
    assert [row.score for row in seen.rows if row.person.name == "财政文书"] == [4]


def test_a_test_to_take_is_on_the_to_do_list_until_handed_in(county: County) -> None:
    test = open_test(county)
    clerk = county.clerks[0].user
    items = [item for item in todos_for(clerk) if item.kind == "secrecy.duties_test"]
    assert [item.title for item in items] == [f"参加保密知识测试：{test.title}"]
    assert "截止" in items[0].note
    attempt = duties.attempt_start(by=clerk, test=test)
    duties.attempt_submit(by=clerk, attempt=attempt, answers={})
    assert not [item for item in todos_for(clerk) if item.kind == "secrecy.duties_test"]
    assert not [item for item in todos_for(county.office_clerk.user) if item.kind == "secrecy.duties_test"]
