"""One input contract per action of the duties part (任命 and 免去 a part-time secrecy administrator, 登记保密会议,
新建题库, 录入试题, 组织测试, 交卷), read alike from the page's form and the API's JSON: a refusal is a
`ServiceError` with a Chinese message, an English code and the field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from zhongshu.access.policy import visible
from zhongshu.accounts.actors import Actor
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input, max_length_of, parse_id, parse_int
from zhongshu.org import inputs as org_inputs
from zhongshu.org.models import Department, Person, Unit
from zhongshu.secrecy import duties
from zhongshu.secrecy.models_duties import (
    KnowledgeTest,
    Question,
    QuestionBank,
    QuestionKind,
    SecrecyAdministrator,
    SecrecyMeeting,
    SecrecyMeetingKind,
    TestAttempt,
)

_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$")
_ANSWER_FIELD = re.compile(r"^q(\d{1,10})$")


def parse_datetime(data: Input, name: str, *, label: str) -> datetime | None:
    """A local date and time written YYYY-MM-DD HH:MM (a datetime-local field sends a T between them)."""
    raw = data.text(name, label=label, max_length=25).strip()
    if not raw:
        return None
    found = _DATETIME.match(raw)
    if found is not None:
        try:
            day = date.fromisoformat(found.group(1))
            moment = datetime(
                day.year,
                day.month,
                day.day,
                int(found.group(2)),
                int(found.group(3)),
                int(found.group(4) or 0),
                tzinfo=timezone.get_current_timezone(),
            )
            return moment
        except ValueError:
            pass
    raise ServiceError(f"{label}格式应为 YYYY-MM-DD HH:MM：{raw[:25]}", code="bad_datetime", field=name)


def _positions(raw: list[Any], *, field: str, label: str) -> list[int]:
    out = []
    for value in raw:
        if isinstance(value, str) and not value.strip():
            continue
        position = parse_int(value, field=field, label=label, low=0, high=duties.MOST_OPTIONS - 1)
        if position is not None:
            out.append(position)
    return out


@dataclass(frozen=True)
class AppointIn:
    """任命兼职保密管理员: the unit, its department (blank: the unit's own), the person, the day."""

    unit: Unit | None
    department: Department | None
    person: Person | None
    appointed_on: date | None
    note: str

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> AppointIn:
        return cls(
            unit=org_inputs.unit(data, "unit", viewer),
            department=data.record(
                "department",
                visible(Department.objects.all(), viewer),
                label="科室",
                code="unknown_department",
            ),
            person=org_inputs.person(data, "person", viewer, label="兼职保密管理员"),
            appointed_on=data.date("appointed_on", label="任命日期"),
            note=data.text("note", label="备注", max_length=max_length_of(SecrecyAdministrator, "note")),
        )

    def apply(self, *, by: Actor) -> SecrecyAdministrator:
        return duties.administrator_appoint(
            by=by,
            unit=self.unit,
            department=self.department,
            person=self.person,
            appointed_on=self.appointed_on,
            note=self.note,
        )


@dataclass(frozen=True)
class EndIn:
    """免去兼职保密管理员."""

    ended_on: date | None
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> EndIn:
        return cls(
            ended_on=data.date("ended_on", label="免去日期"),
            version=data.integer("version", label="版本号", low=1),
        )

    def apply(self, *, by: Actor, appointment: SecrecyAdministrator) -> SecrecyAdministrator:
        return duties.administrator_end(
            by=by, appointment=appointment, version=self.version, ended_on=self.ended_on
        )


@dataclass(frozen=True)
class MeetingIn:
    """登记保密会议."""

    held_on: date | None
    title: str
    kind: str
    place: str
    attendees: list[Person]
    minutes: str

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> MeetingIn:
        return cls(
            held_on=data.date("held_on", label="会议日期"),
            title=data.text("title", label="会议名称", max_length=max_length_of(SecrecyMeeting, "title")),
            kind=data.choice(
                "kind", SecrecyMeetingKind.values, label="会议类型", default=SecrecyMeetingKind.MEETING
            ),
            place=data.text("place", label="地点", max_length=max_length_of(SecrecyMeeting, "place")),
            attendees=org_inputs.people(data, "attendees", viewer, label="参加人员"),
            minutes=data.text("minutes", label="会议纪要", max_length=20000),
        )

    def apply(self, *, by: Actor) -> SecrecyMeeting:
        return duties.meeting_record(
            by=by,
            held_on=self.held_on,
            title=self.title,
            kind=self.kind,
            place=self.place,
            attendees=self.attendees,
            minutes=self.minutes,
        )


@dataclass(frozen=True)
class BankIn:
    """新建题库."""

    name: str
    description: str

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> BankIn:
        return cls(
            name=data.text("name", label="题库名称", max_length=max_length_of(QuestionBank, "name")),
            description=data.text(
                "description", label="说明", max_length=max_length_of(QuestionBank, "description")
            ),
        )

    def apply(self, *, by: Actor) -> QuestionBank:
        return duties.bank_create(by=by, name=self.name, description=self.description)


@dataclass(frozen=True)
class QuestionIn:
    """录入试题: the options in order (A, B, ...), the right one(s) by position (0 for A)."""

    kind: str
    topic: str
    text: str
    options: list[str]
    answer: list[int]
    explanation: str
    points: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> QuestionIn:
        options = data.texts("options", label="选项", max_length=200)
        if len(options) > duties.MOST_OPTIONS:
            raise ServiceError(f"选项最多{duties.MOST_OPTIONS}个", code="too_many_options", field="options")
        return cls(
            kind=data.choice("kind", QuestionKind.values, label="题型"),
            topic=data.text("topic", label="知识点", max_length=max_length_of(Question, "topic")),
            text=data.text("text", label="题目", max_length=max_length_of(Question, "text")),
            options=options,
            answer=_positions(data.values("answer"), field="answer", label="正确答案"),
            explanation=data.text(
                "explanation", label="解析", max_length=max_length_of(Question, "explanation")
            ),
            points=data.integer("points", label="分值", low=1, high=duties.MOST_POINTS),
        )

    def apply(self, *, by: Actor, bank: QuestionBank) -> Question:
        return duties.question_add(
            by=by,
            bank=bank,
            kind=self.kind,
            topic=self.topic,
            text=self.text,
            options=self.options,
            answer=self.answer,
            explanation=self.explanation,
            points=self.points,
        )


@dataclass(frozen=True)
class TestIn:
    """组织测试: chosen questions and/or a number drawn from the bank; who; the limit; when."""

    __test__ = False

    title: str
    bank: QuestionBank | None
    questions: list[Question]
    draw: int | None
    time_limit_minutes: int | None
    opens_at: datetime | None
    closes_at: datetime | None
    units: list[Unit]
    people: list[Person]

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> TestIn:
        return cls(
            title=data.text("title", label="测试名称", max_length=max_length_of(KnowledgeTest, "title")),
            bank=data.record(
                "bank", visible(QuestionBank.objects.all(), viewer), label="题库", code="unknown_bank"
            ),
            questions=data.records(
                "questions", visible(Question.objects.all(), viewer), label="试题", code="unknown_question"
            ),
            draw=data.integer("draw", label="随机抽题数", low=0, high=duties.MOST_QUESTIONS),
            time_limit_minutes=data.integer(
                "time_limit_minutes", label="限时（分钟）", low=1, high=duties.MOST_MINUTES
            ),
            opens_at=parse_datetime(data, "opens_at", label="开始时间"),
            closes_at=parse_datetime(data, "closes_at", label="截止时间"),
            units=org_inputs.units(data, "units", viewer, label="参加单位"),
            people=org_inputs.people(data, "people", viewer, label="参加人员"),
        )

    def apply(self, *, by: Actor) -> KnowledgeTest:
        return duties.knowledge_test_create(
            by=by,
            title=self.title,
            bank=self.bank,
            questions=self.questions,
            draw=self.draw,
            time_limit_minutes=self.time_limit_minutes,
            opens_at=self.opens_at,
            closes_at=self.closes_at,
            units=self.units,
            people=self.people,
        )


@dataclass(frozen=True)
class SubmitIn:
    """交卷: the options chosen per question — a form's `q<question id>` fields, or JSON
    `{"answers": {"<question id>": [0, 2]}}`."""

    answers: dict[int, list[int]]

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> SubmitIn:
        answers: dict[int, list[int]] = {}
        if data.is_form:
            for name in list(data.data.keys()):
                found = _ANSWER_FIELD.match(name)
                if found is None:
                    continue
                question_id = parse_id(found.group(1))
                if question_id is None:
                    raise ServiceError(f"答卷中有不属于本测试的题目：{name}", code="unknown_question")
                answers[question_id] = _positions(data.values(name), field=name, label="答案")
            return cls(answers)
        raw = data.value("answers")
        if raw is None:
            return cls({})
        if not isinstance(raw, dict):
            raise ServiceError("answers 应为对象：题目编号 → 所选选项", code="bad_answers", field="answers")
        if len(raw) > duties.MOST_QUESTIONS:
            raise ServiceError("答卷题数过多", code="bad_answers", field="answers")
        for key, chosen in raw.items():
            question_id = parse_id(key)
            if question_id is None:
                raise ServiceError(f"答卷中有不属于本测试的题目：{str(key)[:20]}", code="unknown_question")
            values = chosen if isinstance(chosen, list) else [chosen]
            if len(values) > duties.MOST_OPTIONS:
                raise ServiceError("所选答案不是该题的选项", code="answer_not_an_option", field="answers")
            answers[question_id] = _positions(values, field="answers", label="答案")
        return cls(answers)

    def apply(self, *, by: Actor, attempt: TestAttempt) -> TestAttempt:
        return duties.attempt_submit(by=by, attempt=attempt, answers=self.answers)
