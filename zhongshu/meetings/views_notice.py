"""Pages of the meetings module's notice part: 发送会议通知, the notice's DOCX, 参会回执 and 催报 (`urlpatterns`,
included by meetings/urls.py), and the 通知与回执 section of the meeting page (`register`, called from
MeetingsConfig.ready())."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from zhongshu.access.policy import Action, RecordNotFound, get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.attachments.services import download_response
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input
from zhongshu.meetings import notices, replies
from zhongshu.meetings.actions import invitations_q
from zhongshu.meetings.models import AttendeeRole, Meeting, ReplyState
from zhongshu.meetings.roles import is_meeting_office
from zhongshu.meetings.schemas_notice import NotifyIn, ReplyIn
from zhongshu.meetings.sections import register_section
from zhongshu.meetings.views import allowed, render_meeting


def _meeting(request: HttpRequest, pk: int, action: Action = Action.VIEW) -> Meeting:
    allowed(request)
    return get_for(request.user, Meeting, pk, action)


@login_required
@require_POST
def notice_send(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    try:
        NotifyIn.parse(Input.of(request), request.user).apply(meeting=meeting, by=actor_of(request))
    except ServiceError as error:
        return render_meeting(request, meeting, error=error)
    messages.success(request, "会议通知已发送")
    return redirect("meetings:meeting", meeting.pk)


@login_required
def notice_docx(request: HttpRequest, pk: int) -> HttpResponseBase:
    meeting = _meeting(request, pk, Action.DOWNLOAD)
    attachment = notices.notice_file(meeting)
    if attachment is None:
        raise RecordNotFound()
    return download_response(request, attachment, check=notices.may_download, record=meeting)


@login_required
@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    try:
        ReplyIn.parse(Input.of(request), request.user, meeting=meeting).apply(by=actor_of(request))
    except ServiceError as error:
        return render_meeting(request, meeting, error=error)
    messages.success(request, "参会回执已提交")
    return redirect("meetings:meeting", meeting.pk)


@login_required
@require_POST
def press(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    try:
        sent = replies.meeting_press_replies(meeting=meeting, by=actor_of(request))
    except ServiceError as error:
        return render_meeting(request, meeting, error=error)
    messages.success(request, f"已催报，通知{sent}人")
    return redirect("meetings:meeting", meeting.pk)


urlpatterns: list[URLPattern] = [
    path("<int:pk>/notice/", notice_send, name="notice_send"),
    path("<int:pk>/notice/docx/", notice_docx, name="notice_docx"),
    path("<int:pk>/replies/", reply, name="reply"),
    path("<int:pk>/replies/press/", press, name="replies_press"),
]


def section(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    """The 通知与回执 section: the notice (send form, DOCX), the viewer's own invitations with the reply form,
    and for the staff the table of replies."""
    user = request.user
    office = is_meeting_office(user)
    rows = list(
        meeting.attendees.exclude(role=AttendeeRole.STAFF)
        .select_related("person__unit", "unit", "substitute")
        .order_by("sort_order", "id")
    )
    mine_q = meeting.attendees.filter(invitations_q(user)).exclude(role=AttendeeRole.STAFF)
    mine_ids = set(mine_q.values_list("pk", flat=True))
    return {
        "notice_file": notices.notice_file(meeting),
        "notice_defaults": notices.notice_defaults(meeting),
        "notice_mine": [row for row in rows if row.pk in mine_ids],
        "notice_rows": rows if office else [],
        "notice_unreplied": sum(1 for row in rows if row.reply == ReplyState.NONE),
        "notice_replies": [(choice.value, choice.label) for choice in replies.REPLIES],
    }


def register() -> None:
    register_section("notice", 30, section)
