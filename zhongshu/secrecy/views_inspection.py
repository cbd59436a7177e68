"""机要保密 · 保密自查: the rounds (the secrecy office's, with their progress; a participant's own fillings), the
yearly risk checklists, the form that opens a round, a round's progress (who submitted, the scores as a chart
with its table view) and its 年度保密自查自评报告 (DOCX), and a filling's page — the form while it is filled
(items grouped by area), the answers once submitted, the review, and the findings with the 整改 items made from
them. Registers the tab (保密自查, order 70), the scopes and links, and the to-dos."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhongshu.access.policy import get_for, visible
from zhongshu.accounts.actors import actor_of
from zhongshu.attachments.services import attachments_of, download_response
from zhongshu.audit.disclosure import audit_shown
from zhongshu.core.charts import BAD, GOOD, Chart, Series
from zhongshu.core.errors import Conflict, Forbidden, InvalidTransition, ServiceError
from zhongshu.core.inputs import Input
from zhongshu.org.models import Department
from zhongshu.org.offices import office_unit_ids
from zhongshu.secrecy import inspection
from zhongshu.secrecy.actions_inspection import RULES
from zhongshu.secrecy.inspection_report import inspection_report_docx, report_title
from zhongshu.secrecy.models_inspection import (
    FillingState,
    InspectionAnswer,
    InspectionFilling,
    InspectionRound,
    RiskArea,
    RiskChecklist,
    Verdict,
)
from zhongshu.secrecy.roles import keeps_ledger, may_use_secrecy
from zhongshu.secrecy.schemas_inspection import ChecklistIn, FillingIn, RectifyIn, ReviewIn, RoundIn

TAB = "inspection"
MOST_ROWS = 200


def allowed(request: HttpRequest) -> None:
    if not may_use_secrecy(request.user):
        raise PermissionDenied("无权使用机要保密")


def may_see_tab(user: Any) -> bool:
    """The secrecy office, and whoever fills a participant's self-inspection."""
    if not may_use_secrecy(user):
        return False
    return keeps_ledger(user) or visible_own(user)


def visible_own(user: Any) -> bool:
    return inspection.visible_fillings(user).exists()


def _ledger(request: HttpRequest) -> None:
    allowed(request)
    if not keeps_ledger(request.user):
        raise PermissionDenied(inspection.NOT_LEDGER)


def _round(request: HttpRequest, pk: int) -> InspectionRound:
    allowed(request)
    return get_for(request.user, InspectionRound.objects.select_related("checklist"), pk)


def _filling(request: HttpRequest, pk: int) -> InspectionFilling:
    allowed(request)
    filling = get_for(
        request.user,
        InspectionFilling.objects.select_related("round", "round__checklist", "unit", "department"),
        pk,
    )
    audit_shown(request.user, [filling], route="secrecy.inspection_filling", action="record.view")
    return filling


def _context(**values: Any) -> dict[str, Any]:
    return {"current_tab": TAB, **values}


@login_required
def rounds_page(request: HttpRequest) -> HttpResponse:
    """保密自查: the secrecy office sees every round and its progress; a participant, its own fillings."""
    allowed(request)
    office = keeps_ledger(request.user)
    rounds = audit_shown(
        request.user, inspection.visible_rounds(request.user)[:MOST_ROWS], route="secrecy.inspection_rounds"
    )
    mine = (
        list(
            inspection.visible_fillings(request.user)
            .filter(round__in=rounds)
            .order_by("-round__year", "round__deadline", "pk")
        )
        if not office
        else []
    )
    progress: dict[int, dict[str, int]] = {}
    if office:
        for filling in InspectionFilling.objects.filter(round__in=rounds).only("round_id", "state"):
            row = progress.setdefault(filling.round_id, {"all": 0, "submitted": 0, "reviewed": 0})
            row["all"] += 1
            row["submitted"] += filling.state != FillingState.DRAFT
            row["reviewed"] += filling.state == FillingState.REVIEWED
    rows = [(one, progress.get(one.pk, {"all": 0, "submitted": 0, "reviewed": 0})) for one in rounds]
    scores = inspection.scores_of(mine)
    return render(
        request,
        "secrecy/inspection/rounds.html",
        _context(
            office=office,
            rows=rows,
            mine=[(filling, scores.get(filling.pk, inspection.EMPTY_SCORE)) for filling in mine],
            today=timezone.localdate(),
        ),
    )


