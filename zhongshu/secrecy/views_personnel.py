"""机要保密 · 涉密人员: the cleared people ledger (涉密人员台账, with its views of people in cooling-off and of
re-vetting due, and its Excel export), the cleared posts with their holders (those below the post's level
marked), a person's secrecy file (vettings, pledges, training, departures, and the 保密办's forms), a
departure's page (its checklist and cooling-off end), a pledge's scan, and the security administrator's
涉密人员调整 queue. Registers the tab, the queue's tab and menu entry, the 保密办's re-vetting to-do, the access
scopes of the part's records and the person page's sections."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhongshu.access.policy import Action, RecordNotFound, get_for, viewer_of
from zhongshu.accounts.actors import actor_of
from zhongshu.attachments.services import attachments_of, download_response
from zhongshu.base.levels import Clearance
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.core.inputs import Input
from zhongshu.core.sections import section_page
from zhongshu.org.models import Person
from zhongshu.secrecy import personnel
from zhongshu.secrecy.actions_personnel import RULES
from zhongshu.secrecy.models_personnel import (
    Departure,
    Pledge,
    PledgeKind,
    TrainingRecord,
    Vetting,
    VettingKind,
    VettingResult,
)
from zhongshu.secrecy.roles import is_security_admin, keeps_ledger, may_use_secrecy
from zhongshu.secrecy.schemas_personnel import (
    CompleteIn,
    DepartureIn,
    PledgeIn,
    TalkIn,
    TrainingIn,
    VettingIn,
)

TAB = "personnel"
QUEUE_TAB = "clearance_queue"
PERSON_PAGE = section_page("secrecy.person")
VIEWS = {"all": "全部", "cooling_off": "脱密期内", "revetting_due": "待复审", "below_level": "等级低于岗位"}
EXPORT_COLUMNS = (
    "姓名",
    "单位",
    "处室",
    "涉密岗位",
    "岗位等级",
    "涉密等级",
    "最近审查",
    "复审到期",
    "承诺书（份）",
    "本年培训学时",
    "状态",
)


def allowed(request: HttpRequest) -> None:
    if not may_use_secrecy(request.user):
        raise PermissionDenied("无权使用机要保密")


def may_see_tab(user: Any) -> bool:
    """The ledger's keepers, and anyone cleared (who sees his own file there)."""
    return may_use_secrecy(user) and (keeps_ledger(user) or viewer_of(user).clearance > Clearance.NONE)


def _keeper(request: HttpRequest) -> None:
    allowed(request)
    if not keeps_ledger(request.user):
        raise PermissionDenied(personnel.KEEPER_ONLY)


def _person(request: HttpRequest, pk: int) -> Person:
    """A person's file: the keepers' and his own; to anyone else the same 404 as a missing person."""
    allowed(request)
    person = get_for(request.user, Person.objects.select_related("unit", "department"), pk)
    if not personnel.may_see_file(request.user, person):
        raise RecordNotFound()
    return person


def _departure(request: HttpRequest, pk: int) -> Departure:
    allowed(request)
    return get_for(request.user, Departure.objects.select_related("person__unit", "post", "talk_by"), pk)


# --- the ledger and the posts ---------------------------------------------------------------------------------------


def _ledger_rows(request: HttpRequest, view: str) -> list[personnel.LedgerRow]:
    today = timezone.localdate()
    rows = personnel.ledger(today)
    if view == "cooling_off":
        rows = [row for row in rows if row.cooling_off_until is not None]
    elif view == "revetting_due":
        rows = [row for row in rows if row.revetting_overdue(today)]
    elif view == "below_level":
        rows = [row for row in rows if row.below_level]
    return rows


def _view(request: HttpRequest) -> str:
    view = request.GET.get("view", "all")
    return view if view in VIEWS else "all"


