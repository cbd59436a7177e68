"""The 保密工作 part's JSON API, mounted under /api/secrecy: /duties/administrators (by unit, gaps marked; appoint,
end), /duties/meetings (list, record, one), /duties/banks and /duties/questions (the 保密办's banks with their
keys), /duties/tests (list, set, one with its results; start), /duties/attempts/{id} (the sheet while running —
questions and options only, never the key — or the marked sheet after; submit; allow a retake). The same
contracts and services as the pages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status

from zhongshu.access.policy import get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.core.errors import Forbidden
from zhongshu.core.inputs import IdParam, Input, request_body
from zhongshu.secrecy import duties
from zhongshu.secrecy.models_duties import (
    KnowledgeTest,
    Question,
    QuestionBank,
    SecrecyAdministrator,
    SecrecyMeeting,
    TestAttempt,
)
from zhongshu.secrecy.roles import keeps_ledger, may_use_secrecy
from zhongshu.secrecy.schemas_duties import (
    AppointIn,
    BankIn,
    EndIn,
    MeetingIn,
    QuestionIn,
    SubmitIn,
    TestIn,
)

router = Router(tags=["机要保密：保密工作"])
MOST_ROWS = 500


def _allowed(request: HttpRequest) -> None:
    if not may_use_secrecy(request.user):
        raise Forbidden("无权使用机要保密", code="not_allowed")


def _office(request: HttpRequest) -> None:
    _allowed(request)
    if not keeps_ledger(request.user):
        raise Forbidden("只有保密办可以办理", code="not_allowed")


# --- administrators -----------------------------------------------------------------------------------------


class AdministratorOut(Schema):
    id: int
    unit_id: int
    department_id: int | None
    person_id: int
    person: str
    appointed_on: date
    ended_on: date | None
    version: int


class PlaceOut(Schema):
    department_id: int | None
    department: str
    administrator: AdministratorOut | None


class UnitAdministratorsOut(Schema):
    unit_id: int
    unit: str
    gap: bool
    places: list[PlaceOut]


def _administrator(row: SecrecyAdministrator) -> dict[str, Any]:
    return {
        "id": row.pk,
        "unit_id": row.unit_id,
        "department_id": row.department_id,
        "person_id": row.person_id,
        "person": row.person.name,
        "appointed_on": row.appointed_on,
        "ended_on": row.ended_on,
        "version": row.version,
    }


@router.get(
    "/duties/administrators",
    response=list[UnitAdministratorsOut],
    summary="兼职保密管理员（按单位，gap 为未确定）",
)
def list_administrators(request: HttpRequest) -> list[dict[str, Any]]:
    _allowed(request)
    return [
        {
            "unit_id": group.unit.pk,
            "unit": group.unit.name,
            "gap": group.gap,
            "places": [
                {
                    "department_id": row.department.pk if row.department else None,
                    "department": row.department.name if row.department else "",
                    "administrator": _administrator(row.current) if row.current else None,
                }
                for row in group.rows
            ],
        }
        for group in duties.administrators_by_unit(request.user)
    ]


@router.post(
    "/duties/administrators",
    response={201: AdministratorOut},
    summary="任命兼职保密管理员（unit, department, person, appointed_on, note）",
    openapi_extra=request_body(AppointIn),
)
def appoint_administrator(request: HttpRequest) -> Status[Any]:
    _office(request)
    made = AppointIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
    return Status(201, _administrator(made))


@router.post(
    "/duties/administrators/{appointment_id}/end",
    response=AdministratorOut,
    summary="免去兼职保密管理员（ended_on, version）",
    openapi_extra=request_body(EndIn),
)
def end_administrator(request: HttpRequest, appointment_id: IdParam) -> dict[str, Any]:
    _office(request)
    appointment = get_for(request.user, SecrecyAdministrator.objects.select_related("person"), appointment_id)
    done = EndIn.parse(Input.of(request), request.user).apply(by=actor_of(request), appointment=appointment)
    return _administrator(done)


# --- meetings -----------------------------------------------------------------------------------------------


class MeetingRow(Schema):
    id: int
    held_on: date
    title: str
    kind: str
    kind_label: str
    place: str


class MeetingOut(MeetingRow):
    attendees: list[int]
    minutes: str
    recorded_at: datetime


def _meeting_row(meeting: SecrecyMeeting) -> dict[str, Any]:
    return {
        "id": meeting.pk,
        "held_on": meeting.held_on,
        "title": meeting.title,
        "kind": meeting.kind,
        "kind_label": meeting.get_kind_display(),
        "place": meeting.place,
    }


def _meeting(meeting: SecrecyMeeting) -> dict[str, Any]:
    return {
        **_meeting_row(meeting),
        "attendees": sorted(meeting.attendees.values_list("pk", flat=True)),
        "minutes": meeting.minutes,
        "recorded_at": meeting.recorded_at,
    }


@router.get("/duties/meetings", response=list[MeetingRow], summary="保密会议")
def list_meetings(request: HttpRequest) -> list[dict[str, Any]]:
    _allowed(request)
    return [_meeting_row(meeting) for meeting in duties.visible_meetings(request.user)[:MOST_ROWS]]


@router.post(
    "/duties/meetings",
    response={201: MeetingOut},
    summary="登记保密会议（held_on, title, kind, place, attendees, minutes）",
    openapi_extra=request_body(MeetingIn),
)
def record_meeting(request: HttpRequest) -> Status[Any]:
    _office(request)
    made = MeetingIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
    return Status(201, _meeting(made))


@router.get("/duties/meetings/{meeting_id}", response=MeetingOut, summary="保密会议")
def get_meeting(request: HttpRequest, meeting_id: IdParam) -> dict[str, Any]:
    _allowed(request)
    return _meeting(get_for(request.user, SecrecyMeeting, meeting_id))


# --- banks and questions (the 保密办's, keys included) -------------------------------------------------------


class BankOut(Schema):
    id: int
    name: str
    description: str


class QuestionOut(Schema):
    id: int
    bank_id: int
    topic: str
    kind: str
    text: str
    options: list[str]
    answer: list[int]
    explanation: str
    points: int
    retired: bool


class BankDetailOut(BankOut):
    questions: list[QuestionOut]


def _bank(bank: QuestionBank) -> dict[str, Any]:
    return {"id": bank.pk, "name": bank.name, "description": bank.description}


def _question(question: Question) -> dict[str, Any]:
    return {
        "id": question.pk,
        "bank_id": question.bank_id,
        "topic": question.topic,
        "kind": question.kind,
        "text": question.text,
        "options": question.options,
        "answer": question.answer,
        "explanation": question.explanation,
        "points": question.points,
        "retired": question.retired,
    }


@router.get("/duties/banks", response=list[BankOut], summary="保密知识题库")
def list_banks(request: HttpRequest) -> list[dict[str, Any]]:
    _office(request)
    return [_bank(bank) for bank in QuestionBank.objects.order_by("name")[:MOST_ROWS]]


@router.post(
    "/duties/banks",
    response={201: BankOut},
    summary="新建题库（name, description）",
    openapi_extra=request_body(BankIn),
)
def create_bank(request: HttpRequest) -> Status[Any]:
    _office(request)
    return Status(201, _bank(BankIn.parse(Input.of(request), request.user).apply(by=actor_of(request))))


@router.get("/duties/banks/{bank_id}", response=BankDetailOut, summary="题库及其试题（含正确答案）")
def get_bank(request: HttpRequest, bank_id: IdParam) -> dict[str, Any]:
    _office(request)
    bank = get_for(request.user, QuestionBank, bank_id)
    return {**_bank(bank), "questions": [_question(q) for q in bank.questions.order_by("pk")]}


@router.post(
    "/duties/banks/{bank_id}/questions",
    response={201: QuestionOut},
    summary="录入试题（kind, topic, text, options, answer: 正确选项的序号，从0起, explanation, points）",
    openapi_extra=request_body(QuestionIn),
)
def add_question(request: HttpRequest, bank_id: IdParam) -> Status[Any]:
    _office(request)
    bank = get_for(request.user, QuestionBank, bank_id)
    made = QuestionIn.parse(Input.of(request), request.user).apply(by=actor_of(request), bank=bank)
    return Status(201, _question(made))


@router.post("/duties/questions/{question_id}/retire", response=QuestionOut, summary="停用试题")
def retire_question(request: HttpRequest, question_id: IdParam) -> dict[str, Any]:
    _office(request)
    question = get_for(request.user, Question, question_id)
    return _question(duties.question_retire(by=actor_of(request), question=question))


# --- tests and attempts -------------------------------------------------------------------------------------


class TestRow(Schema):
    __test__ = False

    id: int
    title: str
    time_limit_minutes: int
    opens_at: datetime
    closes_at: datetime
    questions: int


class ResultOut(Schema):
    person_id: int
    person: str
    unit_id: int
    unit: str
    state: str
    score: int | None
    attempt_id: int | None


class UnitResultOut(Schema):
    unit_id: int
    unit: str
    takers: int
    taken: int
    average: float | None


class MyAttemptOut(Schema):
    id: int
    number: int
    state: str
    score: int | None


class TestOut(TestRow):
    must_take: bool
    may_start: bool
    full_marks: int
    mine: MyAttemptOut | None
    results: list[ResultOut]
    units: list[UnitResultOut]
    not_taken: list[int]


def _test_row(test: KnowledgeTest) -> dict[str, Any]:
    return {
        "id": test.pk,
        "title": test.title,
        "time_limit_minutes": test.time_limit_minutes,
        "opens_at": test.opens_at,
        "closes_at": test.closes_at,
        "questions": len(duties.sheet(test)),
    }


def _test(request: HttpRequest, test: KnowledgeTest) -> dict[str, Any]:
    now = timezone.now()
    person = getattr(request.user, "person_or_none", None)
    mine = duties.latest_attempt(test, person.pk) if person is not None else None
    taker = duties.must_take(person.pk if person is not None else None, test)
    found = duties.results(test, request.user, now)
    return {
        **_test_row(test),
        "must_take": taker,
        "may_start": taker and duties.is_open(test, now) and (mine is None or mine.retake_allowed),
        "full_marks": found.full_marks,
        "mine": (
            {
                "id": mine.pk,
                "number": mine.number,
                "state": duties.attempt_state(mine, now),
                "score": duties.attempt_points(mine, now),
            }
            if mine is not None
            else None
        ),
        "results": [
            {
                "person_id": row.person.pk,
                "person": row.person.name,
                "unit_id": row.person.unit_id,
                "unit": row.person.unit.name,
                "state": row.state,
                "score": row.score,
                "attempt_id": row.attempt.pk if row.attempt else None,
            }
            for row in found.rows
        ],
        "units": [
            {
                "unit_id": unit.unit_id,
                "unit": unit.unit_name,
                "takers": unit.takers,
                "taken": unit.taken,
                "average": unit.average,
            }
            for unit in found.units
        ],
        "not_taken": [row.person.pk for row in found.missing],
    }


@router.get("/duties/tests", response=list[TestRow], summary="保密知识测试")
def list_tests(request: HttpRequest) -> list[dict[str, Any]]:
    _allowed(request)
    return [_test_row(test) for test in duties.visible_tests(request.user).order_by("-opens_at")[:MOST_ROWS]]


@router.post(
    "/duties/tests",
    response={201: TestOut},
    summary="组织测试（title, bank, questions, draw, time_limit_minutes, opens_at, closes_at, units, people）",
    openapi_extra=request_body(TestIn),
)
def create_test(request: HttpRequest) -> Status[Any]:
    _office(request)
    made = TestIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
    return Status(201, _test(request, made))


@router.get("/duties/tests/{test_id}", response=TestOut, summary="保密知识测试及成绩")
def get_test(request: HttpRequest, test_id: IdParam) -> dict[str, Any]:
    _allowed(request)
    return _test(request, get_for(request.user, KnowledgeTest, test_id))


class SheetQuestionOut(Schema):
    id: int
    n: int
    kind: str
    text: str
    options: list[str]
    points: int


class ReviewOut(Schema):
    id: int
    n: int
    text: str
    options: list[str]
    chosen: list[int]
    answer: list[int]
    correct: bool
    explanation: str


class AttemptOut(Schema):
    id: int
    test_id: int
    person_id: int
    number: int
    state: str
    started_at: datetime
    deadline: datetime
    seconds_left: int
    submitted_at: datetime | None
    score: int | None
    full_marks: int
    # While the attempt runs, its taker gets the sheet (no key); once it is in, the marked sheet.
    sheet: list[SheetQuestionOut]
    review: list[ReviewOut]


def _attempt(request: HttpRequest, attempt: TestAttempt) -> dict[str, Any]:
    now = timezone.now()
    running = duties.is_running(attempt, now)
    own = attempt.person.user_id == request.user.pk
    questions = duties.sheet(attempt.test)
    sheet = []
    review = []
    if running and own:
        sheet = [
            {"id": q.pk, "n": n, "kind": q.kind, "text": q.text, "options": q.options, "points": q.points}
            for n, q in enumerate(questions, start=1)
        ]
    elif duties.answer_key_shown(attempt, request.user, now):
        answered = attempt.answers or {}
        review = [
            {
                "id": q.pk,
                "n": n,
                "text": q.text,
                "options": q.options,
                "chosen": answered.get(str(q.pk), []),
                "answer": q.answer,
                "correct": duties.is_right(q, answered.get(str(q.pk), [])),
                "explanation": q.explanation,
            }
            for n, q in enumerate(questions, start=1)
        ]
    return {
        "id": attempt.pk,
        "test_id": attempt.test_id,
        "person_id": attempt.person_id,
        "number": attempt.number,
        "state": duties.attempt_state(attempt, now),
        "started_at": attempt.started_at,
        "deadline": attempt.deadline,
        "seconds_left": max(0, int((attempt.deadline - now).total_seconds())) if running else 0,
        "submitted_at": attempt.submitted_at,
        "score": duties.attempt_points(attempt, now),
        "full_marks": attempt.full_marks,
        "sheet": sheet,
        "review": review,
    }


def _find_attempt(request: HttpRequest, attempt_id: int) -> TestAttempt:
    _allowed(request)
    return get_for(request.user, TestAttempt.objects.select_related("test", "person"), attempt_id)


@router.post("/duties/tests/{test_id}/start", response={201: AttemptOut}, summary="开始答题（计时开始）")
def start_test(request: HttpRequest, test_id: IdParam) -> Status[Any]:
    _allowed(request)
    test = get_for(request.user, KnowledgeTest, test_id)
    attempt = duties.attempt_start(by=actor_of(request), test=test)
    return Status(201, _attempt(request, _find_attempt(request, attempt.pk)))


@router.get("/duties/attempts/{attempt_id}", response=AttemptOut, summary="答卷")
def get_attempt(request: HttpRequest, attempt_id: IdParam) -> dict[str, Any]:
    return _attempt(request, _find_attempt(request, attempt_id))


@router.post(
    "/duties/attempts/{attempt_id}/submit",
    response=AttemptOut,
    summary="交卷（answers: {题目编号: [所选选项序号]}）",
    openapi_extra=request_body(SubmitIn),
)
def submit_attempt(request: HttpRequest, attempt_id: IdParam) -> dict[str, Any]:
    attempt = _find_attempt(request, attempt_id)
    SubmitIn.parse(Input.of(request), request.user).apply(by=actor_of(request), attempt=attempt)
    return _attempt(request, _find_attempt(request, attempt_id))


@router.post("/duties/attempts/{attempt_id}/retake", response=AttemptOut, summary="允许重考")
def allow_retake(request: HttpRequest, attempt_id: IdParam) -> dict[str, Any]:
    _office(request)
    attempt = _find_attempt(request, attempt_id)
    duties.retake_allow(by=actor_of(request), attempt=attempt)
    return _attempt(request, _find_attempt(request, attempt_id))
