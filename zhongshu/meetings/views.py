"""The meetings list and the meeting page. The page is made of the parts' sections (meetings.sections);
each part's actions post to its own routes (views_<part>.py)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from zhongshu.access.policy import get_for
from zhongshu.audit.disclosure import audit_shown
from zhongshu.meetings.actions import RULES
from zhongshu.meetings.models import Meeting
from zhongshu.meetings.roles import is_meeting_office, may_use_meetings
from zhongshu.meetings.sections import sections
from zhongshu.meetings.selectors import MeetingFilter, meeting_page
from zhongshu.meetings.states import MeetingState
from zhongshu.meetings.vocabulary import EVENT_LABELS


def allowed(request: HttpRequest) -> None:
    if not may_use_meetings(request.user):
        raise PermissionDenied("无权使用会议管理")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    allowed(request)
    flt = MeetingFilter.from_params(request.GET)
    page = meeting_page(request.user, flt, request.GET.get("page"))
    audit_shown(request.user, list(page.object_list), route="meetings.list")
    context = {
        "page": page,
        "filter": flt,
        "scopes": MeetingFilter.SCOPES,
        "states": MeetingState.choices,
        "office": is_meeting_office(request.user),
    }
    return render(request, "meetings/home.html", context)


def meeting_context(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    """The page's context: the meeting, what the viewer may do now, and every part's section."""
    context: dict[str, Any] = {
        "meeting": meeting,
        "actions": RULES.available(request.user, meeting),
        "office": is_meeting_office(request.user),
        "now": timezone.now(),
        "events": [
            (event, EVENT_LABELS.get(event.action, event.action))
            for event in meeting.events.select_related("by__person")
        ],
    }
    parts = sections()
    for section in parts:
        context.update(section.context(request, meeting))
    context["sections"] = parts
    return context


@login_required
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    allowed(request)
    record = get_for(request.user, Meeting.objects.select_related("room", "applicant_unit", "chair"), pk)
    return render(request, "meetings/meeting.html", meeting_context(request, record))


def render_meeting(
    request: HttpRequest, meeting: Meeting, *, error: Any = None, status: int = 200
) -> HttpResponse:
    """The meeting page again after a refused action: the service's message on top, the field marked."""
    meeting.refresh_from_db()
    context = meeting_context(request, meeting)
    if error is not None:
        context.update(error=error.message, error_code=error.code, error_field=error.field)
        status = error.status
    return render(request, "meetings/meeting.html", context, status=status)
