"""机要保密 · 保密工作: the part-time secrecy administrators (every unit and department with its administrator, the
gaps marked; the 保密办 names and relieves them), the secrecy meetings (list, record, page), and the knowledge
tests (the banks and their questions, the tests with their results per person and per unit, taking a test on
a timed sheet). Registers the tab (order 80), the scopes and the to-do of a test to take."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhongshu.access.policy import get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.core.inputs import Input
from zhongshu.org.models import Person
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

TAB = "duties"
MOST_ROWS = 500


def allowed(request: HttpRequest) -> None:
    if not may_use_secrecy(request.user):
        raise PermissionDenied("无权使用机要保密")


def _office(request: HttpRequest) -> None:
    allowed(request)
    if not keeps_ledger(request.user):
        raise PermissionDenied("只有保密办可以办理")


def _page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(
        request,
        f"secrecy/duties/{template}",
        {"current_tab": TAB, "office": keeps_ledger(request.user), **context},
        status=status,
    )


def _refused(error: ServiceError) -> None:
    if isinstance(error, Forbidden):
        raise PermissionDenied(str(error)) from None


# --- administrators -----------------------------------------------------------------------------------------


@login_required
def administrators(request: HttpRequest, error: ServiceError | None = None) -> HttpResponse:
    allowed(request)
    units = duties.administrators_by_unit(request.user)
    person = getattr(request.user, "person_or_none", None)
    mine = (
        duties.administrator_of(person.unit_id, person.department_id)
        if person is not None and person.unit_id
        else None
    )
    history = (
        duties.administrator_history(request.user).exclude(ended_on__isnull=True)[:MOST_ROWS]
        if keeps_ledger(request.user)
        else []
    )
    return _page(
        request,
        "administrators.html",
        {
            "section": "administrators",
            "units": units,
            "gaps": sum(1 for unit in units if unit.gap),
            "mine": mine,
            "history": history,
            "today": timezone.localdate(),
            "values": request.POST.dict() if error else {},
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
@require_POST
def appoint(request: HttpRequest) -> HttpResponse:
    _office(request)
    try:
        made = AppointIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
    except ServiceError as error:
        _refused(error)
        return administrators(request, error)
    messages.success(request, f"已任命{made.person.name}为兼职保密管理员")
    return redirect("secrecy:duties_administrators")


@login_required
@require_POST
def end(request: HttpRequest, pk: int) -> HttpResponse:
    _office(request)
    appointment = get_for(request.user, SecrecyAdministrator.objects.select_related("person"), pk)
    try:
        EndIn.parse(Input.of(request), request.user).apply(by=actor_of(request), appointment=appointment)
        messages.success(request, f"已免去{appointment.person.name}的兼职保密管理员")
    except ServiceError as error:
        _refused(error)
        messages.error(request, str(error))
    return redirect("secrecy:duties_administrators")


# --- meetings -----------------------------------------------------------------------------------------------


@login_required
def meetings(request: HttpRequest) -> HttpResponse:
    allowed(request)
    rows = list(duties.visible_meetings(request.user).select_related("recorded_by")[:MOST_ROWS])
    return _page(request, "meetings.html", {"section": "meetings", "rows": rows})


@login_required
def meeting_new(request: HttpRequest) -> HttpResponse:
    _office(request)
    error = None
    if request.method == "POST":
        try:
            meeting = MeetingIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
        except ServiceError as caught:
            _refused(caught)
            error = caught
        else:
            messages.success(request, "已登记保密会议")
            return redirect(duties.meeting_url(meeting))
    values = request.POST.dict() if error else {"held_on": timezone.localdate().isoformat()}
    chosen = Person.objects.filter(pk__in=request.POST.getlist("attendees")[:1000]) if error else []
    return _page(
        request,
        "meeting_form.html",
        {
            "section": "meetings",
            "values": values,
            "chosen": list(chosen),
            "kinds": SecrecyMeetingKind.choices,
            "error": error,
            "error_field": getattr(error, "field", None),
        },
        status=400 if error else 200,
    )


@login_required
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    allowed(request)
    found = get_for(request.user, SecrecyMeeting.objects.select_related("recorded_by"), pk)
    return _page(
        request,
        "meeting.html",
        {
            "section": "meetings",
            "meeting": found,
            "attendees": found.attendees.select_related("unit", "department").order_by(
                "unit_id", "sort_order"
            ),
        },
    )


# --- banks and questions ------------------------------------------------------------------------------------


@login_required
def banks(request: HttpRequest) -> HttpResponse:
    _office(request)
    error = None
    if request.method == "POST":
        try:
            bank = BankIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
        except ServiceError as caught:
            error = caught
        else:
            messages.success(request, "已新建题库")
            return redirect(duties.bank_url(bank))
    from django.db.models import Count, Q

    rows = QuestionBank.objects.annotate(
        in_use=Count("questions", filter=Q(questions__retired=False)),
    ).order_by("name")
    return _page(
        request,
        "banks.html",
        {"section": "tests", "rows": rows, "values": request.POST.dict() if error else {}, "error": error},
        status=400 if error else 200,
    )


@login_required
def bank(request: HttpRequest, pk: int, error: ServiceError | None = None) -> HttpResponse:
    _office(request)
    found = get_for(request.user, QuestionBank, pk)
    questions = [
        {"question": question, "right": duties.answer_label(question, question.answer)}
        for question in found.questions.order_by("retired", "topic", "pk")
    ]
    values = request.POST if error else None
    return _page(
        request,
        "bank.html",
        {
            "section": "tests",
            "bank": found,
            "questions": questions,
            "kinds": QuestionKind.choices,
            "letters": duties.OPTION_LETTERS[:6],
            "values": values.dict() if values is not None else {"kind": "single", "points": "1"},
            "posted_options": values.getlist("options") if values is not None else [],
            "posted_answer": values.getlist("answer") if values is not None else [],
            "error": error,
            "error_field": getattr(error, "field", None),
        },
        status=400 if error else 200,
    )


@login_required
@require_POST
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    _office(request)
    found = get_for(request.user, QuestionBank, pk)
    try:
        QuestionIn.parse(Input.of(request), request.user).apply(by=actor_of(request), bank=found)
    except ServiceError as error:
        _refused(error)
        return bank(request, pk, error)
    messages.success(request, "已录入试题")
    return redirect(duties.bank_url(found))


@login_required
def question_import(request: HttpRequest, pk: int) -> HttpResponse:
    """导入试题 (Excel): upload, preview every row (bad cells by row and column), then confirm once."""
    from zhongshu.secrecy import duties_import

    _office(request)
    found = get_for(request.user, QuestionBank, pk)
    context: dict[str, Any] = {"section": "tests", "bank": found, "columns": duties_import.COLUMNS}
    if request.method == "POST" and request.POST.get("confirm") == "1":
        try:
            created = duties_import.questions_import_confirm(
                by=actor_of(request), bank=found, token=request.POST.get("token", "")
            )
        except ServiceError as error:
            _refused(error)
            return _page(request, "bank_import.html", {**context, "error": error}, status=error.status)
        messages.success(request, f"已导入{created}道试题")
        return redirect(duties.bank_url(found))
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ServiceError("请选择要导入的 Excel 文件", code="required", field="file")
            context["preview"] = duties_import.questions_import_preview(
                by=actor_of(request), bank=found, data=upload.read()
            )
        except ServiceError as error:
            _refused(error)
            return _page(request, "bank_import.html", {**context, "error": error}, status=error.status)
    return _page(request, "bank_import.html", context)


@login_required
@require_POST
def question_retire(request: HttpRequest, pk: int) -> HttpResponse:
    _office(request)
    question = get_for(request.user, Question, pk)
    duties.question_retire(by=actor_of(request), question=question)
    messages.success(request, "已停用该试题")
    return redirect(duties.bank_url(question.bank))


# --- tests --------------------------------------------------------------------------------------------------


@login_required
def tests(request: HttpRequest) -> HttpResponse:
    allowed(request)
    now = timezone.now()
    rows = duties.visible_tests(request.user).order_by("-opens_at")[:MOST_ROWS]
    return _page(
        request,
        "tests.html",
        {
            "section": "tests",
            "rows": rows,
            "open": duties.my_open_tests(request.user, now),
            "now": now,
        },
    )


@login_required
def test_new(request: HttpRequest) -> HttpResponse:
    _office(request)
    error = None
    if request.method == "POST":
        try:
            made = TestIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
        except ServiceError as caught:
            error = caught
        else:
            messages.success(request, "已组织测试，已通知参加人员")
            return redirect(duties.knowledge_test_url(made))
    start = timezone.localtime().replace(second=0, microsecond=0)
    values = (
        request.POST.dict()
        if error
        else {
            "time_limit_minutes": "30",
            "opens_at": f"{start:%Y-%m-%dT%H:%M}",
            "closes_at": f"{start + timedelta(days=7):%Y-%m-%dT%H:%M}",
            "draw": "10",
        }
    )
    return _page(
        request,
        "test_form.html",
        {
            "section": "tests",
            "values": values,
            "banks": QuestionBank.objects.order_by("name"),
            "questions": Question.objects.filter(retired=False)
            .select_related("bank")
            .order_by("bank", "topic", "pk"),
            "chosen_questions": [str(value) for value in request.POST.getlist("questions")] if error else [],
            "error": error,
            "error_field": getattr(error, "field", None),
        },
        status=400 if error else 200,
    )


@login_required
def test(request: HttpRequest, pk: int) -> HttpResponse:
    allowed(request)
    found = get_for(request.user, KnowledgeTest, pk)
    now = timezone.now()
    person = getattr(request.user, "person_or_none", None)
    mine = duties.latest_attempt(found, person.pk) if person is not None else None
    taker = duties.must_take(person.pk if person else None, found)
    running = mine is not None and mine.submitted_at is None and not mine.expired(now, duties.grace())
    may_start = taker and duties.is_open(found, now) and (mine is None or mine.retake_allowed)
    found_results = duties.results(found, request.user, now)
    return _page(
        request,
        "test.html",
        {
            "section": "tests",
            "test": found,
            "now": now,
            "mine": mine,
            "mine_state": duties.attempt_state(mine, now) if mine else "",
            "running": running,
            "may_start": may_start,
            "taker": taker,
            "question_count": len(duties.sheet(found)),
            "results": found_results,
            "chart": duties.results_chart(found_results) if found_results.units else None,
            "see_all": keeps_ledger(request.user) or duties.is_part_time_administrator(request.user),
        },
    )


@login_required
@require_POST
def start(request: HttpRequest, pk: int) -> HttpResponse:
    allowed(request)
    found = get_for(request.user, KnowledgeTest, pk)
    try:
        attempt = duties.attempt_start(by=actor_of(request), test=found)
    except ServiceError as error:
        _refused(error)
        messages.error(request, str(error))
        return redirect(duties.knowledge_test_url(found))
    return redirect(duties.attempt_url(attempt))


@login_required
def attempt(request: HttpRequest, pk: int) -> HttpResponse:
    allowed(request)
    found = get_for(request.user, TestAttempt.objects.select_related("test", "person", "person__unit"), pk)
    now = timezone.now()
    own = found.person.user_id == request.user.pk
    running = duties.is_running(found, now)
    questions = duties.sheet(found.test)
    if running and own:
        # The sheet: the questions and their options only. The right answers and the explanations stay here.
        return _page(
            request,
            "take.html",
            {
                "section": "tests",
                "attempt": found,
                "sheet": [
                    {
                        "n": index,
                        "id": question.pk,
                        "kind": question.kind,
                        "kind_label": question.get_kind_display(),
                        "text": question.text,
                        "points": question.points,
                        "options": [
                            (position, duties.OPTION_LETTERS[position], option)
                            for position, option in enumerate(question.options)
                        ],
                    }
                    for index, question in enumerate(questions, start=1)
                ],
                "seconds_left": max(0, int((found.deadline - now).total_seconds())),
            },
        )
    answered = found.answers or {}
    review = []
    for index, question in enumerate(questions, start=1):
        chosen = answered.get(str(question.pk), [])
        review.append(
            {
                "n": index,
                "question": question,
                "chosen": duties.answer_label(question, chosen) or "未作答",
                "right": duties.answer_label(question, question.answer),
                "correct": duties.is_right(question, chosen),
            }
        )
    return _page(
        request,
        "attempt.html",
        {
            "section": "tests",
            "attempt": found,
            "state": duties.attempt_state(found, now),
            "points": duties.attempt_points(found, now),
            "running": running,
            "review": review if duties.answer_key_shown(found, request.user, now) else [],
        },
    )


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    allowed(request)
    found = get_for(request.user, TestAttempt.objects.select_related("test"), pk)
    try:
        done = SubmitIn.parse(Input.of(request), request.user).apply(by=actor_of(request), attempt=found)
    except ServiceError as error:
        _refused(error)
        messages.error(request, str(error))
        return redirect(duties.attempt_url(found))
    messages.success(request, f"已交卷，得分{done.score}分（满分{done.full_marks}分）")
    return redirect(duties.attempt_url(done))


@login_required
@require_POST
def retake(request: HttpRequest, pk: int) -> HttpResponse:
    _office(request)
    found = get_for(request.user, TestAttempt.objects.select_related("test", "person"), pk)
    try:
        duties.retake_allow(by=actor_of(request), attempt=found)
        messages.success(request, f"已允许{found.person.name}重考")
    except ServiceError as error:
        _refused(error)
        messages.error(request, str(error))
    return redirect(duties.knowledge_test_url(found.test))


@login_required
def home(request: HttpRequest) -> HttpResponse:
    allowed(request)
    return redirect(reverse("secrecy:duties_administrators"))


urlpatterns: list[URLPattern] = [
    path("duties/", home, name="duties_home"),
    path("duties/administrators/", administrators, name="duties_administrators"),
    path("duties/administrators/appoint/", appoint, name="duties_appoint"),
    path("duties/administrators/<int:pk>/end/", end, name="duties_end"),
    path("duties/meetings/", meetings, name="duties_meetings"),
    path("duties/meetings/new/", meeting_new, name="duties_meeting_new"),
    path("duties/meetings/<int:pk>/", meeting, name="duties_meeting"),
    path("duties/banks/", banks, name="duties_banks"),
    path("duties/banks/<int:pk>/", bank, name="duties_bank"),
    path("duties/banks/<int:pk>/questions/", question_add, name="duties_question_add"),
    path("duties/banks/<int:pk>/import/", question_import, name="duties_question_import"),
    path("duties/questions/<int:pk>/retire/", question_retire, name="duties_question_retire"),
    path("duties/tests/", tests, name="duties_tests"),
    path("duties/tests/new/", test_new, name="duties_test_new"),
    path("duties/tests/<int:pk>/", test, name="duties_test"),
    path("duties/tests/<int:pk>/start/", start, name="duties_start"),
    path("duties/attempts/<int:pk>/", attempt, name="duties_attempt"),
    path("duties/attempts/<int:pk>/submit/", submit, name="duties_submit"),
    path("duties/attempts/<int:pk>/retake/", retake, name="duties_retake"),
]


def register() -> None:
    """The tab 保密工作 (order 80), the part's scopes and the to-do of a test to take."""
    from zhongshu.core.todos import register_todo_source
    from zhongshu.secrecy.tabs import BAR

    BAR.register(TAB, "保密工作", "secrecy:duties_administrators", 80, may_use_secrecy)
    duties.register_scopes()
    register_todo_source("secrecy.duties_test", duties.duties_todos)
