"""领导活动安排: a leader's engagements besides meetings (调研, 接待, 外出, 会见, other), entered by the office's
meeting staff.

An engagement is `Classified`: its owners are the leader (owner person) and the office (owner unit, the unit of
whoever enters it); a classified one is known to them, to its 知悉范围 as entered, and to grants. Whoever may
not see it reads 另有安排 with its time only (the week's page, the printed table, the calendar feed: week.py,
feeds.py). A conflict with the leader's meetings or other engagements is shown as a warning; the office may
still enter the engagement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhongshu.accounts.actors import Actor
from zhongshu.audit.services import audit_record
from zhongshu.base.levels import Classification, clearance_covers
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.core.locking import lock_at_version
from zhongshu.meetings.actions import ENGAGEMENT_RULES, OFFICE_ONLY, may_add_engagement
from zhongshu.meetings.models import Engagement, EngagementKind
from zhongshu.meetings.scheduling import Conflict as Overlap
from zhongshu.meetings.scheduling import conflicts_for
from zhongshu.notifications.services import notify
from zhongshu.org.models import Person, Unit

TITLE_MAX = 100
# An engagement lasts at most this long (a trip of a month is entered again for the next): the week's and the
# feed's reads search the time index from this far back.
LONGEST_ENGAGEMENT = timedelta(days=31)


@dataclass(frozen=True)
class EngagementFields:
    """What the office types for an engagement (the input contract gives it, the services check it)."""

    leader: Person | None
    kind: str
    title: str
    place: str
    starts_at: datetime | None
    ends_at: datetime | None
    classification: int = Classification.INTERNAL
    secrecy_term_years: int | None = None
    note: str = ""
    need_to_know_people: Sequence[Person] = ()
    need_to_know_units: Sequence[Unit] = ()


@dataclass(frozen=True)
class Saved:
    """The engagement as saved, and what it overlaps in the leader's calendar (a warning, never a refusal)."""

    engagement: Engagement
    conflicts: list[Overlap] = field(default_factory=list)


def conflicts_for_leader(
    *,
    leader_id: int,
    starts_at: datetime,
    ends_at: datetime,
    viewer: Any,
    exclude_engagement_id: int | None = None,
) -> list[Overlap]:
    """The leader's meetings and other engagements overlapping the time (scheduling.conflicts_for, read as
    `viewer`), without the engagement being saved."""
    found = conflicts_for(
        starts_at=starts_at, ends_at=ends_at, room_id=None, people_ids=[leader_id], viewer=viewer
    )
    return [
        conflict
        for conflict in found
        if not (conflict.other == "engagement" and conflict.other_id == exclude_engagement_id)
    ]


def conflict_lines(conflicts: list[Overlap]) -> list[str]:
    """The conflicts as the page's warnings and the API's list read them."""
    return [conflict.text for conflict in conflicts]


def _checked(fields: EngagementFields, by: Actor) -> tuple[Person, datetime, datetime, str]:
    leader = fields.leader
    if leader is None:
        raise ServiceError("请选择领导", code="engagement_leader_required", field="leader")
    if not leader.is_leader:
        raise ServiceError(f"{leader.name}不是领导，不能安排领导活动", code="not_a_leader", field="leader")
    if fields.kind not in EngagementKind.values:
        raise ServiceError(f"未知的活动类型：{fields.kind}", code="unknown_engagement_kind", field="kind")
    title = fields.title.strip()
    if not title:
        raise ServiceError("请填写活动内容", code="engagement_title_required", field="title")
    if len(title) > TITLE_MAX:
        raise ServiceError(f"活动内容不能超过{TITLE_MAX}字", code="too_long", field="title")
    if fields.starts_at is None:
        raise ServiceError("请填写开始时间", code="engagement_start_required", field="starts_at")
    if fields.ends_at is None:
        raise ServiceError("请填写结束时间", code="engagement_end_required", field="ends_at")
    if fields.ends_at <= fields.starts_at:
        raise ServiceError("结束时间应晚于开始时间", code="engagement_ends_before_start", field="ends_at")
    if fields.ends_at - fields.starts_at > LONGEST_ENGAGEMENT:
        raise ServiceError(
            f"一项活动不能超过{LONGEST_ENGAGEMENT.days}天，请分段录入",
            code="engagement_too_long",
            field="ends_at",
        )
    if fields.classification not in Classification.values:
        raise ServiceError("未知的密级", code="unknown_classification", field="classification")
    person = by.person_or_none
    if person is None or not clearance_covers(person.clearance, fields.classification):
        raise ServiceError(
            "您的涉密等级不足以录入该密级的活动",
            code="classification_above_clearance",
            field="classification",
        )
    return leader, fields.starts_at, fields.ends_at, title


