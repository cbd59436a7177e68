"""Pages of the meetings module's seating part: the printable 座次表 (landscape, with the staff's forms to
arrange, swap and move seats), its DOCX, and the 座次 section of the meeting page (`register`, called from
MeetingsConfig.ready())."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from zhongshu.access.policy import Action, get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input
from zhongshu.meetings import seating
from zhongshu.meetings.actions import RULES
from zhongshu.meetings.models import Meeting
from zhongshu.meetings.schemas_seating import ACTIONS, seating_action
from zhongshu.meetings.sections import register_section
from zhongshu.meetings.views import allowed

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SEATING_ACTIONS = ("arrange", "swap", "move")


def _meeting(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> Meeting:
    allowed(request)
    return get_for(request.user, Meeting.objects.select_related("room"), pk, action)


def seating_context(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    chart = seating.chart(meeting)
    actions = RULES.available(request.user, meeting, among=["seat"])
    return {
        "meeting": meeting,
        "actions": actions,
        "chart": chart,
        "stale": seating.is_stale(meeting, chart),
        "seated": seating.seated_attendees(meeting) if "seat" in actions else [],
        "platform_size": seating.platform_size(),
        "row_size": seating.row_size(),
        "substitute_in_place": seating.substitute_in_place(),
    }


@login_required
def seating_page(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    return render(request, "meetings/seating.html", seating_context(request, meeting))


@login_required
@require_POST
def seating_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    meeting = _meeting(request, pk)
    if action not in SEATING_ACTIONS:
        error = ServiceError("未知操作", code="unknown_action")
    else:
        try:
            seating_action(action, meeting=meeting, by=actor_of(request), data=Input.of(request))
        except ServiceError as refused:
            error = refused
        else:
            messages.success(request, ACTIONS[action].done)
            return redirect("meetings:seating", meeting.pk)
    meeting.refresh_from_db()
    context = seating_context(request, meeting)
    context.update(error=error.message, error_code=error.code, error_field=error.field)
    return render(request, "meetings/seating.html", context, status=error.status)


@login_required
def seating_docx(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, Action.EXPORT)
    data, name = seating.seating_docx(meeting)
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


urlpatterns: list[URLPattern] = [
    path("<int:pk>/seating/", seating_page, name="seating"),
    path("<int:pk>/seating/docx/", seating_docx, name="seating_docx"),
    path("<int:pk>/seating/<str:action>/", seating_act, name="seating_act"),
]


def section(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    """The 座次 section: the 主席台 in one line, the convention, whether replies changed it since."""
    chart = seating.chart(meeting)
    return {"seating_chart": chart, "seating_stale": seating.is_stale(meeting, chart)}


def register() -> None:
    register_section("seating", 40, section)
