"""Pages of the meetings module's scheduling part: the 会议室 pages, 调整时间地点 on the meeting page, its
section listing the meeting's current conflicts, and the conflict fragment (`meetings/_conflicts.html`) the
application form asks for while the applicant types."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhongshu.access.policy import get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input, max_length_of
from zhongshu.meetings import rooms, scheduling
from zhongshu.meetings.models import Meeting, Room
from zhongshu.meetings.schemas_scheduling import ConflictQuery, RoomIn, ScheduleIn
from zhongshu.meetings.sections import register_section
from zhongshu.meetings.views import allowed, render_meeting


def scheduling_context(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    """The section: the meeting's current conflicts (masked as the viewer may see them), its override reason,
    and for the 调整时间地点 form the rooms in use."""
    conflicts = scheduling.meeting_conflicts(meeting, request.user)
    return {
        "scheduling_conflicts": conflicts,
        "scheduling_rooms": rooms.room_list(active_only=True),
        "scheduling_override_max": scheduling.OVERRIDE_MAX,
    }


def register() -> None:
    """Register this part's section of the meeting page (meetings.sections.register_section)."""
    register_section("scheduling", 20, scheduling_context)


def _office(request: HttpRequest) -> None:
    allowed(request)
    if not rooms.may_manage_rooms(request.user):
        raise PermissionDenied("仅会务人员可以管理会议室")


@login_required
def room_list(request: HttpRequest) -> HttpResponse:
    _office(request)
    return render(request, "meetings/rooms.html", {"rooms": rooms.room_list(), "office": True})


def _room_form(request: HttpRequest, room: Room | None, *, error: ServiceError | None = None) -> HttpResponse:
    values: Any = request.POST if request.method == "POST" else None
    context = {
        "room": room,
        "values": values,
        "error": error.message if error else "",
        "error_field": error.field if error else "",
        "name_max": max_length_of(Room, "name"),
        "equipment_max": max_length_of(Room, "equipment"),
    }
    return render(request, "meetings/room_form.html", context, status=error.status if error else 200)


@login_required
def room_new(request: HttpRequest) -> HttpResponse:
    _office(request)
    if request.method == "POST":
        try:
            room = RoomIn.parse(Input.of(request), request.user).create(by=actor_of(request))
        except ServiceError as error:
            return _room_form(request, None, error=error)
        messages.success(request, f"已添加会议室“{room.name}”")
        return redirect("meetings:rooms")
    return _room_form(request, None)


@login_required
def room_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _office(request)
    room = get_object_or_404(Room, pk=pk)
    if request.method == "POST":
        try:
            room = RoomIn.parse(Input.of(request), request.user).update(room, by=actor_of(request))
        except ServiceError as error:
            return _room_form(request, room, error=error)
        messages.success(request, f"已保存会议室“{room.name}”")
        return redirect("meetings:rooms")
    return _room_form(request, room)


@login_required
@require_POST
def schedule(request: HttpRequest, pk: int) -> HttpResponse:
    allowed(request)
    meeting = get_for(request.user, Meeting, pk)
    try:
        ScheduleIn.parse(Input.of(request), request.user).apply(meeting, by=actor_of(request))
    except ServiceError as error:
        return render_meeting(request, meeting, error=error)
    messages.success(request, "已调整会议时间地点")
    return redirect("meetings:meeting", meeting.pk)


@login_required
def conflicts(request: HttpRequest) -> HttpResponse:
    """The conflict check as an htmx fragment: the conflicts of the time, room and people the form holds,
    and the next free slots of the same length, each with a 选用 button."""
    allowed(request)
    context: dict[str, Any] = {"conflicts": [], "slots": [], "error": "", "checked": False}
    status = 200
    if request.GET.get("starts_at") or request.GET.get("ends_at"):
        try:
            query = ConflictQuery.parse(Input(request.GET), request.user)
            context.update(
                conflicts=query.conflicts(request.user),
                slots=[
                    (start, end, timezone.localtime(start), timezone.localtime(end))
                    for start, end in query.slots()
                ],
                checked=True,
            )
        except ServiceError as error:
            context["error"] = error.message
            # htmx swaps only a 2xx answer: the form's fragment shows the message in place.
            status = 200 if request.headers.get("HX-Request") else error.status
    return render(request, "meetings/_conflicts.html", context, status=status)


urlpatterns: list[URLPattern] = [
    path("rooms/", room_list, name="rooms"),
    path("rooms/new/", room_new, name="room_new"),
    path("rooms/<int:pk>/", room_edit, name="room_edit"),
    path("<int:pk>/reschedule/", schedule, name="reschedule"),
    path("conflicts/", conflicts, name="conflicts"),
]