@login_required
def checklists_page(request: HttpRequest) -> HttpResponse:
    """风险隐患清单: each year's list, its items by area; the secrecy office draws up next year's."""
    allowed(request)
    checklists = list(visible(RiskChecklist.objects.prefetch_related("items"), request.user))
    error = None
    values: dict[str, Any] = {"year": str(timezone.localdate().year)}
    if request.method == "POST":
        _ledger(request)
        try:
            made = ChecklistIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
        except ServiceError as refused:
            error, values = refused, request.POST.dict()
        else:
            messages.success(request, f"已制定{made.title}")
            return redirect("secrecy:inspection_checklists")
    shown = []
    for checklist in checklists:
        groups: dict[str, list[Any]] = {}
        for item in checklist.items.all():
            groups.setdefault(str(RiskArea(item.area).label), []).append(item)
        shown.append((checklist, list(groups.items()), sum(item.points for item in checklist.items.all())))
    return render(
        request,
        "secrecy/inspection/checklists.html",
        _context(checklists=shown, office=keeps_ledger(request.user), error=error, values=values),
        status=400 if error else 200,
    )


def _round_form(
    request: HttpRequest, values: dict[str, Any], error: ServiceError | None = None
) -> HttpResponse:
    from zhongshu.org.models import Unit

    chosen_units = list(Unit.objects.filter(pk__in=[v for v in request.POST.getlist("units") if v.isdigit()]))
    chosen_departments = {int(v) for v in request.POST.getlist("departments") if v.isdigit()}
    return render(
        request,
        "secrecy/inspection/round_form.html",
        _context(
            values=values,
            error=error,
            checklists=list(visible(RiskChecklist.objects.all(), request.user)),
            departments=list(
                Department.objects.filter(unit_id__in=office_unit_ids(), is_active=True)
                .select_related("unit")
                .order_by("unit__name", "name")
            ),
            chosen_units=chosen_units,
            chosen_departments=chosen_departments,
        ),
        status=400 if error else 200,
    )


@login_required
def round_new(request: HttpRequest) -> HttpResponse:
    _ledger(request)
    if request.method == "POST":
        try:
            made = RoundIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
        except ServiceError as error:
            return _round_form(request, request.POST.dict(), error)
        messages.success(request, f"已组织{made.title}，已通知各参加单位填报")
        return redirect(inspection.round_url(made))
    year = timezone.localdate().year
    latest = RiskChecklist.objects.order_by("-year").first()
    return _round_form(
        request,
        {
            "year": str(year),
            "title": f"{year}年度保密自查",
            "checklist": str(latest.pk) if latest else "",
        },
    )


def score_chart(rows: list[tuple[InspectionFilling, inspection.Score]]) -> Chart:
    """The submitted participants' scores; a participant not yet submitted has no bar (a gap, "—")."""
    return Chart(
        id="inspection-scores",
        title="自查得分",
        kind="hbar",
        category_label="单位（部门）",
        categories=[filling.participant_name for filling, _ in rows],
        series=[
            Series(
                "得分",
                [score.value if filling.state != FillingState.DRAFT else None for filling, score in rows],
                color=GOOD,
            ),
            Series(
                "不符合项",
                [score.findings if filling.state != FillingState.DRAFT else None for filling, score in rows],
                color=BAD,
            ),
        ],
    )


