"""Reads of meetings through the one access policy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils import timezone

from zhongshu.access.policy import visible
from zhongshu.meetings.models import Meeting
from zhongshu.meetings.states import MeetingState

PAGE_SIZE = 30


def day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass(frozen=True)
class MeetingFilter:
    """The meeting list's filters, read from the query string (bad values are ignored, never an error)."""

    scope: str = "upcoming"  # upcoming | week | pending | all
    state: str = ""
    q: str = ""

    SCOPES = (("upcoming", "近期会议"), ("week", "本周"), ("pending", "待审批"), ("all", "全部"))

    @classmethod
    def from_params(cls, params: Any) -> MeetingFilter:
        scope = params.get("scope", "upcoming")
        state = params.get("state", "")
        return cls(
            scope=scope if scope in dict(cls.SCOPES) else "upcoming",
            state=state if state in MeetingState.values else "",
            q=(params.get("q") or "").strip()[:50],
        )


def meetings_for(user: Any, flt: MeetingFilter, today: date | None = None) -> QuerySet[Meeting]:
    today = today or timezone.localdate()
    qs = visible(Meeting.objects.select_related("room", "applicant_unit", "chair"), user)
    if flt.scope == "upcoming":
        qs = qs.filter(ends_at__gte=day_start(today)).order_by("starts_at", "id")
    elif flt.scope == "week":
        monday = today - timedelta(days=today.weekday())
        qs = qs.filter(starts_at__gte=day_start(monday), starts_at__lt=day_start(monday + timedelta(days=7)))
        qs = qs.order_by("starts_at", "id")
    elif flt.scope == "pending":
        qs = qs.filter(state=MeetingState.PENDING).order_by("starts_at", "id")
    if flt.state:
        qs = qs.filter(state=flt.state)
    if flt.q:
        qs = qs.filter(title__contains=flt.q)
    return qs


def meeting_page(user: Any, flt: MeetingFilter, number: Any) -> Page[Meeting]:
    return Paginator(meetings_for(user, flt), PAGE_SIZE).get_page(number)