@login_required
def ledger_page(request: HttpRequest) -> HttpResponse:
    allowed(request)
    if not keeps_ledger(request.user):
        own = getattr(request.user, "person_or_none", None)
        if own is None:
            raise PermissionDenied("无权使用机要保密")
        return redirect(personnel.person_url(own))
    view = _view(request)
    today = timezone.localdate()
    return render(
        request,
        "secrecy/personnel/ledger.html",
        {
            "current_tab": TAB,
            "rows": _ledger_rows(request, view),
            "view": view,
            "views": VIEWS,
            "today": today,
            "revetting_years": personnel.revetting_years(),
        },
    )


@login_required
def export(request: HttpRequest) -> HttpResponse:
    """导出涉密人员台账 (Excel), under the page's view; audited."""
    from openpyxl import Workbook

    from zhongshu.audit.services import audit_record
    from zhongshu.core.spreadsheets import append_row

    _keeper(request)
    view = _view(request)
    rows = _ledger_rows(request, view)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook always has its sheet
    sheet.title = "涉密人员台账"
    sheet.append(list(EXPORT_COLUMNS))
    for row in rows:
        append_row(
            sheet,
            [
                row.person.name,
                row.person.unit.name,
                row.person.department.name if row.person.department else "",
                "、".join(post.name for post in row.posts),
                personnel.level_label(row.post_level) if row.posts else "",
                personnel.level_label(row.person.clearance),
                row.last_vetting.isoformat() if row.last_vetting else "",
                row.revetting_due.isoformat() if row.revetting_due else "",
                row.pledges,
                float(row.training_hours),
                row.status + (f"（至{row.cooling_off_until:%Y-%m-%d}）" if row.cooling_off_until else ""),
            ],
        )
    audit_record(
        actor=request.user, action="secrecy.personnel.export", details={"count": len(rows), "via": "web"}
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        "attachment; filename*=UTF-8''%E6%B6%89%E5%AF%86%E4%BA%BA%E5%91%98%E5%8F%B0%E8%B4%A6.xlsx"
    )
    return response


@login_required
def posts_page(request: HttpRequest) -> HttpResponse:
    _keeper(request)
    rows = personnel.posts_with_holders()
    below_count = sum(holder.below_level for _, holders in rows for holder in holders)
    return render(
        request,
        "secrecy/personnel/posts.html",
        {"current_tab": TAB, "rows": rows, "below_count": below_count},
    )


# --- a person's file ------------------------------------------------------------------------------------------------


def _vettings(request: HttpRequest, person: Person) -> dict[str, Any]:
    return {
        "vettings": personnel.visible_records(Vetting, request.user, person).select_related(
            "post", "vetted_by"
        )
    }


def _pledges(request: HttpRequest, person: Person) -> dict[str, Any]:
    pledges = list(personnel.visible_records(Pledge, request.user, person).select_related("departure__post"))
    return {"pledges": [(pledge, list(attachments_of(pledge, "pledge"))) for pledge in pledges]}


def _trainings(request: HttpRequest, person: Person) -> dict[str, Any]:
    trainings = list(personnel.visible_records(TrainingRecord, request.user, person))
    year = timezone.localdate().year
    return {
        "trainings": trainings,
        "year": year,
        "year_hours": sum((t.hours for t in trainings if t.trained_on.year == year), start=0),
    }


def _departures(request: HttpRequest, person: Person) -> dict[str, Any]:
    departures = personnel.visible_records(Departure, request.user, person).select_related("post")
    return {"departures": [(d, personnel.cooling_off_end(d)) for d in departures]}


