"""Pages of the meetings module's sign-in part: the room's page (the code large and its QR code), the page an
attendee opens on the phone to sign in, the staff's actions (open sign-in, mark someone present) and the
签到 section of the meeting page (`register`, called from MeetingsConfig.ready())."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_POST

from zhongshu.access.policy import get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input
from zhongshu.meetings import signin
from zhongshu.meetings.actions import RULES, attendee_of
from zhongshu.meetings.models import Meeting
from zhongshu.meetings.roles import is_meeting_office
from zhongshu.meetings.schemas_seating import ACTIONS, seating_action
from zhongshu.meetings.sections import register_section
from zhongshu.meetings.views import allowed, render_meeting

STAFF_ACTIONS = ("open", "mark")


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    allowed(request)
    return get_for(request.user, Meeting.objects.select_related("room"), pk)


def _phone_context(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    return {
        "meeting": meeting,
        "actions": RULES.available(request.user, meeting, among=["sign_in"]),
        "refusal": RULES.check("sign_in", request.user, meeting),
        "mine": attendee_of(request.user, meeting),
        "code": request.GET.get("code", "")[:12],
    }


@login_required
def sign_in_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The page the QR code opens: the attendee's own sign-in (GET shows it, POST signs in)."""
    meeting = _meeting(request, pk)
    if request.method == "POST":
        try:
            seating_action("sign_in", meeting=meeting, by=actor_of(request), data=Input.of(request))
        except ServiceError as error:
            meeting.refresh_from_db()
            context = _phone_context(request, meeting)
            context.update(
                error=error.message,
                error_code=error.code,
                error_field=error.field,
                code=request.POST.get("code", "")[:12],
            )
            return render(request, "meetings/sign_in.html", context, status=error.status)
        messages.success(request, ACTIONS["sign_in"].done)
        return redirect("meetings:sign_in", meeting.pk)
    return render(request, "meetings/sign_in.html", _phone_context(request, meeting))


@login_required
def room_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The room's screen: the code large and its QR code, for the meeting staff; others see the meeting
    and where the code is shown."""
    meeting = _meeting(request, pk)
    office = is_meeting_office(request.user)
    context: dict[str, Any] = {"meeting": meeting, "office": office}
    if office:
        context.update(signin.room_context(meeting, absolute=request.build_absolute_uri))
        context["signin_counts"] = signin.counts(signin.sign_in_rows(meeting))
    return render(request, "meetings/sign_in_room.html", context)


@login_required
@require_POST
def sign_in_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    meeting = _meeting(request, pk)
    if action not in STAFF_ACTIONS:
        return render_meeting(request, meeting, error=ServiceError("未知操作", code="unknown_action"))
    try:
        seating_action(action, meeting=meeting, by=actor_of(request), data=Input.of(request))
    except ServiceError as error:
        return render_meeting(request, meeting, error=error)
    messages.success(request, ACTIONS[action].done)
    if action == "open":
        return redirect("meetings:sign_in_room", meeting.pk)
    return redirect(reverse("meetings:meeting", args=[meeting.pk]) + "#sign-in")


urlpatterns: list[URLPattern] = [
    path("<int:pk>/sign-in/", sign_in_page, name="sign_in"),
    path("<int:pk>/sign-in/room/", room_page, name="sign_in_room"),
    path("<int:pk>/sign-in/<str:action>/", sign_in_act, name="sign_in_act"),
]


def section(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    """The 签到 section: the table of invitations with their replies and sign-ins (late and absent derived),
    for the staff; an attendee sees their own line and the link to sign in."""
    office = is_meeting_office(request.user)
    rows = signin.sign_in_rows(meeting) if office else []
    mine = attendee_of(request.user, meeting)
    return {
        "signin_rows": rows,
        "signin_tally": signin.tally(rows) if office else [],
        "signin_open": signin.code_valid(meeting),
        "signin_mine": mine,
        "signin_mine_late": signin.is_late(meeting, mine.signed_in_at) if mine else False,
    }


def register() -> None:
    register_section("signin", 45, section)