def _write(engagement: Engagement, fields: EngagementFields, by: Actor, leader: Person, title: str) -> None:
    person = by.person_or_none
    assert person is not None  # _checked refused an account without a person
    engagement.leader = leader
    engagement.kind = fields.kind
    engagement.title = title
    engagement.place = fields.place.strip()
    engagement.starts_at = fields.starts_at  # type: ignore[assignment]
    engagement.ends_at = fields.ends_at  # type: ignore[assignment]
    engagement.note = fields.note.strip()
    engagement.classification = fields.classification
    engagement.secrecy_term_years = (
        fields.secrecy_term_years if fields.classification >= Classification.CONFIDENTIAL else None
    )
    # Owners: the leader, and the office that keeps his schedule.
    engagement.owner_person = leader
    engagement.owner_unit_id = person.unit_id


def _details(engagement: Engagement) -> dict[str, Any]:
    # Titles of classified records never go into the log: the leader, kind and time do.
    return {
        "leader_id": engagement.leader_id,
        "kind": engagement.kind,
        "starts_at": engagement.starts_at.isoformat(),
        "ends_at": engagement.ends_at.isoformat(),
    }


def _tell_leader(engagement: Engagement, *, what: str) -> None:
    user = engagement.leader.user
    if user is None:
        return
    notify(
        recipient=user,
        about=engagement,
        kind="meetings.engagement",
        title=f"{what}：{engagement.title}",
        body=f"{timezone.localtime(engagement.starts_at):%Y-%m-%d %H:%M}起",
        link="",
    )


def engagement_add(*, by: Actor, fields: EngagementFields) -> Saved:
    """Enter an engagement for a leader (the meeting staff)."""
    if not may_add_engagement(by):
        raise Forbidden(OFFICE_ONLY, code="not_meeting_office")
    leader, starts_at, ends_at, title = _checked(fields, by)
    with transaction.atomic():
        engagement = Engagement(created_by=by)
        _write(engagement, fields, by, leader, title)
        engagement.save()
        engagement.need_to_know_people.set(fields.need_to_know_people)
        engagement.need_to_know_units.set(fields.need_to_know_units)
        audit_record(
            actor=by, action="meetings.engagement_add", target=engagement, details=_details(engagement)
        )
        _tell_leader(engagement, what="新增活动安排")
    conflicts = conflicts_for_leader(
        leader_id=leader.pk,
        starts_at=starts_at,
        ends_at=ends_at,
        viewer=by,
        exclude_engagement_id=engagement.pk,
    )
    return Saved(engagement, conflicts)


def _locked(engagement: Engagement, version: int | None) -> Engagement:
    return lock_at_version(
        Engagement.objects.select_related("leader__user"),
        engagement.pk,
        version,
        changed="该活动已被他人修改，请刷新页面后重试",
        code="engagement_changed",
    )


def engagement_edit(
    *, engagement: Engagement, by: Actor, fields: EngagementFields, version: int | None = None
) -> Saved:
    """Change an engagement (the meeting staff); refused when someone changed it since the form was drawn."""
    ENGAGEMENT_RULES.require("edit", by, engagement)
    leader, starts_at, ends_at, title = _checked(fields, by)
    with transaction.atomic():
        fresh = _locked(engagement, version)
        _write(fresh, fields, by, leader, title)
        fresh.version += 1
        fresh.save()
        fresh.need_to_know_people.set(fields.need_to_know_people)
        fresh.need_to_know_units.set(fields.need_to_know_units)
        audit_record(actor=by, action="meetings.engagement_edit", target=fresh, details=_details(fresh))
        _tell_leader(fresh, what="活动安排有变更")
    conflicts = conflicts_for_leader(
        leader_id=leader.pk,
        starts_at=starts_at,
        ends_at=ends_at,
        viewer=by,
        exclude_engagement_id=fresh.pk,
    )
    return Saved(fresh, conflicts)


def engagement_delete(*, engagement: Engagement, by: Actor, version: int | None = None) -> None:
    """Remove an engagement (the meeting staff): the audit log keeps that it was there."""
    ENGAGEMENT_RULES.require("delete", by, engagement)
    with transaction.atomic():
        fresh = _locked(engagement, version)
        audit_record(actor=by, action="meetings.engagement_delete", target=fresh, details=_details(fresh))
        _tell_leader(fresh, what="活动安排已取消")
        fresh.delete()