@login_required
def person_page(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person(request, pk)
    return _render_person(request, person)


def _render_person(
    request: HttpRequest, person: Person, *, error: ServiceError | None = None, form: str = ""
) -> HttpResponse:
    keeper = keeps_ledger(request.user)
    today = timezone.localdate()
    rows = personnel.ledger(today, Person.objects.filter(pk=person.pk))
    row = rows[0] if rows else None
    held = [post for post in person.posts.all() if post.required_clearance > Clearance.NONE]
    unit_posts = list(personnel.classified_posts().filter(unit_id=person.unit_id).order_by("name"))
    extra = {"keeper": keeper, "today": today}
    return render(
        request,
        "secrecy/personnel/person.html",
        {
            "current_tab": TAB,
            "person": person,
            "row": row,
            "held": held,
            "unit_posts": unit_posts,
            "keeper": keeper,
            "today": today,
            "sections": PERSON_PAGE.render(request, person, extra=extra),
            "vetting_kinds": VettingKind.choices,
            "vetting_results": VettingResult.choices,
            "error": error,
            "form": form,
            "values": request.POST if error else {},
            "ranges": {
                str(Clearance(level).label): personnel.cooling_off_range(level)
                for level in personnel.CLASSIFIED_LEVELS
            },
        },
        status=400 if error else 200,
    )


def _record(request: HttpRequest, pk: int, form: str) -> HttpResponse:
    person = _person(request, pk)
    if not keeps_ledger(request.user):
        raise PermissionDenied(personnel.KEEPER_ONLY)
    by = actor_of(request)
    data = Input.of(request)
    try:
        if form == "vetting":
            VettingIn.parse(data, request.user).apply(by=by, person=person)
            messages.success(request, "已登记审查")
        elif form == "pledge":
            PledgeIn.parse(data, request.user, kind=PledgeKind.ON_POST).apply(by=by, person=person)
            messages.success(request, "已登记保密承诺书")
        elif form == "training":
            TrainingIn.parse(data, request.user).apply(by=by, person=person)
            messages.success(request, "已登记培训")
        else:
            departure = DepartureIn.parse(data, request.user).apply(by=by, person=person)
            messages.success(request, "已登记离岗，请继续办理离岗手续")
            return redirect(personnel.departure_url(departure))
    except Forbidden as refusal:
        raise PermissionDenied(str(refusal)) from None
    except ServiceError as error:
        return _render_person(request, person, error=error, form=form)
    return redirect(personnel.person_url(person))


@login_required
@require_POST
def vetting_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _record(request, pk, "vetting")


@login_required
@require_POST
def pledge_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _record(request, pk, "pledge")


@login_required
@require_POST
def training_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _record(request, pk, "training")


@login_required
@require_POST
def departure_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _record(request, pk, "departure")


@login_required
def pledge_file(request: HttpRequest, pk: int, attachment_pk: int) -> Any:
    """A pledge's scan: for whoever may see the pledge (the keepers, the person himself)."""
    allowed(request)
    pledge = get_for(request.user, Pledge, pk, Action.DOWNLOAD)
    attachment = attachments_of(pledge, "pledge").filter(pk=attachment_pk).first()
    if attachment is None:
        raise RecordNotFound()
    return download_response(
        request, attachment, check=lambda user, owner: personnel.may_see_file(user, pledge.person)
    )


# --- a departure ----------------------------------------------------------------------------------------------------


@login_required
def departure_page(request: HttpRequest, pk: int) -> HttpResponse:
    departure = _departure(request, pk)
    return render(
        request,
        "secrecy/personnel/departure.html",
        {
            "current_tab": TAB,
            "departure": departure,
            "checklist": personnel.checklist(departure),
            "cooling_off_end": personnel.cooling_off_end(departure),
            "range": personnel.cooling_off_range(departure.level),
            "pledges": list(departure.pledges.all()),
            "actions": RULES.available(request.user, departure),
            "today": timezone.localdate(),
        },
    )


def _act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    departure = _departure(request, pk)
    by = actor_of(request)
    data = Input.of(request)
    try:
        if action == "talk":
            TalkIn.parse(data, request.user).apply(by=by, departure=departure)
            messages.success(request, "已登记提醒谈话")
        elif action == "pledge":
            PledgeIn.parse(data, request.user, kind=PledgeKind.LEAVING).apply(
                by=by, person=departure.person, departure=departure
            )
            messages.success(request, "已登记离岗保密承诺书")
        else:
            CompleteIn.parse(data, request.user).apply(by=by, departure=departure)
            messages.success(request, "离岗手续已办结")
    except Forbidden as refusal:
        raise PermissionDenied(str(refusal)) from None
    except ServiceError as error:
        messages.error(request, str(error))
    return redirect(personnel.departure_url(departure))


@login_required
@require_POST
def departure_talk(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "talk")


@login_required
@require_POST
def departure_pledge(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "pledge")


@login_required
@require_POST
def departure_complete(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "complete")


# --- the security administrator's queue -----------------------------------------------------------------------------


def _security_admin(request: HttpRequest) -> None:
    if not is_security_admin(request.user):
        raise PermissionDenied("只有安全保密管理员可以调整涉密等级")


@login_required
def queue_page(request: HttpRequest) -> HttpResponse:
    _security_admin(request)
    return render(
        request,
        "secrecy/personnel/queue.html",
        {"current_tab": QUEUE_TAB, "items": personnel.clearance_queue()},
    )


@login_required
@require_POST
def queue_apply(request: HttpRequest, person_pk: int) -> HttpResponse:
    _security_admin(request)
    person = get_for(request.user, Person, person_pk)
    try:
        item = personnel.clearance_adjust(by=actor_of(request), person=person)
    except ServiceError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"已调整{person.name}：涉密等级{personnel.level_label(item.target)}（{item.reason}）"
        )
    return redirect(reverse("secrecy:personnel_queue"))