@login_required
def round_page(request: HttpRequest, pk: int) -> HttpResponse:
    inspection_round = _round(request, pk)
    fillings = audit_shown(
        request.user,
        inspection.visible_fillings(request.user).filter(round=inspection_round),
        route="secrecy.inspection_round",
    )
    scores = inspection.scores_of(fillings)
    rows = [(filling, scores.get(filling.pk, inspection.EMPTY_SCORE)) for filling in fillings]
    office = keeps_ledger(request.user)
    return render(
        request,
        "secrecy/inspection/round.html",
        _context(
            round=inspection_round,
            rows=rows,
            office=office,
            chart=score_chart(rows) if office and rows else None,
            submitted=sum(1 for filling in fillings if filling.state != FillingState.DRAFT),
            today=timezone.localdate(),
        ),
    )


@login_required
def round_report(request: HttpRequest, pk: int) -> HttpResponse:
    """年度保密自查自评报告 (DOCX), for the secrecy office; audited."""
    inspection_round = _round(request, pk)
    try:
        data = inspection_report_docx(inspection_round=inspection_round, by=actor_of(request))
    except Forbidden as refused:
        raise PermissionDenied(str(refused)) from None
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    name = quote(f"{report_title(inspection_round)}.docx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


def _filling_page(
    request: HttpRequest,
    filling: InspectionFilling,
    *,
    posted: dict[str, Any] | None = None,
    error: ServiceError | None = None,
) -> HttpResponse:
    actions = RULES.available(request.user, filling)
    field = str(getattr(error, "field", "") or "")
    by_area = inspection.answers_by_area(filling)
    files = _evidence_files([answer for _, answers in by_area for answer in answers])
    groups = [
        (area, [_row(answer, posted, field, files.get(answer.pk, [])) for answer in answers])
        for area, answers in by_area
    ]
    score = inspection.scores_of([filling]).get(filling.pk, inspection.EMPTY_SCORE)
    return render(
        request,
        "secrecy/inspection/filling.html",
        _context(
            filling=filling,
            actions=actions,
            groups=groups,
            score=score,
            verdicts=Verdict.choices,
            findings=inspection.finding_rows(filling, request.user) if keeps_ledger(request.user) else [],
            may_rectify_any="rectify" in actions,
            rectify_workdays=inspection.rectify_workdays(),
            error=error,
            today=timezone.localdate(),
        ),
        status=200 if error is None else 409 if isinstance(error, (InvalidTransition, Conflict)) else 400,
    )


@dataclass(frozen=True)
class AnswerRow:
    """One item on the filling's page: its answer, the values to show (what was posted when the form comes
    back refused), its evidence files, and whether the refusal names it."""

    answer: InspectionAnswer
    verdict: str
    evidence: str
    finding: str
    files: list[Any]
    invalid: bool


def _evidence_files(answers: list[InspectionAnswer]) -> dict[int, list[Any]]:
    """Every answer's evidence files in one query."""
    from django.contrib.contenttypes.models import ContentType

    from zhongshu.attachments.models import Attachment

    found: dict[int, list[Any]] = {}
    rows = Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(InspectionAnswer),
        object_id__in=[answer.pk for answer in answers],
        purpose=inspection.EVIDENCE,
    ).select_related("file")
    for attachment in rows.order_by("pk"):
        found.setdefault(int(attachment.object_id), []).append(attachment)
    return found


def _row(answer: InspectionAnswer, posted: dict[str, Any] | None, field: str, files: list[Any]) -> AnswerRow:
    item_id = answer.item_id
    values = (
        (answer.verdict, answer.evidence, answer.finding)
        if posted is None
        else tuple(posted.get(f"{name}_{item_id}", "") for name in ("verdict", "evidence", "finding"))
    )
    return AnswerRow(
        answer=answer,
        verdict=values[0],
        evidence=values[1],
        finding=values[2],
        files=files,
        invalid=field.endswith(f"_{item_id}"),
    )


@login_required
def filling_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _filling_page(request, _filling(request, pk))


def _acting(request: HttpRequest, pk: int, action: str) -> InspectionFilling:
    """The filling, for one who may take `action` on it at all (403 before the form is read otherwise)."""
    filling = _filling(request, pk)
    refusal = RULES.check(action, request.user, filling)
    if refusal is not None and refusal.forbidden:
        raise PermissionDenied(refusal.message)
    return filling


