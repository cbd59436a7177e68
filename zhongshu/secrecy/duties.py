"""保密工作: each unit's and department's part-time secrecy administrator (兼职保密管理员), the secrecy meetings and
education sessions, and the secrecy knowledge tests.

Who: the 保密办 (`roles.keeps_ledger`) names and relieves administrators, records meetings, keeps the question
banks and sets the tests; everyone sees his own unit's administrator; a person sees the meetings he attended,
the tests he must take and his own attempts; a unit's administrator sees his unit's scores.

Timed tests are enforced here, on the server. An attempt's deadline is its start plus the test's limit; an
answer sheet handed in after the deadline and a short grace (ZHONGSHU_SECRECY_TEST_GRACE_SECONDS, 30 s: the
page's countdown hands in at zero, the grace covers the network) is **refused**, audited, and nothing is saved:
the attempt stays unsubmitted and, its time run out, counts as 超时未交卷 with 0 points — derived from the dates,
never written by a job. One attempt per person and test unless the 保密办 allows a retake on the last one.
A question's right answer leaves the server only to the 保密办 and, after the sheet is handed in, to the person
who answered it. A score is the points of the questions answered right; a multiple-choice question is right only
when exactly the right options are chosen.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from zhongshu.access.policy import Action, Viewer, register_scope, visible
from zhongshu.accounts.actors import Actor
from zhongshu.audit.refusals import refusals_audited as audited_refusals
from zhongshu.audit.services import audit_record
from zhongshu.core.errors import Conflict, Forbidden, ServiceError
from zhongshu.core.locking import lock_at_version
from zhongshu.org.models import Department, Person, Unit
from zhongshu.secrecy.models_duties import (
    KnowledgeTest,
    Question,
    QuestionBank,
    QuestionKind,
    SecrecyAdministrator,
    SecrecyMeeting,
    SecrecyMeetingKind,
    TestAttempt,
    TestQuestion,
)
from zhongshu.secrecy.roles import keeps_ledger

TRUE_FALSE_OPTIONS = ["正确", "错误"]
MOST_OPTIONS = 8
MOST_MINUTES = 300
MOST_QUESTIONS = 200
MOST_POINTS = 100
OPTION_LETTERS = "ABCDEFGH"
# A test closing within this many hours shows on the to-do list as closing soon.
CLOSING_SOON_HOURS = 48


def grace() -> timedelta:
    """How long after the deadline an answer sheet is still taken (the network's delay, not extra time)."""
    return timedelta(seconds=int(getattr(settings, "ZHONGSHU_SECRECY_TEST_GRACE_SECONDS", 30)))


# --- who ----------------------------------------------------------------------------------------------------


def _person_id(user: Any) -> int | None:
    if isinstance(user, Viewer):
        return user.person_id
    person = getattr(user, "person_or_none", None)
    return person.pk if person is not None else None


def administrator_of(unit_id: int, department_id: int | None = None) -> Person | None:
    """The current part-time secrecy administrator: the department's when it has one, else the unit's."""
    current = SecrecyAdministrator.objects.filter(unit_id=unit_id, ended_on__isnull=True).select_related(
        "person"
    )
    if department_id is not None:
        named = current.filter(department_id=department_id).first()
        if named is not None:
            return named.person
    unit_wide = current.filter(department__isnull=True).first()
    return unit_wide.person if unit_wide is not None else None


def administered_unit_ids(user: Any) -> list[int]:
    """The units whose current part-time secrecy administrator (unit's or a department's) the user is."""
    person_id = _person_id(user)
    if person_id is None or not getattr(user, "is_active", False):
        return []
    # Three parts ask it for every workbench (tests to take, fillings due, reviews to give): the answer is kept on
    # the request's user, as org.offices keeps "works in the office as"; a frozen Viewer just asks again.
    known: tuple[int, ...] | None = getattr(user, "_secrecy_administered", None)
    if known is not None:
        return list(known)
    units = sorted(
        set(
            SecrecyAdministrator.objects.filter(person_id=person_id, ended_on__isnull=True).values_list(
                "unit_id", flat=True
            )
        )
    )
    with contextlib.suppress(AttributeError, TypeError):
        user._secrecy_administered = tuple(units)
    return units


def is_part_time_administrator(user: Any, unit_id: int | None = None) -> bool:
    """Whether the user (an account or an access-policy Viewer) is now a part-time secrecy administrator — of
    `unit_id` (the unit's or one of its departments') when given, of any unit otherwise."""
    units = administered_unit_ids(user)
    return bool(units) if unit_id is None else unit_id in units


# --- scopes -------------------------------------------------------------------------------------------------


def _administrator_scope(viewer: Viewer, action: Action) -> Q | None:
    """The 保密办 sees and names every unit's administrators; everyone else sees his own unit's."""
    if not viewer.is_business_person:
        return None
    if keeps_ledger(viewer):
        return Q()
    if action != Action.VIEW:
        return None
    return Q(unit_id=viewer.unit_id or 0)


def _meeting_scope(viewer: Viewer, action: Action) -> Q | None:
    if not viewer.is_business_person:
        return None
    if keeps_ledger(viewer):
        return Q()
    if action != Action.VIEW:
        return None
    attended = SecrecyMeeting.attendees.through.objects.filter(person_id=viewer.person_id or 0)
    return Q(pk__in=attended.values("secrecymeeting_id"))


def _office_only(viewer: Viewer, action: Action) -> Q | None:
    """The banks and their questions (with the right answers) are the 保密办's alone."""
    return Q() if viewer.is_business_person and keeps_ledger(viewer) else None


def _test_scope(viewer: Viewer, action: Action) -> Q | None:
    """The 保密办 sees every test; a person the tests he must take or took; a unit's administrator his unit's."""
    if not viewer.is_business_person:
        return None
    if keeps_ledger(viewer):
        return Q()
    if action != Action.VIEW:
        return None
    person_id = viewer.person_id or 0
    rule = (
        Q(pk__in=KnowledgeTest.people.through.objects.filter(person_id=person_id).values("knowledgetest_id"))
        | Q(
            pk__in=KnowledgeTest.units.through.objects.filter(unit_id=viewer.unit_id or 0).values(
                "knowledgetest_id"
            )
        )
        | Q(pk__in=TestAttempt.objects.filter(person_id=person_id).values("test_id"))
    )
    administered = administered_unit_ids(viewer)
    if administered:
        rule |= Q(
            pk__in=KnowledgeTest.units.through.objects.filter(unit_id__in=administered).values(
                "knowledgetest_id"
            )
        ) | Q(pk__in=TestAttempt.objects.filter(person__unit_id__in=administered).values("test_id"))
    return rule


def _attempt_scope(viewer: Viewer, action: Action) -> Q | None:
    """A person's own attempts; his unit's for its administrator (to read, not to answer); all for the 保密办."""
    if not viewer.is_business_person:
        return None
    own = Q(person_id=viewer.person_id or 0)
    if action != Action.VIEW:
        return own
    if keeps_ledger(viewer):
        return Q()
    administered = administered_unit_ids(viewer)
    return own | Q(person__unit_id__in=administered) if administered else own


def register_scopes() -> None:
    register_scope(SecrecyAdministrator, _administrator_scope)
    register_scope(SecrecyMeeting, _meeting_scope)
    register_scope(QuestionBank, _office_only)
    register_scope(Question, _office_only)
    register_scope(TestQuestion, _office_only)
    register_scope(KnowledgeTest, _test_scope)
    register_scope(TestAttempt, _attempt_scope)


# --- shared steps -------------------------------------------------------------------------------------------


def refusals_audited(*, by: Actor, action: str, target: Any = None) -> AbstractContextManager[None]:
    """Audit a refused `action` as `secrecy.duties.<action>` with its reason (audit.refusals: after its
    transaction rolled back, so the line stays), then let it go on."""
    return audited_refusals(
        by=by,
        action=f"secrecy.duties.{action}",
        target=target,
        details_of=lambda refusal: {"reason": refusal.message},
        with_code=False,
    )


def _require_office(by: Actor) -> None:
    if not keeps_ledger(by):
        raise Forbidden("只有保密办可以办理", code="not_allowed")


def _clean(text: str, *, label: str, field: str, required: bool = True) -> str:
    clean = " ".join(text.split())
    if required and not clean:
        raise ServiceError(f"请填写{label}", code="required", field=field)
    return clean


# --- part-time administrators -------------------------------------------------------------------------------


def administrator_appoint(
    *,
    by: Actor,
    unit: Unit | None,
    department: Department | None,
    person: Person | None,
    appointed_on: date | None,
    note: str = "",
) -> SecrecyAdministrator:
    """确定兼职保密管理员 for a unit (no department) or one of its departments. A second current administrator for
    the same unit or department is refused: relieve the current one first."""
    with refusals_audited(by=by, action="administrator.appoint"), transaction.atomic():
        _require_office(by)
        if unit is None:
            raise ServiceError("请选择单位", code="required", field="unit")
        if department is not None and department.unit_id != unit.pk:
            raise ServiceError("所选科室不属于该单位", code="department_not_in_unit", field="department")
        if person is None:
            raise ServiceError("请选择兼职保密管理员", code="required", field="person")
        if person.unit_id != unit.pk:
            raise ServiceError(
                f"{person.name}不是{unit.name}的人员", code="person_not_in_unit", field="person"
            )
        if appointed_on is None:
            raise ServiceError("请填写任命日期", code="required", field="appointed_on")
        if appointed_on > timezone.localdate():
            raise ServiceError("任命日期不能晚于今天", code="date_in_future", field="appointed_on")
        # Lock the unit's row: two appointments for one place at once queue here instead of both passing.
        Unit.objects.select_for_update().filter(pk=unit.pk).first()
        current = SecrecyAdministrator.objects.filter(
            unit=unit, ended_on__isnull=True, department=department
        ).select_related("person")
        holder = current.first()
        if holder is not None:
            place = department.name if department is not None else unit.name
            raise ServiceError(
                f"{place}已有兼职保密管理员{holder.person.name}，请先免去再任命",
                code="administrator_exists",
                field="person",
            )
        try:
            with transaction.atomic():
                appointment = SecrecyAdministrator.objects.create(
                    unit=unit,
                    department=department,
                    person=person,
                    appointed_on=appointed_on,
                    note=_clean(note, label="备注", field="note", required=False),
                    appointed_by=by,
                )
        except IntegrityError:
            raise Conflict(
                "该单位或科室刚刚已任命兼职保密管理员，请刷新", code="administrator_exists"
            ) from None
        audit_record(
            actor=by,
            action="secrecy.duties.administrator.appoint",
            target=appointment,
            details={
                "unit": unit.pk,
                "department": department.pk if department else None,
                "person": person.pk,
            },
        )
    return appointment


def administrator_end(
    *, by: Actor, appointment: SecrecyAdministrator, version: int | None, ended_on: date | None
) -> SecrecyAdministrator:
    """免去: the appointment ends on `ended_on` and stays in the history."""
    with refusals_audited(by=by, action="administrator.end", target=appointment), transaction.atomic():
        _require_office(by)
        appointment = lock_at_version(
            SecrecyAdministrator.objects.all(),
            appointment.pk,
            version,
            changed="该任命已被他人修改，请刷新后重试",
        )
        if appointment.ended_on is not None:
            raise ServiceError("该兼职保密管理员已被免去", code="already_ended")
        if ended_on is None:
            raise ServiceError("请填写免去日期", code="required", field="ended_on")
        if ended_on < appointment.appointed_on:
            raise ServiceError("免去日期不能早于任命日期", code="ended_before_appointed", field="ended_on")
        if ended_on > timezone.localdate():
            raise ServiceError("免去日期不能晚于今天", code="date_in_future", field="ended_on")
        appointment.ended_on = ended_on
        appointment.version += 1
        appointment.save(update_fields=["ended_on", "version"])
        audit_record(actor=by, action="secrecy.duties.administrator.end", target=appointment)
    return appointment


@dataclass(frozen=True)
class AdministratorRow:
    unit: Unit
    department: Department | None
    current: SecrecyAdministrator | None


@dataclass(frozen=True)
class UnitAdministrators:
    unit: Unit
    rows: list[AdministratorRow]

    @property
    def gap(self) -> bool:
        """A unit with no administrator at all, neither its own nor a department's."""
        return all(row.current is None for row in self.rows)


def administrators_by_unit(viewer: Any) -> list[UnitAdministrators]:
    """Every unit the viewer may see the administrators of, each with its own row and its departments': three
    queries."""
    current = {
        (row.unit_id, row.department_id): row
        for row in visible(SecrecyAdministrator.objects.filter(ended_on__isnull=True), viewer).select_related(
            "person", "person__department"
        )
    }
    units = visible(Unit.objects.order_by("sort_order", "pk"), viewer) if keeps_ledger(viewer) else None
    if units is None:
        unit_id = getattr(getattr(viewer, "person_or_none", None), "unit_id", None)
        units = visible(Unit.objects.filter(pk=unit_id or 0), viewer)
    departments: dict[int, list[Department]] = {}
    for department in Department.objects.filter(unit__in=units, is_active=True).order_by(
        "unit_id", "sort_order", "pk"
    ):
        departments.setdefault(department.unit_id, []).append(department)
    out = []
    for unit in units:
        rows = [AdministratorRow(unit, None, current.get((unit.pk, None)))]
        rows += [
            AdministratorRow(unit, department, current.get((unit.pk, department.pk)))
            for department in departments.get(unit.pk, [])
        ]
        out.append(UnitAdministrators(unit, rows))
    return out


def administrator_history(viewer: Any) -> QuerySet[SecrecyAdministrator]:
    return visible(SecrecyAdministrator.objects.all(), viewer).select_related("unit", "department", "person")


# --- meetings -----------------------------------------------------------------------------------------------


def meeting_url(meeting: SecrecyMeeting) -> str:
    return reverse("secrecy:duties_meeting", args=[meeting.pk])


def meeting_record(
    *,
    by: Actor,
    held_on: date | None,
    title: str,
    kind: str,
    place: str = "",
    attendees: Sequence[Person],
    minutes: str = "",
    now: datetime | None = None,
) -> SecrecyMeeting:
    """登记保密会议 or 保密教育 already held: when, what, who attended, the minutes."""
    now = now or timezone.now()
    with refusals_audited(by=by, action="meeting.record"), transaction.atomic():
        _require_office(by)
        clean_title = _clean(title, label="会议名称", field="title")
        if kind not in SecrecyMeetingKind.values:
            raise ServiceError("请选择会议类型", code="bad_kind", field="kind")
        if held_on is None:
            raise ServiceError("请填写会议日期", code="required", field="held_on")
        if held_on > timezone.localdate(now):
            raise ServiceError(
                "只能登记已召开的会议：会议日期不能晚于今天", code="date_in_future", field="held_on"
            )
        if not attendees:
            raise ServiceError("请选择参加人员", code="required", field="attendees")
        meeting = SecrecyMeeting.objects.create(
            held_on=held_on,
            title=clean_title,
            kind=kind,
            place=_clean(place, label="地点", field="place", required=False),
            minutes=minutes.strip(),
            recorded_by=by,
            recorded_at=now,
        )
        meeting.attendees.set([person.pk for person in attendees])
        audit_record(
            actor=by,
            action="secrecy.duties.meeting.record",
            target=meeting,
            details={"kind": kind, "attendees": len(attendees)},
        )
    return meeting


def visible_meetings(viewer: Any) -> QuerySet[SecrecyMeeting]:
    return visible(SecrecyMeeting.objects.all(), viewer)


# --- question banks -----------------------------------------------------------------------------------------


def bank_url(bank: QuestionBank) -> str:
    return reverse("secrecy:duties_bank", args=[bank.pk])


def bank_create(*, by: Actor, name: str, description: str = "", now: datetime | None = None) -> QuestionBank:
    with refusals_audited(by=by, action="bank.create"), transaction.atomic():
        _require_office(by)
        clean = _clean(name, label="题库名称", field="name")
        if QuestionBank.objects.filter(name=clean).exists():
            raise ServiceError(f"已有名为“{clean}”的题库", code="bank_exists", field="name")
        bank = QuestionBank.objects.create(
            name=clean,
            description=_clean(description, label="说明", field="description", required=False),
            created_by=by,
            created_at=now or timezone.now(),
        )
        audit_record(actor=by, action="secrecy.duties.bank.create", target=bank)
    return bank


def _checked_question(
    *, kind: str, topic: str, text: str, options: Sequence[str], answer: Iterable[int], points: int | None
) -> tuple[str, str, list[str], list[int], int]:
    if kind not in QuestionKind.values:
        raise ServiceError("请选择题型", code="bad_kind", field="kind")
    clean_topic = _clean(topic, label="知识点", field="topic")
    # A question's text keeps its own spacing (the full-width blank of “（　）” is where the answer goes).
    clean_text = text.strip()
    if not clean_text:
        raise ServiceError("请填写题目", code="required", field="text")
    if kind == QuestionKind.TRUE_FALSE:
        clean_options = list(TRUE_FALSE_OPTIONS)
    else:
        clean_options = [" ".join(option.split()) for option in options]
        while clean_options and not clean_options[-1]:
            clean_options.pop()
        if any(not option for option in clean_options):
            raise ServiceError("选项不能为空", code="blank_option", field="options")
        if len(clean_options) < 2:
            raise ServiceError("选择题至少需要两个选项", code="too_few_options", field="options")
        if len(clean_options) > MOST_OPTIONS:
            raise ServiceError(f"选项最多{MOST_OPTIONS}个", code="too_many_options", field="options")
        if len(set(clean_options)) != len(clean_options):
            raise ServiceError("选项不能重复", code="duplicate_option", field="options")
    right = sorted(set(answer))
    if not right:
        raise ServiceError(
            "请标出正确答案：没有正确答案的题目不能入库", code="no_right_answer", field="answer"
        )
    if any(not 0 <= position < len(clean_options) for position in right):
        raise ServiceError("正确答案须是题目的选项之一", code="answer_not_an_option", field="answer")
    if kind in (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE) and len(right) != 1:
        raise ServiceError(
            f"{QuestionKind(kind).label}只能有一个正确答案", code="one_right_answer", field="answer"
        )
    if kind == QuestionKind.MULTIPLE and len(right) < 2:
        raise ServiceError("多选题至少有两个正确答案", code="too_few_right_answers", field="answer")
    worth = 1 if points is None else points
    if not 1 <= worth <= MOST_POINTS:
        raise ServiceError(f"分值应在1至{MOST_POINTS}之间", code="bad_points", field="points")
    return clean_topic, clean_text, clean_options, right, worth


def question_add(
    *,
    by: Actor,
    bank: QuestionBank,
    kind: str,
    topic: str,
    text: str,
    options: Sequence[str] = (),
    answer: Iterable[int] = (),
    explanation: str = "",
    points: int | None = None,
    now: datetime | None = None,
) -> Question:
    """录入试题: a question without a right answer, or with one that is not among its options, is refused."""
    with refusals_audited(by=by, action="question.add", target=bank), transaction.atomic():
        _require_office(by)
        clean_topic, clean_text, clean_options, right, worth = _checked_question(
            kind=kind, topic=topic, text=text, options=options, answer=answer, points=points
        )
        question = Question.objects.create(
            bank=bank,
            kind=kind,
            topic=clean_topic,
            text=clean_text,
            options=clean_options,
            answer=right,
            explanation=_clean(explanation, label="解析", field="explanation", required=False),
            points=worth,
            created_at=now or timezone.now(),
        )
        audit_record(actor=by, action="secrecy.duties.question.add", target=question, details={"kind": kind})
    return question


def question_retire(*, by: Actor, question: Question) -> Question:
    """停用试题: it is drawn no more; tests that hold it keep it."""
    with transaction.atomic():
        _require_office(by)
        question = Question.objects.select_for_update().get(pk=question.pk)
        if not question.retired:
            question.retired = True
            question.save(update_fields=["retired"])
            audit_record(actor=by, action="secrecy.duties.question.retire", target=question)
    return question


def answer_label(question: Question, positions: Iterable[int]) -> str:
    """The options as the sheet letters them: "A、C"; a true/false question's by word."""
    chosen = sorted(positions)
    if question.kind == QuestionKind.TRUE_FALSE:
        return "、".join(TRUE_FALSE_OPTIONS[p] for p in chosen if 0 <= p < 2)
    return "、".join(OPTION_LETTERS[p] for p in chosen if 0 <= p < len(OPTION_LETTERS))


# --- tests --------------------------------------------------------------------------------------------------


def knowledge_test_url(test: KnowledgeTest) -> str:
    return reverse("secrecy:duties_test", args=[test.pk])


def attempt_url(attempt: TestAttempt) -> str:
    return reverse("secrecy:duties_attempt", args=[attempt.pk])


def knowledge_test_create(
    *,
    by: Actor,
    title: str,
    bank: QuestionBank | None,
    questions: Sequence[Question] = (),
    draw: int | None = None,
    time_limit_minutes: int | None,
    opens_at: datetime | None,
    closes_at: datetime | None,
    units: Sequence[Unit] = (),
    people: Sequence[Person] = (),
    now: datetime | None = None,
    rng: random.Random | None = None,
) -> KnowledgeTest:
    """组织测试: the questions chosen one by one, or `draw` of them drawn from the bank's questions in use; who
    must take it (units, people); the time limit; when it is open. A test with no questions is refused."""
    now = now or timezone.now()
    with refusals_audited(by=by, action="test.create"), transaction.atomic():
        _require_office(by)
        clean_title = _clean(title, label="测试名称", field="title")
        chosen = list(dict.fromkeys(questions))
        if draw:
            if bank is None:
                raise ServiceError("随机抽题须选择题库", code="required", field="bank")
            pool = [q for q in Question.objects.filter(bank=bank, retired=False) if q not in chosen]
            if draw > len(pool):
                raise ServiceError(
                    f"题库“{bank.name}”只有{len(pool)}道可用试题，不能抽取{draw}道",
                    code="not_enough_questions",
                    field="draw",
                )
            chosen += (rng or random.SystemRandom()).sample(pool, draw)
        if not chosen:
            raise ServiceError(
                "测试没有试题：请选择试题或从题库随机抽题", code="no_questions", field="questions"
            )
        if len(chosen) > MOST_QUESTIONS:
            raise ServiceError(
                f"一次测试最多{MOST_QUESTIONS}道题", code="too_many_questions", field="questions"
            )
        if any(question.retired for question in chosen):
            raise ServiceError("已停用的试题不能组卷", code="retired_question", field="questions")
        if bank is not None and any(question.bank_id != bank.pk for question in chosen):
            raise ServiceError("所选试题不属于该题库", code="question_not_in_bank", field="questions")
        if time_limit_minutes is None:
            raise ServiceError("请填写限时（分钟）", code="required", field="time_limit_minutes")
        if not 1 <= time_limit_minutes <= MOST_MINUTES:
            raise ServiceError(
                f"限时应在1至{MOST_MINUTES}分钟之间", code="bad_time_limit", field="time_limit_minutes"
            )
        if opens_at is None:
            raise ServiceError("请填写开始时间", code="required", field="opens_at")
        if closes_at is None:
            raise ServiceError("请填写截止时间", code="required", field="closes_at")
        if closes_at <= opens_at:
            raise ServiceError("截止时间须晚于开始时间", code="closes_before_opens", field="closes_at")
        if closes_at <= now:
            raise ServiceError("截止时间已过", code="closes_in_past", field="closes_at")
        if not units and not people:
            raise ServiceError("请选择参加单位或参加人员", code="no_takers", field="units")
        test = KnowledgeTest.objects.create(
            title=clean_title,
            bank=bank,
            time_limit_minutes=time_limit_minutes,
            opens_at=opens_at,
            closes_at=closes_at,
            created_by=by,
            created_at=now,
        )
        TestQuestion.objects.bulk_create(
            TestQuestion(test=test, question=question, position=index)
            for index, question in enumerate(chosen, start=1)
        )
        test.units.set([unit.pk for unit in units])
        test.people.set([person.pk for person in people])
        audit_record(
            actor=by,
            action="secrecy.duties.test.create",
            target=test,
            details={"questions": len(chosen), "time_limit_minutes": time_limit_minutes},
        )
        _notify_takers(test)
    return test


def _notify_takers(test: KnowledgeTest) -> None:
    from zhongshu.notifications.services import notify

    for person in takers(test).select_related("user"):
        notify(
            recipient=person.user,
            about=test,
            kind="secrecy.duties.test",
            title=f"请参加保密知识测试：{test.title}",
            body=(
                f"开放时间{timezone.localtime(test.opens_at):%m月%d日 %H:%M}至"
                f"{timezone.localtime(test.closes_at):%m月%d日 %H:%M}，限时{test.time_limit_minutes}分钟。"
            ),
            link=knowledge_test_url(test),
            dedupe_key=f"secrecy.duties.test:{test.pk}:{person.pk}",
        )


def takers(test: KnowledgeTest) -> QuerySet[Person]:
    """Who must take the test: its people and everyone in its units, with an active account."""
    return (
        Person.objects.filter(
            Q(pk__in=test.people.through.objects.filter(knowledgetest_id=test.pk).values("person_id"))
            | Q(unit_id__in=test.units.through.objects.filter(knowledgetest_id=test.pk).values("unit_id"))
        )
        .filter(user__is_active=True)
        .select_related("unit")
        .order_by("unit__sort_order", "unit_id", "sort_order", "pk")
    )


def must_take(person_id: int | None, test: KnowledgeTest) -> bool:
    return person_id is not None and takers(test).filter(pk=person_id).exists()


def sheet(test: KnowledgeTest) -> list[Question]:
    """The test's questions in their order on the sheet."""
    rows = TestQuestion.objects.filter(test=test).select_related("question").order_by("position")
    return [row.question for row in rows]


def is_open(test: KnowledgeTest, now: datetime) -> bool:
    return test.opens_at <= now <= test.closes_at


def latest_attempt(test: KnowledgeTest, person_id: int) -> TestAttempt | None:
    return TestAttempt.objects.filter(test=test, person_id=person_id).order_by("-number").first()


def attempt_start(*, by: Actor, test: KnowledgeTest, now: datetime | None = None) -> TestAttempt:
    """开始答题: the clock starts now. An attempt still running is resumed; a second one is refused unless the
    保密办 allowed a retake."""
    now = now or timezone.now()
    person = by.person_or_none
    with refusals_audited(by=by, action="attempt.start", target=test), transaction.atomic():
        if person is None or not must_take(person.pk, test):
            raise Forbidden("您不在该测试的参加人员之列", code="not_a_taker")
        # The person's row is the lock: two clicks on 开始答题 make one attempt.
        Person.objects.select_for_update().filter(pk=person.pk).first()
        last = latest_attempt(test, person.pk)
        if last is not None and last.submitted_at is None and not last.expired(now, grace()):
            return last
        if not is_open(test, now):
            raise ServiceError("测试尚未开始" if now < test.opens_at else "测试已截止", code="test_not_open")
        if last is not None and not last.retake_allowed:
            raise ServiceError("您已参加过该测试；如需重考，请向保密办申请", code="already_attempted")
        attempt = TestAttempt.objects.create(
            test=test,
            person=person,
            number=1 if last is None else last.number + 1,
            started_at=now,
            deadline=now + timedelta(minutes=test.time_limit_minutes),
            full_marks=sum(question.points for question in sheet(test)),
        )
        audit_record(
            actor=by,
            action="secrecy.duties.attempt.start",
            target=attempt,
            details={"number": attempt.number},
        )
    return attempt


def is_right(question: Question, chosen: Iterable[int]) -> bool:
    """Answered exactly right: a multiple-choice question only with every right option and no other."""
    return sorted(set(chosen)) == sorted(question.answer)


def score_of(questions: Iterable[Question], answers: dict[str, list[int]]) -> int:
    """Points of the questions answered exactly right."""
    return sum(
        question.points for question in questions if is_right(question, answers.get(str(question.pk), []))
    )


def is_running(attempt: TestAttempt, now: datetime) -> bool:
    return attempt.submitted_at is None and not attempt.expired(now, grace())


def answer_key_shown(attempt: TestAttempt, viewer: Any, now: datetime) -> bool:
    """Whether `viewer` may see an attempt's marked sheet — the right answers and explanations: once the sheet is
    in (or its time is up), to its taker and the 保密办. Never while it runs, to anyone: a 保密办 member or the
    office director may be taking the same test at the same time. A unit's administrator sees scores only."""
    if is_running(attempt, now):
        return False
    return attempt.person.user_id == getattr(viewer, "pk", None) or keeps_ledger(viewer)


def attempt_submit(
    *, by: Actor, attempt: TestAttempt, answers: dict[int, list[int]], now: datetime | None = None
) -> TestAttempt:
    """交卷: scored at once. After the deadline and its grace the sheet is refused, nothing saved."""
    now = now or timezone.now()
    with refusals_audited(by=by, action="attempt.submit", target=attempt), transaction.atomic():
        attempt = TestAttempt.objects.select_for_update().get(pk=attempt.pk)
        person = by.person_or_none
        if person is None or attempt.person_id != person.pk:
            raise Forbidden("只能提交本人的答卷", code="not_allowed")
        if attempt.submitted_at is not None:
            raise ServiceError("该答卷已交，不能再次提交", code="already_submitted")
        if now > attempt.deadline + grace():
            raise ServiceError(
                f"答题时间已到（限{timezone.localtime(attempt.deadline):%H:%M:%S}前交卷），答卷未被接受",
                code="time_up",
            )
        questions = sheet(attempt.test)
        by_id = {question.pk: question for question in questions}
        clean: dict[str, list[int]] = {}
        for question_id, chosen in answers.items():
            question = by_id.get(question_id)
            if question is None:
                raise ServiceError(f"答卷中有不属于本测试的题目：{question_id}", code="unknown_question")
            positions = sorted(set(chosen))
            if any(not 0 <= p < len(question.options) for p in positions):
                raise ServiceError("所选答案不是该题的选项", code="answer_not_an_option")
            if question.kind != QuestionKind.MULTIPLE and len(positions) > 1:
                raise ServiceError(
                    f"第{questions.index(question) + 1}题只能选一个答案", code="one_answer_only"
                )
            if positions:
                clean[str(question_id)] = positions
        attempt.answers = clean
        attempt.submitted_at = min(now, attempt.deadline)
        attempt.score = score_of(questions, clean)
        attempt.save(update_fields=["answers", "submitted_at", "score"])
        audit_record(
            actor=by,
            action="secrecy.duties.attempt.submit",
            target=attempt,
            details={"score": attempt.score, "full_marks": attempt.full_marks},
        )
    return attempt


def retake_allow(*, by: Actor, attempt: TestAttempt, now: datetime | None = None) -> TestAttempt:
    """允许重考: on a person's last attempt, handed in or run out; his next one then counts."""
    now = now or timezone.now()
    with refusals_audited(by=by, action="attempt.retake", target=attempt), transaction.atomic():
        _require_office(by)
        attempt = TestAttempt.objects.select_for_update().get(pk=attempt.pk)
        last = latest_attempt(attempt.test, attempt.person_id)
        if last is None or last.pk != attempt.pk:
            raise ServiceError("只能对最近一次答卷批准重考", code="not_latest")
        if attempt.retake_allowed:
            raise ServiceError("已批准重考", code="retake_already_allowed")
        if attempt.submitted_at is None and not attempt.expired(now, grace()):
            raise ServiceError("该答卷仍在作答中", code="attempt_running")
        attempt.retake_allowed = True
        attempt.retake_allowed_by = by
        attempt.save(update_fields=["retake_allowed", "retake_allowed_by"])
        audit_record(actor=by, action="secrecy.duties.attempt.retake", target=attempt)
    return attempt


# --- results ------------------------------------------------------------------------------------------------


def attempt_state(attempt: TestAttempt | None, now: datetime) -> str:
    if attempt is None:
        return "未参加"
    if attempt.submitted_at is not None:
        return "已交卷"
    return "超时未交卷" if attempt.expired(now, grace()) else "答题中"


def attempt_points(attempt: TestAttempt | None, now: datetime) -> int | None:
    """The score that counts: handed in, its score; run out, 0; not taken or still running, none."""
    if attempt is None:
        return None
    if attempt.submitted_at is not None:
        return attempt.score
    return 0 if attempt.expired(now, grace()) else None


@dataclass(frozen=True)
class ResultRow:
    person: Person
    attempt: TestAttempt | None
    state: str
    score: int | None


@dataclass(frozen=True)
class UnitResult:
    unit_id: int
    unit_name: str
    takers: int
    taken: int
    average: float | None


@dataclass(frozen=True)
class Results:
    rows: list[ResultRow]
    units: list[UnitResult]
    full_marks: int

    @property
    def missing(self) -> list[ResultRow]:
        return [row for row in self.rows if row.score is None and row.state == "未参加"]


def results(test: KnowledgeTest, viewer: Any, now: datetime | None = None) -> Results:
    """Per person the last attempt that counts, per unit how many took it and the average score: for the
    保密办 everyone who must take it, for a unit's administrator his unit's people, for anyone else himself."""
    now = now or timezone.now()
    people = takers(test)
    if not keeps_ledger(viewer):
        person_id = _person_id(viewer)
        administered = administered_unit_ids(viewer)
        people = people.filter(Q(pk=person_id or 0) | Q(unit_id__in=administered))
    attempts: dict[int, TestAttempt] = {}
    for attempt in visible(TestAttempt.objects.filter(test=test), viewer).order_by("number"):
        attempts[attempt.person_id] = attempt  # the last one counts
    rows = []
    for person in people:
        last = attempts.get(person.pk)
        rows.append(ResultRow(person, last, attempt_state(last, now), attempt_points(last, now)))
    by_unit: dict[int, list[ResultRow]] = {}
    for row in rows:
        by_unit.setdefault(row.person.unit_id, []).append(row)
    units = []
    for unit_rows in by_unit.values():
        scores = [row.score for row in unit_rows if row.score is not None]
        units.append(
            UnitResult(
                unit_id=unit_rows[0].person.unit_id,
                unit_name=unit_rows[0].person.unit.name,
                takers=len(unit_rows),
                taken=len(scores),
                average=round(sum(scores) / len(scores), 1) if scores else None,
            )
        )
    full = TestAttempt.objects.filter(test=test).values_list("full_marks", flat=True).first()
    if full is None:
        full = sum(question.points for question in sheet(test))
    return Results(rows=rows, units=units, full_marks=full)


def results_chart(found: Results) -> Any:
    from zhongshu.core.charts import Chart, Series

    return Chart(
        id="duties-unit-scores",
        title="各单位平均得分",
        kind="hbar",
        category_label="单位",
        categories=[unit.unit_name for unit in found.units],
        series=[
            Series("平均得分", [unit.average for unit in found.units]),
            Series("应考人数", [unit.takers for unit in found.units]),
            Series("已考人数", [unit.taken for unit in found.units]),
        ],
    )


def visible_tests(viewer: Any) -> QuerySet[KnowledgeTest]:
    return visible(KnowledgeTest.objects.all(), viewer)


def my_open_tests(user: Any, now: datetime | None = None) -> list[tuple[KnowledgeTest, TestAttempt | None]]:
    """The open tests the user must take and has not finished (not taken, running, or a retake allowed)."""
    now = now or timezone.now()
    person_id = _person_id(user)
    if person_id is None or not getattr(user, "is_active", False):
        return []
    tests = visible_tests(user).filter(opens_at__lte=now, closes_at__gte=now).order_by("closes_at")
    out = []
    for test in tests[:50]:
        if not must_take(person_id, test):
            continue
        last = latest_attempt(test, person_id)
        running = last is not None and last.submitted_at is None and not last.expired(now, grace())
        if last is None or running or last.retake_allowed:
            out.append((test, last))
    return out


def duties_todos(user: Any) -> list[Any]:
    from zhongshu.core.todos import TodoItem

    now = timezone.now()
    items = []
    for test, _ in my_open_tests(user, now):
        closes = timezone.localtime(test.closes_at)
        soon = test.closes_at - now <= timedelta(hours=CLOSING_SOON_HOURS)
        items.append(
            TodoItem(
                title=f"参加保密知识测试：{test.title}",
                url=knowledge_test_url(test),
                kind="secrecy.duties_test",
                source_label="保密知识测试",
                due=closes.date(),
                note=f"{'即将截止：' if soon else ''}{closes:%m月%d日 %H:%M}截止，限时{test.time_limit_minutes}分钟",
                record=(KnowledgeTest._meta.label_lower, str(test.pk)),
            )
        )
    return items