urlpatterns: list[URLPattern] = [
    path("personnel/", ledger_page, name="personnel"),
    path("personnel/export.xlsx", export, name="personnel_export"),
    path("personnel/posts/", posts_page, name="personnel_posts"),
    path("personnel/people/<int:pk>/", person_page, name="personnel_person"),
    path("personnel/people/<int:pk>/vettings/", vetting_new, name="personnel_vetting_new"),
    path("personnel/people/<int:pk>/pledges/", pledge_new, name="personnel_pledge_new"),
    path("personnel/people/<int:pk>/trainings/", training_new, name="personnel_training_new"),
    path("personnel/people/<int:pk>/departures/", departure_new, name="personnel_departure_new"),
    path("personnel/pledges/<int:pk>/files/<int:attachment_pk>/", pledge_file, name="personnel_pledge_file"),
    path("personnel/departures/<int:pk>/", departure_page, name="personnel_departure"),
    path("personnel/departures/<int:pk>/talk/", departure_talk, name="personnel_departure_talk"),
    path("personnel/departures/<int:pk>/pledge/", departure_pledge, name="personnel_departure_pledge"),
    path("personnel/departures/<int:pk>/complete/", departure_complete, name="personnel_departure_complete"),
    path("personnel/clearance-queue/", queue_page, name="personnel_queue"),
    path("personnel/clearance-queue/<int:person_pk>/apply/", queue_apply, name="personnel_queue_apply"),
]


def register() -> None:
    """The tab (涉密人员, order 40) and the security administrator's queue (its tab and menu entry), the
    保密办's re-vetting to-do, the records' access scopes and the person page's sections."""
    from zhongshu.core.navigation import register_nav
    from zhongshu.core.todos import register_todo_source
    from zhongshu.secrecy.tabs import BAR

    BAR.register(TAB, "涉密人员", "secrecy:personnel", 40, may_see_tab)
    BAR.register(QUEUE_TAB, "涉密人员调整", "secrecy:personnel_queue", 41, is_security_admin)
    register_nav("涉密人员调整", "secrecy:personnel_queue", allowed=is_security_admin, order=82)
    register_todo_source("secrecy.personnel_revetting", personnel.revetting_todos)
    personnel.register_scopes()
    PERSON_PAGE.register("vettings", "上岗审查与复审", 10, "secrecy/personnel/_vettings.html", _vettings)
    PERSON_PAGE.register("pledges", "保密承诺书", 20, "secrecy/personnel/_pledges.html", _pledges)
    PERSON_PAGE.register("trainings", "保密培训", 30, "secrecy/personnel/_trainings.html", _trainings)
    PERSON_PAGE.register("departures", "离岗与脱密期", 40, "secrecy/personnel/_departures.html", _departures)
