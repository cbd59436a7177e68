"""Small builders for the duties part's tests: a bank of three questions (single, multiple, true/false), an open
test for the county's two units, and a person's attempt, all made through the services."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from tests.secrecy.conftest import County
from zhongshu.secrecy import duties
from zhongshu.secrecy.models_duties import KnowledgeTest, Question, QuestionBank


def bank_of_three(county: County) -> tuple[QuestionBank, list[Question]]:
    head = county.secrecy_head.user
    bank = duties.bank_create(by=head, name="保密法律法规题库")
    questions = [
        duties.question_add(
            by=head,
            bank=bank,
            kind="single",
            topic="保密期限",
            text="机密级国家秘密的保密期限，除另有规定外，不超过多少年？",
            options=["10年", "20年", "30年"],
            answer=[1],
            explanation="绝密30年、机密20年、秘密10年。",
        ),
        duties.question_add(
            by=head,
            bank=bank,
            kind="multiple",
            topic="密级",
            text="国家秘密的密级分为哪几级？",
            options=["绝密", "机密", "秘密", "内部"],
            answer=[0, 1, 2],
            points=2,
        ),
        duties.question_add(
            by=head,
            bank=bank,
            kind="true_false",
            topic="涉密载体",
            text="绝密级涉密载体须由两人以上共同携带。",
            answer=[0],
        ),
    ]
    return bank, questions


def open_test(
    county: County, *, minutes: int = 20, now: datetime | None = None, title: str = "2026年保密知识测试"
) -> KnowledgeTest:
    now = now or timezone.now()
    bank, questions = bank_of_three(county)
    return duties.knowledge_test_create(
        by=county.secrecy_head.user,
        title=title,
        bank=bank,
        questions=questions,
        time_limit_minutes=minutes,
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=3),
        units=county.units,
        now=now,
    )


def all_right(questions: list[Question]) -> dict[int, list[int]]:
    return {question.pk: list(question.answer) for question in questions}
