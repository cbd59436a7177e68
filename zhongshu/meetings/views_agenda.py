"""Pages of the meetings module's agenda part: the 议题 section of the meeting page (the agenda with its
materials' state, adding, moving and removing topics, sending in materials) and the download of a topic's
material. Each action posts to `agenda/<action>/`, runs the same contract and service as the API
(`schemas_agenda.agenda_action`) and shows the meeting page again with the message when refused."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from zhongshu.access.policy import Action, RecordNotFound, can, get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.attachments.models import Attachment
from zhongshu.attachments.services import download_response
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input
from zhongshu.meetings import agenda
from zhongshu.meetings.models import Meeting, Topic
from zhongshu.meetings.schemas_agenda import AGENDA_ACTIONS, agenda_action
from zhongshu.meetings.sections import register_section
from zhongshu.meetings.services import meeting_url
from zhongshu.meetings.views import allowed, render_meeting


@login_required
@require_POST
def agenda_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    allowed(request)
    meeting = get_for(request.user, Meeting, pk)
    step = AGENDA_ACTIONS.get(action)
    if step is None:
        raise RecordNotFound()
    try:
        agenda_action(action, meeting=meeting, by=actor_of(request), data=Input.of(request))
    except ServiceError as error:
        return render_meeting(request, meeting, error=error)
    messages.success(request, step.done)
    return redirect(f"{meeting_url(meeting)}#agenda")


def _may_download(user: Any, owner: Any) -> bool:
    return isinstance(owner, Topic) and can(user, owner.meeting, Action.DOWNLOAD)


@login_required
def material_file(request: HttpRequest, pk: int, topic_pk: int, attachment_pk: int) -> HttpResponseBase:
    """One file of a topic's material, for whoever may read the meeting (audited for a 涉密会议)."""
    allowed(request)
    meeting = get_for(request.user, Meeting, pk, Action.DOWNLOAD)
    topic = Topic.objects.filter(pk=topic_pk, meeting=meeting).first()
    attachment = Attachment.objects.select_related("file").filter(pk=attachment_pk).first() if topic else None
    if topic is None or attachment is None or attachment.owner != topic:
        raise RecordNotFound()
    return download_response(request, attachment, check=_may_download, record=meeting)


urlpatterns: list[URLPattern] = [
    path("<int:pk>/agenda/<str:action>/", agenda_act, name="agenda_act"),
    path(
        "<int:pk>/topics/<int:topic_pk>/files/<int:attachment_pk>/",
        material_file,
        name="material_file",
    ),
]


def agenda_context(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    rows = agenda.agenda_rows(meeting)
    user = request.user
    return {
        "agenda_rows": rows,
        "agenda_workdays": agenda.materials_workdays(),
        "agenda_planned_minutes": sum(row.topic.minutes_planned or 0 for row in rows),
        # The topics whose material this viewer may send in (the presenter, their unit, the staff).
        "agenda_mine": [row.topic for row in rows if agenda.may_submit_material(user, row.topic)]  # type: ignore[arg-type]
        if getattr(user, "is_authenticated", False)
        else [],
    }


def register() -> None:
    register_section("agenda", 60, agenda_context)
