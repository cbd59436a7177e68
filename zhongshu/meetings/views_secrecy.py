"""Pages of the meetings module's secrecy part: the 保密 section of the meeting page (the checklist item by
item, the numbered copies handed out and back, and 结束会议 with what still keeps it from closing), and the
printable 涉密材料发放回收登记表. Each action posts to `secrecy/<action>/`, runs the same contract and
service as the API (`schemas_secrecy.secrecy_action`)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from zhongshu.access.policy import RecordNotFound, get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input
from zhongshu.meetings.actions import closing_refusal, is_classified_meeting
from zhongshu.meetings.models import Meeting, SecrecyCheck
from zhongshu.meetings.roles import is_meeting_office
from zhongshu.meetings.schemas_secrecy import SECRECY_ACTIONS, secrecy_action
from zhongshu.meetings.secrecy import secrecy_state
from zhongshu.meetings.sections import register_section
from zhongshu.meetings.services import meeting_url
from zhongshu.meetings.states import MeetingState
from zhongshu.meetings.views import allowed, render_meeting


@login_required
@require_POST
def secrecy_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    allowed(request)
    meeting = get_for(request.user, Meeting, pk)
    step = SECRECY_ACTIONS.get(action)
    if step is None:
        raise RecordNotFound()
    try:
        secrecy_action(action, meeting=meeting, by=actor_of(request), data=Input.of(request))
    except ServiceError as error:
        return render_meeting(request, meeting, error=error)
    messages.success(request, step.done)
    return redirect(f"{meeting_url(meeting)}#secrecy")


@login_required
def copies_register(request: HttpRequest, pk: int) -> HttpResponse:
    """涉密材料发放回收登记表: every numbered copy with its holder, who handed it out and who took it back;
    printable (the shell's print sheet hides the bar and buttons)."""
    allowed(request)
    meeting = get_for(request.user, Meeting.objects.select_related("room"), pk)
    return render(
        request,
        "meetings/copies.html",
        {"meeting": meeting, "secrecy": secrecy_state(meeting)},
    )


urlpatterns: list[URLPattern] = [
    path("<int:pk>/secrecy/<str:action>/", secrecy_act, name="secrecy_act"),
    path("<int:pk>/copies/", copies_register, name="copies"),
]


def secrecy_context(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    classified = is_classified_meeting(meeting)
    context: dict[str, Any] = {
        "secrecy_classified": classified,
        "secrecy": secrecy_state(meeting) if classified else None,
        "secrecy_items": SecrecyCheck.choices,
        "secrecy_close_blocked": "",
    }
    # Why the staff cannot close a held meeting yet (the rule's own message), shown beside the button's place.
    if is_meeting_office(request.user) and meeting.state == MeetingState.NOTIFIED:
        refusal = closing_refusal(meeting)
        if refusal is not None:
            context["secrecy_close_blocked"] = refusal.message
    return context


def register() -> None:
    register_section("secrecy", 70, secrecy_context)
