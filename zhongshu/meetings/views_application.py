"""Pages of the meetings module's application part: 申请会议 and 修改 (one form, which shows the conflicts and
suggests free slots — a button takes a slot into the form and checks again), the application's actions on the
meeting page (its section), and 精文减会统计. Each page runs the same contract and service as the API."""

from __future__ import annotations

import contextlib
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhongshu.access.policy import get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input
from zhongshu.meetings import application, reduction, schemas_application
from zhongshu.meetings.actions import RULES
from zhongshu.meetings.approval import merge_targets
from zhongshu.meetings.models import Meeting, MeetingType, Room
from zhongshu.meetings.roles import is_meeting_office
from zhongshu.meetings.scheduling import Conflict, free_slots
from zhongshu.meetings.sections import register_section
from zhongshu.meetings.states import MeetingState
from zhongshu.meetings.views import allowed, render_meeting

FORM_TEMPLATE = "meetings/apply.html"
SLOTS = 5
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _local(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime(DATETIME_FORMAT) if moment is not None else ""


def _values(request: HttpRequest) -> dict[str, Any]:
    """What the form shows again after a post: the posted values as typed."""
    post = request.POST
    return {
        **{key: post.get(key, "") for key in post},
        "people": post.getlist("people"),
        "units": post.getlist("units"),
        "topics": post.get("topics", ""),
        "is_video": bool(post.get("is_video")),
        "towns_must_attend": bool(post.get("towns_must_attend")),
    }


def _values_of(meeting: Meeting) -> dict[str, Any]:
    plan = application.plan_of(meeting)
    return {
        "title": plan.title,
        "meeting_type": plan.meeting_type,
        "purpose": plan.purpose,
        "starts_at": _local(plan.starts_at),
        "ends_at": _local(plan.ends_at),
        "room": str(plan.room.pk) if plan.room else "",
        "is_video": plan.is_video,
        "video_venue": plan.video_venue,
        "chair": str(plan.chair.pk) if plan.chair else "",
        "people": [str(person.pk) for person in plan.people],
        "units": [str(unit.pk) for unit in plan.units],
        "towns_must_attend": plan.towns_must_attend,
        "expected_count": plan.expected_count or "",
        "topics": "\n".join(plan.topics),
        "classification": str(plan.classification),
        "conflict_override": plan.conflict_override,
        "version": meeting.version,
    }


def _form_context(request: HttpRequest, values: dict[str, Any], meeting: Meeting | None) -> dict[str, Any]:
    return {
        "meeting": meeting,
        "values": values,
        "types": MeetingType.choices,
        "rooms": Room.objects.filter(active=True),
        "levels": [(int(level), level.label) for level in schemas_application.LEVELS],
        "office": is_meeting_office(request.user),
        "conflicts": None,
        "slots": [],
    }


def _check(request: HttpRequest, context: dict[str, Any], meeting: Meeting | None, data: Input) -> None:
    """检查冲突: the plan's conflicts and, when there are some, the next free slots of the same length."""
    parsed = schemas_application.ApplyIn.parse(data, request.user, meeting)
    plan = parsed.plan
    exclude = meeting.pk if meeting is not None else None
    conflicts: list[Conflict] = application.plan_conflicts(
        plan, viewer=request.user, exclude_meeting_id=exclude
    )
    context["conflicts"] = conflicts
    if conflicts and plan.starts_at is not None and plan.ends_at is not None:
        found = free_slots(
            day_from=timezone.localtime(plan.starts_at).date(),
            duration=plan.ends_at - plan.starts_at,
            room_id=plan.room.pk if plan.room is not None else None,
            people_ids=application.plan_people_ids(plan),
            count=SLOTS,
            exclude_meeting_id=exclude,
        )
        context["slots"] = [(start, end, f"{_local(start)}|{_local(end)}") for start, end in found]


def _take_slot(request: HttpRequest, values: dict[str, Any]) -> Input:
    """采用建议时间: the slot's start and end go into the form, which is then checked again."""
    raw = request.POST.get("take_slot", "")
    start, _, end = raw.partition("|")
    data = request.POST.copy()
    data["starts_at"], data["ends_at"] = start, end
    data.pop("duration_minutes", None)
    values.update(starts_at=start, ends_at=end, duration_minutes="")
    return Input(data)


def _form(request: HttpRequest, meeting: Meeting | None) -> HttpResponse:
    if request.method != "POST":
        values = _values_of(meeting) if meeting is not None else {"meeting_type": "", "classification": "1"}
        return render(request, FORM_TEMPLATE, _form_context(request, values, meeting))
    values = _values(request)
    context = _form_context(request, values, meeting)
    try:
        if "take_slot" in request.POST:
            _check(request, context, meeting, _take_slot(request, values))
            return render(request, FORM_TEMPLATE, context)
        if "check" in request.POST:
            _check(request, context, meeting, Input.of(request))
            return render(request, FORM_TEMPLATE, context)
        saved = schemas_application.ApplyIn.parse(Input.of(request), request.user, meeting).apply(
            by=actor_of(request), meeting=meeting
        )
    except ServiceError as error:
        context.update(error=error.message, error_code=error.code, error_field=error.field)
        if error.code == "meeting_conflict":
            with contextlib.suppress(ServiceError):
                _check(request, context, meeting, Input.of(request))
        return render(request, FORM_TEMPLATE, context, status=error.status)
    messages.success(request, "已保存会议申请，请核对后报批" if meeting is None else "已修改会议申请")
    return redirect("meetings:meeting", saved.pk)


@login_required
def apply(request: HttpRequest) -> HttpResponse:
    allowed(request)
    return _form(request, None)


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    allowed(request)
    meeting = get_for(request.user, Meeting.objects.select_related("room", "chair"), pk)
    refusal = RULES.check("edit", request.user, meeting)
    if refusal is not None:
        raise PermissionDenied(refusal.message)
    return _form(request, meeting)


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    allowed(request)
    meeting = get_for(request.user, Meeting, pk)
    step = schemas_application.MEETING_ACTIONS.get(action)
    try:
        schemas_application.meeting_action(
            action, meeting=meeting, by=actor_of(request), data=Input.of(request)
        )
    except ServiceError as error:
        return render_meeting(request, meeting, error=error)
    messages.success(request, step.done if step else "")
    return redirect("meetings:meeting", meeting.pk)


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    """精文减会统计: this year's meetings against last year's, per type, and the merge candidates."""
    allowed(request)
    this_year = timezone.localdate().year
    year = this_year
    raw = request.GET.get("year", "")
    if raw.isdigit() and 2000 <= int(raw) <= this_year + 1:
        year = int(raw)
    figures = reduction.yearly_figures(request.user, year)
    context = {
        "figures": figures,
        "charts": reduction.reduction_charts(figures),
        "candidates": reduction.merge_candidates(request.user),
        "share": round(reduction.merge_share() * 100),
        "years": list(range(this_year, this_year - 5, -1)),
    }
    return render(request, "meetings/reduction.html", context)


def section_context(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    """The application part's section: the quota, the merge (both ways), the candidates, the forms."""
    actions = RULES.available(request.user, meeting)
    status = reduction.meeting_quota_status(meeting)
    overridden = reduction.meeting_quota_overridden(meeting)
    context: dict[str, Any] = {
        "application_quota": status,
        "application_quota_overridden": overridden,
        # The warning at 80 % and the used-up quota, while the application waits for its decision.
        "application_quota_warning": status.message
        if meeting.state in (MeetingState.DRAFT, MeetingState.PENDING) and not overridden
        else "",
        "application_candidates": reduction.merge_candidates_for(meeting, request.user),
        "application_merged": list(meeting.merged.all().order_by("id")) if meeting.pk else [],
        "application_merge_targets": merge_targets(meeting, request.user) if "merge" in actions else [],
        "application_is_leader": bool(
            getattr(getattr(request.user, "person_or_none", None), "is_leader", False)
        ),
        "application_default_approver": application.default_approver() if "submit" in actions else None,
        "application_share": round(reduction.merge_share() * 100),
    }
    return context


urlpatterns: list[URLPattern] = [
    path("apply/", apply, name="apply"),
    path("<int:pk>/edit/", edit, name="edit"),
    path("<int:pk>/application/<slug:action>/", act, name="application_act"),
    path("reduction/", statistics, name="reduction"),
]


def register() -> None:
    """Register this part's section of the meeting page."""
    register_section("application", 10, section_context)