def _refused(request: HttpRequest, filling: InspectionFilling, error: ServiceError) -> HttpResponse:
    if isinstance(error, Forbidden):
        raise PermissionDenied(str(error)) from None
    messages.error(request, str(error))
    return redirect(inspection.filling_url(filling))


@login_required
@require_POST
def filling_save(request: HttpRequest, pk: int) -> HttpResponse:
    filling = _acting(request, pk, "fill")
    try:
        contract = FillingIn.parse(Input.of(request), request.user, filling)
        saved = contract.apply(by=actor_of(request), filling=filling)
    except ServiceError as error:
        if isinstance(error, Forbidden):
            raise PermissionDenied(str(error)) from None
        return _filling_page(request, filling, posted=_posted(request), error=error)
    messages.success(request, "已提交自查结果" if saved.state == FillingState.SUBMITTED else "已保存")
    return redirect(inspection.filling_url(saved))


def _posted(request: HttpRequest) -> dict[str, Any]:
    return {key: request.POST.get(key, "") for key in request.POST}


@login_required
@require_POST
def filling_review(request: HttpRequest, pk: int) -> HttpResponse:
    filling = _acting(request, pk, "review")
    try:
        reviewed = ReviewIn.parse(Input.of(request), request.user).apply(
            by=actor_of(request), filling=filling
        )
    except ServiceError as error:
        return _refused(request, filling, error)
    messages.success(request, "已审核通过" if reviewed.state == FillingState.REVIEWED else "已退回重新填报")
    return redirect(inspection.filling_url(filling))


@login_required
@require_POST
def filling_rectify(request: HttpRequest, pk: int) -> HttpResponse:
    filling = _acting(request, pk, "rectify")
    try:
        RectifyIn.parse(Input.of(request), request.user).apply(by=actor_of(request), filling=filling)
    except ServiceError as error:
        return _refused(request, filling, error)
    messages.success(request, "已转为整改事项，由督查督办跟踪落实")
    return redirect(inspection.filling_url(filling) + "#findings")


@login_required
def evidence_file(request: HttpRequest, pk: int, attachment_id: int) -> Any:
    """A piece of evidence, for who may read the filling."""
    filling = _filling(request, pk)
    for answer in filling.answers.all():
        attachment = attachments_of(answer, inspection.EVIDENCE).filter(pk=attachment_id).first()
        if attachment is not None:
            return download_response(
                request,
                attachment,
                check=lambda user, owner: visible(
                    InspectionFilling.objects.filter(pk=filling.pk), user
                ).exists(),
            )
    raise Http404("记录不存在或无权访问")


urlpatterns: list[URLPattern] = [
    path("inspection/", rounds_page, name="inspection_rounds"),
    path("inspection/checklists/", checklists_page, name="inspection_checklists"),
    path("inspection/new/", round_new, name="inspection_round_new"),
    path("inspection/<int:pk>/", round_page, name="inspection_round"),
    path("inspection/<int:pk>/report.docx", round_report, name="inspection_report"),
    path("inspection/fillings/<int:pk>/", filling_page, name="inspection_filling"),
    path("inspection/fillings/<int:pk>/save/", filling_save, name="inspection_filling_save"),
    path("inspection/fillings/<int:pk>/review/", filling_review, name="inspection_filling_review"),
    path("inspection/fillings/<int:pk>/rectify/", filling_rectify, name="inspection_filling_rectify"),
    path(
        "inspection/fillings/<int:pk>/files/<int:attachment_id>/",
        evidence_file,
        name="inspection_evidence",
    ),
]


def register() -> None:
    """The tab (保密自查, order 70), the records' scopes and links, and the to-dos (fill; review)."""
    from zhongshu.core.todos import register_todo_source
    from zhongshu.secrecy.tabs import BAR

    inspection.register()
    BAR.register("inspection", "保密自查", "secrecy:inspection_rounds", 70, may_see_tab)
    register_todo_source("secrecy.inspection", inspection.inspection_todos)
