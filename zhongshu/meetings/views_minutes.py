"""Pages of the meetings module's minutes part: its routes (`urlpatterns`, included by meetings/urls.py) and its
section of the meeting page (`register`, called from MeetingsConfig.ready()): the 会议纪要 (drafted here, then
an ordinary document) and the 议定事项 with each one's supervision item and its state."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from zhongshu.access.policy import get_for, visible
from zhongshu.accounts.actors import actor_of
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input
from zhongshu.documents.models import OfficialDocument
from zhongshu.meetings.decisions import decision_rows
from zhongshu.meetings.models import Meeting, MeetingDecision
from zhongshu.meetings.schemas_minutes import (
    DecisionIn,
    DraftMinutesIn,
    RemoveDecisionIn,
    SuperviseDecisionIn,
)
from zhongshu.meetings.sections import register_section
from zhongshu.meetings.views import allowed, render_meeting


def minutes_context(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    """The section's context: the minutes document as the viewer may see it, and the decisions."""
    document: OfficialDocument | None = None
    if meeting.minutes_document_id is not None:
        document = visible(
            OfficialDocument.objects.filter(pk=meeting.minutes_document_id), request.user
        ).first()
    hidden = meeting.minutes_document_id is not None and document is None
    return {
        "minutes_document": document,
        "minutes_hidden": hidden,
        "minutes_decisions": decision_rows(meeting, request.user),
    }


def register() -> None:
    """Register this part's section of the meeting page (meetings.sections.register_section)."""
    register_section("minutes", 80, minutes_context)


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    allowed(request)
    return get_for(request.user, Meeting.objects.select_related("room", "applicant_unit", "chair"), pk)


def _decision(request: HttpRequest, meeting: Meeting, decision_pk: int) -> MeetingDecision:
    return get_for(request.user, MeetingDecision.objects.filter(meeting=meeting), decision_pk)


@login_required
@require_POST
def minutes_draft_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    try:
        document = DraftMinutesIn.parse(Input.of(request), request.user).apply(
            meeting=meeting, by=actor_of(request)
        )
    except ServiceError as error:
        return render_meeting(request, meeting, error=error)
    messages.success(request, "已起草会议纪要，请在办文中修改完善后送审")
    return redirect("documents:detail", document.pk)


@login_required
@require_POST
def decision_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    try:
        DecisionIn.parse(Input.of(request), request.user).apply(meeting=meeting, by=actor_of(request))
    except ServiceError as error:
        return render_meeting(request, meeting, error=error)
    messages.success(request, "已记录议定事项")
    return redirect("meetings:meeting", meeting.pk)


@login_required
@require_POST
def decision_supervise_view(request: HttpRequest, pk: int, decision_pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    decision = _decision(request, meeting, decision_pk)
    try:
        SuperviseDecisionIn.parse(Input.of(request), request.user).apply(
            decision=decision, by=actor_of(request)
        )
    except ServiceError as error:
        return render_meeting(request, meeting, error=error)
    messages.success(request, "议定事项已转为督办事项")
    return redirect("meetings:meeting", meeting.pk)


@login_required
@require_POST
def decision_remove_view(request: HttpRequest, pk: int, decision_pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    decision = _decision(request, meeting, decision_pk)
    try:
        RemoveDecisionIn.parse(Input.of(request), request.user).apply(decision=decision, by=actor_of(request))
    except ServiceError as error:
        return render_meeting(request, meeting, error=error)
    messages.success(request, "已删除议定事项")
    return redirect("meetings:meeting", meeting.pk)


urlpatterns: list[URLPattern] = [
    path("<int:pk>/minutes/", minutes_draft_view, name="minutes_draft"),
    path("<int:pk>/decisions/", decision_add_view, name="decision_add"),
    path(
        "<int:pk>/decisions/<int:decision_pk>/supervise/", decision_supervise_view, name="decision_supervise"
    ),
    path("<int:pk>/decisions/<int:decision_pk>/remove/", decision_remove_view, name="decision_remove"),
]
