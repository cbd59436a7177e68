"""The meetings API's application part (mounted under /api/meetings): 申请, the meeting with what the viewer
may do now, 修改, 报批, 取消, 批准, 退回修改, 不予批准, 合并召开, 同意突破额度, the conflict check of a plan and
精文减会统计. The same contracts and services as the pages (schemas_application)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status

from zhongshu.accounts.actors import actor_of
from zhongshu.core.inputs import Input, request_body
from zhongshu.meetings import application, reduction, schemas_application
from zhongshu.meetings.actions import RULES
from zhongshu.meetings.api_access import api_allowed, api_meeting
from zhongshu.meetings.models import Meeting
from zhongshu.meetings.scheduling import free_slots

router = Router()


class QuotaOut(Schema):
    kind: str
    limit: int | None
    used: int
    last_year: int | None
    warning: bool
    exhausted: bool
    overridden: bool
    message: str


class CandidateOut(Schema):
    id: int
    title: str
    starts_at: datetime
    shared_attendees: int
    share: float


class MeetingOut(Schema):
    id: int
    title: str
    meeting_type: str
    meeting_type_label: str
    purpose: str
    state: str
    state_label: str
    applicant_unit: int
    starts_at: datetime
    ends_at: datetime
    room: int | None
    is_video: bool
    video_venue: str
    chair: int | None
    people: list[int]
    units: list[int]
    towns_must_attend: bool
    expected_count: int | None
    topics: list[str]
    classification: int
    conflict_override: str
    decision_reason: str
    merged_into: int | None
    merged: list[int]
    workflow: int | None
    version: int
    actions: list[str]  # what the viewer may do now (meetings.actions), as the page offers
    quota: QuotaOut
    merge_candidates: list[CandidateOut]


class ConflictItemOut(Schema):
    kind: str
    who: str
    title: str
    starts_at: datetime
    ends_at: datetime
    url: str | None


class SlotOut(Schema):
    starts_at: datetime
    ends_at: datetime


class PlanCheckOut(Schema):
    conflicts: list[ConflictItemOut]
    slots: list[SlotOut]


class FiguresOut(Schema):
    count: int
    hours: float
    towns: int


class FigureRowOut(Schema):
    label: str
    this_year: FiguresOut
    last_year: FiguresOut


class ReductionOut(Schema):
    year: int
    rows: list[FigureRowOut]
    total: FigureRowOut
    share: float
    candidates: list[list[CandidateOut]]


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    return api_meeting(request, pk)


def meeting_out(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    meeting = Meeting.objects.get(pk=meeting.pk)
    plan = application.plan_of(meeting)
    status = reduction.meeting_quota_status(meeting)
    candidates = reduction.merge_candidates_for(meeting, request.user)
    return {
        "id": meeting.pk,
        "title": meeting.title,
        "meeting_type": meeting.meeting_type,
        "meeting_type_label": meeting.get_meeting_type_display(),
        "purpose": meeting.purpose,
        "state": meeting.state,
        "state_label": meeting.get_state_display(),
        "applicant_unit": meeting.applicant_unit_id,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "room": meeting.room_id,
        "is_video": meeting.is_video,
        "video_venue": meeting.video_venue,
        "chair": meeting.chair_id,
        "people": [person.pk for person in plan.people],
        "units": [unit.pk for unit in plan.units],
        "towns_must_attend": meeting.towns_must_attend,
        "expected_count": meeting.expected_count,
        "topics": list(plan.topics),
        "classification": meeting.classification,
        "conflict_override": meeting.conflict_override,
        "decision_reason": meeting.decision_reason,
        "merged_into": meeting.merged_into_id,
        "merged": list(meeting.merged.order_by("id").values_list("pk", flat=True)),
        "workflow": meeting.workflow_id,
        "version": meeting.version,
        "actions": RULES.available(request.user, meeting),
        "quota": {
            "kind": reduction.quota_kind_code(meeting.meeting_type),
            "limit": status.limit,
            "used": status.used,
            "last_year": status.last_year,
            "warning": status.warning,
            "exhausted": status.exhausted,
            "overridden": reduction.meeting_quota_overridden(meeting),
            "message": status.message,
        },
        "merge_candidates": [_candidate(c.second, c.shared_attendees, c.share) for c in candidates],
    }


def _candidate(meeting: Meeting, shared_attendees: int, share: float) -> dict[str, Any]:
    return {
        "id": meeting.pk,
        "title": meeting.title,
        "starts_at": meeting.starts_at,
        "shared_attendees": shared_attendees,
        "share": round(share, 3),
    }


def _act(request: HttpRequest, meeting_id: int, action: str) -> dict[str, Any]:
    meeting = _meeting(request, meeting_id)
    schemas_application.meeting_action(action, meeting=meeting, by=actor_of(request), data=Input.of(request))
    return meeting_out(request, meeting)


@router.get("/reduction", response=ReductionOut, summary="精文减会统计")
def reduction_statistics(request: HttpRequest, year: int | None = None) -> dict[str, Any]:
    api_allowed(request)
    this_year = timezone.localdate().year
    if year is None or not 2000 <= year <= this_year + 1:
        year = this_year
    figures = reduction.yearly_figures(request.user, year)

    def row(one: reduction.FigureRow) -> dict[str, Any]:
        return {"label": one.label, "this_year": vars(one.this_year), "last_year": vars(one.last_year)}

    return {
        "year": figures.year,
        "rows": [row(one) for one in figures.rows],
        "total": row(figures.total),
        "share": reduction.merge_share(),
        "candidates": [
            [
                _candidate(c.first, c.shared_attendees, c.share),
                _candidate(c.second, c.shared_attendees, c.share),
            ]
            for c in reduction.merge_candidates(request.user)
        ],
    }


@router.post(
    "/check",
    response=PlanCheckOut,
    summary="检查会议安排的冲突并建议空闲时段",
    openapi_extra=request_body(schemas_application.ApplyIn),
)
def check_plan(request: HttpRequest) -> dict[str, Any]:
    api_allowed(request)
    plan = schemas_application.ApplyIn.parse(Input.of(request), request.user).plan
    conflicts = application.plan_conflicts(plan, viewer=request.user)
    slots: list[tuple[datetime, datetime]] = []
    if conflicts and plan.starts_at is not None and plan.ends_at is not None:
        slots = free_slots(
            day_from=timezone.localtime(plan.starts_at).date(),
            duration=plan.ends_at - plan.starts_at,
            room_id=plan.room.pk if plan.room is not None else None,
            people_ids=application.plan_people_ids(plan),
        )
    return {
        "conflicts": [
            {
                "kind": c.kind,
                "who": c.who,
                "title": c.title,
                "starts_at": c.starts_at,
                "ends_at": c.ends_at,
                "url": c.url,
            }
            for c in conflicts
        ],
        "slots": [{"starts_at": start, "ends_at": end} for start, end in slots],
    }


@router.post(
    "",
    response={201: MeetingOut},
    summary="申请会议",
    openapi_extra=request_body(schemas_application.ApplyIn),
)
def apply(request: HttpRequest) -> Status[dict[str, Any]]:
    api_allowed(request)
    meeting = schemas_application.ApplyIn.parse(Input.of(request), request.user).apply(by=actor_of(request))
    return Status(201, meeting_out(request, meeting))


@router.get("/{meeting_id}", response=MeetingOut, summary="会议（含当前可办操作）")
def get_meeting(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    return meeting_out(request, _meeting(request, meeting_id))


@router.post(
    "/{meeting_id}/edit",
    response=MeetingOut,
    summary="修改会议申请",
    openapi_extra=request_body(schemas_application.ApplyIn),
)
def edit(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    meeting = _meeting(request, meeting_id)
    schemas_application.ApplyIn.parse(Input.of(request), request.user, meeting).apply(
        by=actor_of(request), meeting=meeting
    )
    return meeting_out(request, meeting)


@router.post(
    "/{meeting_id}/submit",
    response=MeetingOut,
    summary="报批",
    openapi_extra=request_body(schemas_application.SubmitIn),
)
def submit(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    return _act(request, meeting_id, "submit")


@router.post(
    "/{meeting_id}/cancel",
    response=MeetingOut,
    summary="取消会议",
    openapi_extra=request_body(schemas_application.CancelIn),
)
def cancel(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    return _act(request, meeting_id, "cancel")


@router.post(
    "/{meeting_id}/approve",
    response=MeetingOut,
    summary="批准",
    openapi_extra=request_body(schemas_application.ApproveIn),
)
def approve(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    return _act(request, meeting_id, "approve")


@router.post(
    "/{meeting_id}/return",
    response=MeetingOut,
    summary="退回修改",
    openapi_extra=request_body(schemas_application.ReturnIn),
)
def return_application(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    return _act(request, meeting_id, "return")


@router.post(
    "/{meeting_id}/refuse",
    response=MeetingOut,
    summary="不予批准",
    openapi_extra=request_body(schemas_application.RefuseIn),
)
def refuse(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    return _act(request, meeting_id, "refuse")


@router.post(
    "/{meeting_id}/merge",
    response=MeetingOut,
    summary="合并召开",
    openapi_extra=request_body(schemas_application.MergeIn),
)
def merge(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    return _act(request, meeting_id, "merge")


@router.post(
    "/{meeting_id}/quota-override",
    response=MeetingOut,
    summary="同意突破会议额度",
    openapi_extra=request_body(schemas_application.QuotaOverrideIn),
)
def quota_override(request: HttpRequest, meeting_id: int) -> dict[str, Any]:
    return _act(request, meeting_id, "quota_override")
