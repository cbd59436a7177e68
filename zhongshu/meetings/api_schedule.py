"""The meetings API's schedule part (mounted under /api/meetings): the leaders' week, engagements and feed
tokens, through the same contracts and services as the pages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Router, Schema, Status

from zhongshu.access.policy import get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.audit.disclosure import audit_shown
from zhongshu.core.errors import Forbidden
from zhongshu.core.inputs import IdParam, Input, request_body
from zhongshu.meetings import engagements, feeds
from zhongshu.meetings.actions import ENGAGEMENT_RULES
from zhongshu.meetings.models import Engagement, FeedToken
from zhongshu.meetings.roles import is_meeting_office, may_see_all_schedules, may_use_meetings
from zhongshu.meetings.schemas_schedule import EngagementDeleteIn, EngagementIn, FeedTokenIn
from zhongshu.meetings.week import ScheduleItem, leaders_week, monday_of

router = Router()


class ItemOut(Schema):
    kind: str  # meeting | engagement
    id: int
    hidden: bool  # the viewer may not see it: title 另有安排, nothing but its time
    title: str
    kind_label: str
    place: str
    starts_at: datetime
    ends_at: datetime
    classification: int


class LeaderWeekOut(Schema):
    leader_id: int
    leader: str
    title: str
    items: list[ItemOut]


class WeekOut(Schema):
    monday: date
    sunday: date
    leaders: list[LeaderWeekOut]


class EngagementOut(Schema):
    id: int
    leader_id: int
    leader: str
    kind: str
    kind_label: str
    title: str
    place: str
    starts_at: datetime
    ends_at: datetime
    classification: int
    secrecy_term_years: int | None
    note: str
    need_to_know_people: list[int]
    need_to_know_units: list[int]
    version: int
    actions: list[str]


class SavedOut(EngagementOut):
    conflicts: list[str]  # the leader's other meetings and engagements at the time (a warning)


class FeedOut(Schema):
    id: int
    person_id: int
    person: str
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


class MadeFeedOut(FeedOut):
    token: str  # shown once: only its hash is kept
    url: str


def _schedule_viewer(request: HttpRequest) -> None:
    if not may_use_meetings(request.user) or not may_see_all_schedules(request.user):
        raise Forbidden("领导活动安排仅供领导和会务人员查看", code="not_allowed")


def _office(request: HttpRequest) -> None:
    if not may_use_meetings(request.user) or not is_meeting_office(request.user):
        raise Forbidden("仅会务人员（文书、办公室主任）可以办理此操作", code="not_meeting_office")


def _item_out(item: ScheduleItem) -> dict[str, Any]:
    return {
        "kind": item.kind,
        "id": item.pk,
        "hidden": item.hidden,
        "title": item.title,
        "kind_label": item.kind_label,
        "place": item.place,
        "starts_at": item.starts_at,
        "ends_at": item.ends_at,
        "classification": item.classification,
    }


@router.get("/schedule", response=WeekOut, summary="领导活动安排（一周）")
def schedule_week(request: HttpRequest, week: date | None = None) -> dict[str, Any]:
    """The week holding `week` (this week by default): each leader in rank order with his items; what the
    viewer may not see reads 另有安排 with its time only."""
    _schedule_viewer(request)
    found = leaders_week(request.user, monday_of(week or timezone.localdate()))
    audit_shown(request.user, found.shown(), route="api.meetings.schedule", ref=lambda item: item.record)
    by_leader: dict[int, list[ScheduleItem]] = {}
    for item in found.items:
        by_leader.setdefault(item.leader_id, []).append(item)
    return {
        "monday": found.monday,
        "sunday": found.sunday,
        "leaders": [
            {
                "leader_id": row.leader.pk,
                "leader": row.leader.name,
                "title": row.leader.title,
                "items": [_item_out(item) for item in by_leader.get(row.leader.pk, [])],
            }
            for row in found.rows
        ],
    }


def _engagement_out(request: HttpRequest, engagement: Engagement) -> dict[str, Any]:
    return {
        "id": engagement.pk,
        "leader_id": engagement.leader_id,
        "leader": engagement.leader.name,
        "kind": engagement.kind,
        "kind_label": engagement.get_kind_display(),
        "title": engagement.title,
        "place": engagement.place,
        "starts_at": engagement.starts_at,
        "ends_at": engagement.ends_at,
        "classification": engagement.classification,
        "secrecy_term_years": engagement.secrecy_term_years,
        "note": engagement.note,
        "need_to_know_people": list(engagement.need_to_know_people.values_list("pk", flat=True)),
        "need_to_know_units": list(engagement.need_to_know_units.values_list("pk", flat=True)),
        "version": engagement.version,
        "actions": ENGAGEMENT_RULES.available(request.user, engagement),
    }


def _saved_out(request: HttpRequest, saved: engagements.Saved) -> dict[str, Any]:
    return _engagement_out(request, saved.engagement) | {
        "conflicts": engagements.conflict_lines(saved.conflicts)
    }


def _engagement(request: HttpRequest, pk: int) -> Engagement:
    _office(request)
    return get_for(request.user, Engagement.objects.select_related("leader"), pk)


@router.post(
    "/engagements",
    response={201: SavedOut},
    summary="录入领导活动",
    openapi_extra=request_body(EngagementIn),
)
def add_engagement(request: HttpRequest) -> Status[dict[str, Any]]:
    _office(request)
    contract = EngagementIn.parse(Input.of(request), request.user)
    saved = engagements.engagement_add(by=actor_of(request), fields=contract.fields)
    return Status(201, _saved_out(request, saved))


@router.get("/engagements/{engagement_id}", response=EngagementOut, summary="领导活动")
def get_engagement(request: HttpRequest, engagement_id: IdParam) -> dict[str, Any]:
    return _engagement_out(request, _engagement(request, engagement_id))


@router.post(
    "/engagements/{engagement_id}",
    response=SavedOut,
    summary="修改领导活动",
    openapi_extra=request_body(EngagementIn),
)
def edit_engagement(request: HttpRequest, engagement_id: IdParam) -> dict[str, Any]:
    record = _engagement(request, engagement_id)
    contract = EngagementIn.parse(Input.of(request), request.user)
    saved = engagements.engagement_edit(
        engagement=record, by=actor_of(request), fields=contract.fields, version=contract.version
    )
    return _saved_out(request, saved)


@router.post(
    "/engagements/{engagement_id}/delete",
    response={204: None},
    summary="删除领导活动",
    openapi_extra=request_body(EngagementDeleteIn),
)
def delete_engagement(request: HttpRequest, engagement_id: IdParam) -> Status[None]:
    record = _engagement(request, engagement_id)
    contract = EngagementDeleteIn.parse(Input.of(request), request.user)
    engagements.engagement_delete(engagement=record, by=actor_of(request), version=contract.version)
    return Status(204, None)


def _feed_out(feed: FeedToken) -> dict[str, Any]:
    return {
        "id": feed.pk,
        "person_id": feed.person_id,
        "person": feed.person.name,
        "created_at": feed.created_at,
        "revoked_at": feed.revoked_at,
        "last_used_at": feed.last_used_at,
    }


@router.get("/feeds", response=list[FeedOut], summary="日程订阅")
def list_feeds(request: HttpRequest) -> list[dict[str, Any]]:
    _schedule_viewer(request)
    return [_feed_out(feed) for feed in feeds.tokens_for(request.user)]


@router.post(
    "/feeds", response={201: MadeFeedOut}, summary="生成日程订阅", openapi_extra=request_body(FeedTokenIn)
)
def create_feed(request: HttpRequest) -> Status[dict[str, Any]]:
    _schedule_viewer(request)
    contract = FeedTokenIn.parse(Input.of(request), request.user)
    made = feeds.feed_token_create(by=actor_of(request), person=contract.person)
    url = request.build_absolute_uri(reverse("meetings:feed", args=[made.token]))
    return Status(201, _feed_out(made.feed) | {"token": made.token, "url": url})


@router.post("/feeds/{feed_id}/revoke", response=FeedOut, summary="作废日程订阅")
def revoke_feed(request: HttpRequest, feed_id: IdParam) -> dict[str, Any]:
    _schedule_viewer(request)
    feed = get_for(request.user, FeedToken.objects.select_related("person"), feed_id)
    return _feed_out(feeds.feed_token_revoke(by=actor_of(request), feed=feed))
