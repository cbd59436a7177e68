"""A leader's calendar feed (日程订阅): an iCalendar file behind a secret, revocable URL.

Calendar clients do not sign in, so the URL's token is the key: a random token shown once when it is made,
of which only the SHA-256 is kept (a copy of the database opens no feed). The leader makes one for himself, or
the office's meeting staff for a leader; either may revoke it. A revoked or unknown token answers 404 with no
detail. The feed reads as its leader: his meetings and engagements from 4 weeks back to 12 weeks ahead,
through the same reading as the week's page (week.py), so a classified engagement he may not see reads
另有安排. Each fetch of a feed that holds a state secret is audited, as the leader's own reading would be.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from icalendar import Calendar, Event

from zhongshu.access.policy import Viewer, register_scope, visible
from zhongshu.accounts.actors import Actor
from zhongshu.audit.services import audit_record
from zhongshu.base.levels import Classification
from zhongshu.base.roles import Role
from zhongshu.core.errors import Forbidden, InvalidTransition, ServiceError
from zhongshu.meetings.models import FeedToken
from zhongshu.meetings.roles import is_meeting_office
from zhongshu.meetings.week import ScheduleItem, local_start, schedule_items
from zhongshu.org.models import Person

WEEKS_BACK = 4
WEEKS_AHEAD = 12
TOKEN_BYTES = 32
PRODID = "-//Zhongshu//Leaders schedule//ZH"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _feed_scope(viewer: Viewer, action: Any) -> Q | None:
    """Feed tokens: the meeting staff see every leader's, a leader his own, nobody else any."""
    if not viewer.is_business_person:
        return None
    if viewer.has_role(Role.CLERK) or viewer.has_role(Role.OFFICE_DIRECTOR):
        return Q()
    return Q(person_id=viewer.person_id or 0)


def register() -> None:
    register_scope(FeedToken, _feed_scope)


def may_manage_feed(by: Any, person: Person) -> bool:
    """The leader for himself, or the office's meeting staff for a leader."""
    if is_meeting_office(by):
        return True
    own = getattr(by, "person_or_none", None)
    return own is not None and own.pk == person.pk and bool(by.has_role(Role.LEADER))


def tokens_for(viewer: Any) -> QuerySet[FeedToken]:
    return visible(FeedToken.objects.select_related("person", "created_by"), viewer).order_by(
        "revoked_at", "-created_at", "-id"
    )


@dataclass(frozen=True)
class MadeToken:
    feed: FeedToken
    token: str  # shown once; only its hash is kept


def feed_token_create(*, by: Actor, person: Person | None) -> MadeToken:
    """A new feed URL for `person` (a leader with an account)."""
    if person is None:
        raise ServiceError("请选择领导", code="feed_leader_required", field="person")
    if not may_manage_feed(by, person):
        raise Forbidden("只有领导本人或会务人员可以生成日程订阅", code="not_feed_manager")
    if not person.is_leader or person.user_id is None:
        raise ServiceError(f"{person.name}不是领导，没有日程订阅", code="not_a_leader", field="person")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with transaction.atomic():
        feed = FeedToken.objects.create(person=person, token_hash=token_hash(token), created_by=by)
        audit_record(
            actor=by, action="meetings.feed_token_create", target=feed, details={"person_id": person.pk}
        )
    return MadeToken(feed, token)


def feed_token_revoke(*, by: Actor, feed: FeedToken) -> FeedToken:
    """Void a feed URL: calendar clients holding it get 404 from now on."""
    if not may_manage_feed(by, feed.person):
        raise Forbidden("只有领导本人或会务人员可以作废日程订阅", code="not_feed_manager")
    with transaction.atomic():
        fresh = FeedToken.objects.select_for_update().get(pk=feed.pk)
        if fresh.revoked_at is not None:
            raise InvalidTransition("该日程订阅已作废", code="feed_already_revoked")
        fresh.revoked_at = timezone.now()
        fresh.save(update_fields=["revoked_at"])
        audit_record(
            actor=by,
            action="meetings.feed_token_revoke",
            target=fresh,
            details={"person_id": fresh.person_id},
        )
    return fresh


def feed_window(today: date) -> tuple[date, date]:
    """The days a feed covers: from 4 weeks back to 12 weeks ahead of today's week."""
    monday = today - timedelta(days=today.weekday())
    return monday - timedelta(weeks=WEEKS_BACK), monday + timedelta(weeks=WEEKS_AHEAD)


def _event(item: ScheduleItem, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", item.starts_at.astimezone(UTC))
    event.add("dtend", item.ends_at.astimezone(UTC))
    event.add("summary", item.title)
    if item.hidden:
        event.add("class", "PRIVATE")
        return event
    if item.place:
        event.add("location", item.place)
    if item.kind_label:
        event.add("categories", [item.kind_label])
    return event


def _calendar(person: Person, items: list[ScheduleItem]) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{person.name}的日程")
    cal.add("x-wr-timezone", timezone.get_current_timezone_name())
    stamp = timezone.now()
    for item in items:
        cal.add_component(_event(item, stamp))
    return bytes(cal.to_ical())


def _items(person: Person, viewer: Any, start: date, end: date) -> list[ScheduleItem]:
    found = schedule_items(viewer, [person.pk], local_start(start), local_start(end + timedelta(days=1)))
    return found.get(person.pk, [])


def calendar_for(person: Person, viewer: Any, start: date, end: date) -> bytes:
    """The iCalendar file of `person`'s meetings and engagements on the days start..end (both included), as
    `viewer` may read them: what they may not see is 另有安排 with its time only."""
    return _calendar(person, _items(person, viewer, start, end))


def own_calendar(person: Person, *, today: date | None = None) -> tuple[bytes, list[ScheduleItem]]:
    """The leader's own feed (4 weeks back, 12 ahead), read as the leader himself."""
    start, end = feed_window(today or timezone.localdate())
    items = _items(person, person.user, start, end)
    return _calendar(person, items), items


def feed_by_token(token: str) -> FeedToken | None:
    """The live feed of a token, or None (unknown, revoked, or its leader's account disabled)."""
    if not token or len(token) > 200:
        return None
    feed = (
        FeedToken.objects.select_related("person__user")
        .filter(token_hash=token_hash(token), revoked_at__isnull=True)
        .first()
    )
    if feed is None or feed.person.user is None or not feed.person.user.is_active:
        return None
    return feed


def feed_fetch(token: str) -> bytes | None:
    """The calendar behind a feed URL, or None for a token that opens nothing. Marks the feed used; a feed
    that holds a state secret is audited as its leader's reading."""
    feed = feed_by_token(token)
    if feed is None:
        return None
    body, items = own_calendar(feed.person)
    secrets_shown = [
        item for item in items if not item.hidden and item.classification >= Classification.CONFIDENTIAL
    ]
    with transaction.atomic():
        FeedToken.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
        if secrets_shown:
            audit_record(
                actor=feed.person.user,
                action="meetings.feed_fetch",
                target=feed,
                classification=max(item.classification for item in secrets_shown),
                details={
                    "person_id": feed.person_id,
                    "records": [f"{kind}:{pk}" for kind, pk in (item.record for item in secrets_shown)],
                },
            )
    return body
