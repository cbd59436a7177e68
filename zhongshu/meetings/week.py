"""The leaders' week (领导活动安排): each leader in `leader_rank` order, each day's meetings and engagements.

A leader's meetings are those in a booked state that he chairs, attends (unless he replied that he is absent or
sends a substitute) or attends as someone's substitute. Every meeting and engagement is read through the one
access policy inside the query (`scope_filter` as a CASE): what the viewer may not see reads 另有安排, with its
time only — no title, kind or place. The same reading serves the page, the printed table, the calendar feed
(feeds.py) and the workbench's 本周日程 (workbench.py).

The reads are bounded below by the longest meeting (scheduling.LONGEST_MEETING) and engagement
(engagements.LONGEST_ENGAGEMENT), so the time indexes are walked over the window alone. A week costs four queries whatever the number of leaders: the leaders, the meetings, the leaders' attendee
rows of those meetings, and the engagements.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, Value, When
from django.db.models.expressions import Combinable
from django.urls import reverse
from django.utils import timezone

from zhongshu.access.policy import Action, scope_filter, viewer_of, visible
from zhongshu.base.levels import Classification
from zhongshu.meetings.engagements import LONGEST_ENGAGEMENT
from zhongshu.meetings.models import Attendee, Engagement, EngagementKind, Meeting, ReplyState
from zhongshu.meetings.scheduling import LONGEST_MEETING
from zhongshu.meetings.states import BOOKED_STATES
from zhongshu.org.models import Person

HIDDEN_TITLE = "另有安排"
MEETING = "meeting"
ENGAGEMENT = "engagement"
NOON = time(12, 0)
# Up to this long a read asks each meeting of the window for its leaders; longer (a feed) it reads the leaders'
# invitations in the window.
SHORT_WINDOW = timedelta(days=8)
DAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


@dataclass(frozen=True)
class ScheduleItem:
    """One meeting or engagement of one leader, as the viewer may read it."""

    kind: str  # MEETING | ENGAGEMENT
    pk: int
    leader_id: int
    starts_at: datetime
    ends_at: datetime
    hidden: bool  # the viewer may not see it: it reads 另有安排, with its time only
    title: str = HIDDEN_TITLE
    kind_label: str = ""  # 会议, 调研, 接待 …
    place: str = ""
    classification: int = 0  # the level shown (0 when hidden: nothing of it was shown)
    url: str = ""

    @property
    def record(self) -> tuple[str, int]:
        """The record as the audit log names it."""
        return (f"meetings.{self.kind}", self.pk)

    @property
    def marking(self) -> str:
        """秘密, 机密, 绝密 beside a state secret's title; nothing otherwise."""
        return (
            Classification(self.classification).label
            if self.classification >= Classification.CONFIDENTIAL
            else ""
        )

    @property
    def is_engagement(self) -> bool:
        return self.kind == ENGAGEMENT

    @property
    def uid(self) -> str:
        return f"{self.kind}-{self.pk}@zhongshu"

    def time_label(self, day: date) -> str:
        """The times as a cell of the grid reads them on `day` (an engagement may span days)."""
        start = timezone.localtime(self.starts_at)
        end = timezone.localtime(self.ends_at)
        first = start.strftime("%H:%M") if start.date() == day else "（续）"
        last = end.strftime("%H:%M") if end.date() == day else f"{end.month}月{end.day}日{end:%H:%M}"
        return f"{first}—{last}"


@dataclass(frozen=True)
class DayCell:
    day: date
    am: list[ScheduleItem]
    pm: list[ScheduleItem]

    @property
    def empty(self) -> bool:
        return not self.am and not self.pm

    @property
    def am_lines(self) -> list[tuple[ScheduleItem, str]]:
        """The morning's items with their times as this day reads them."""
        return [(item, item.time_label(self.day)) for item in self.am]

    @property
    def pm_lines(self) -> list[tuple[ScheduleItem, str]]:
        return [(item, item.time_label(self.day)) for item in self.pm]


@dataclass(frozen=True)
class LeaderRow:
    leader: Person
    cells: list[DayCell]


@dataclass(frozen=True)
class LeadersWeek:
    monday: date
    days: list[date]
    rows: list[LeaderRow]
    items: list[ScheduleItem] = field(default_factory=list)

    @property
    def sunday(self) -> date:
        return self.days[-1]

    @property
    def previous(self) -> date:
        return self.monday - timedelta(days=7)

    @property
    def next(self) -> date:
        return self.monday + timedelta(days=7)

    @property
    def day_heads(self) -> list[tuple[date, str]]:
        return [(day, DAY_NAMES[day.weekday()]) for day in self.days]

    def shown(self) -> list[ScheduleItem]:
        """The items whose title the viewer was shown (for the audit of the state secrets shown)."""
        return [item for item in self.items if not item.hidden]


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def local_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _seen(model: type[Meeting] | type[Engagement], viewer: Any) -> Combinable:
    """Whether the viewer may see the row, as a column of the same query (the policy's own rule)."""
    rule = scope_filter(model, viewer_of(viewer), Action.VIEW)
    if rule is None:
        return Value(False)
    if not rule:  # an empty Q: every row
        return Value(True)
    return Case(When(rule, then=Value(True)), default=Value(False), output_field=BooleanField())


def _kind_labels() -> dict[str, str]:
    return {value: str(label) for value, label in EngagementKind.choices}


def schedule_items(
    viewer: Any, leader_ids: Sequence[int], start: datetime, end: datetime
) -> dict[int, list[ScheduleItem]]:
    """Each leader's meetings and engagements overlapping [start, end), in time order, as `viewer` may read
    them (three queries for any number of leaders)."""
    ids = list(dict.fromkeys(leader_ids))
    found: dict[int, list[ScheduleItem]] = defaultdict(list)
    if not ids:
        return found
    wanted = set(ids)
    if end - start <= SHORT_WINDOW:
        # A week of many leaders: each meeting of the window asks for the leaders among its own few
        # invitations (by the meeting's index), rather than reading every invitation they ever had.
        invited: Q | Exists = Exists(
            Attendee.objects.filter(meeting_id=OuterRef("pk")).filter(
                Q(person_id__in=ids) | Q(substitute_id__in=ids)
            )
        )
    else:
        # A feed's months of one leader: his invitations to meetings in the window, by his own index.
        invited = Q(
            pk__in=Attendee.objects.filter(Q(person_id__in=ids) | Q(substitute_id__in=ids))
            .filter(meeting__starts_at__gte=start - LONGEST_MEETING, meeting__starts_at__lt=end)
            .values("meeting_id")
        )
    meetings = list(
        Meeting.objects.filter(
            state__in=BOOKED_STATES,
            starts_at__gte=start - LONGEST_MEETING,  # bounds the index range: no meeting lasts longer
            starts_at__lt=end,
            ends_at__gt=start,
        )
        .filter(Q(chair_id__in=ids) | invited)
        .annotate(seen=_seen(Meeting, viewer))
        .order_by()
        .values(
            "pk",
            "title",
            "starts_at",
            "ends_at",
            "chair_id",
            "classification",
            "seen",
            "room__name",
            "video_venue",
            "is_video",
        )
    )
    whose: dict[int, set[int]] = defaultdict(set)
    for row in meetings:
        if row["chair_id"] in wanted:
            whose[row["pk"]].add(row["chair_id"])
    if meetings:
        rows = Attendee.objects.filter(meeting_id__in=[row["pk"] for row in meetings]).filter(
            Q(person_id__in=ids) | Q(substitute_id__in=ids)
        )
        for meeting_id, person_id, substitute_id, reply in rows.values_list(
            "meeting_id", "person_id", "substitute_id", "reply"
        ):
            if person_id in wanted and reply not in (ReplyState.ABSENT, ReplyState.SUBSTITUTE):
                whose[meeting_id].add(person_id)
            if substitute_id in wanted and reply == ReplyState.SUBSTITUTE:
                whose[meeting_id].add(substitute_id)
    for row in meetings:
        place = row["room__name"] or (row["video_venue"] or "视频会议" if row["is_video"] else "")
        for leader_id in whose.get(row["pk"], ()):
            found[leader_id].append(
                _item(MEETING, row, leader_id, label="会议", place=place, url=_meeting_url(row["pk"]))
            )
    labels = _kind_labels()
    engagements = (
        Engagement.objects.filter(
            leader_id__in=ids,
            starts_at__gte=start - LONGEST_ENGAGEMENT,
            starts_at__lt=end,
            ends_at__gt=start,
        )
        .annotate(seen=_seen(Engagement, viewer))
        .order_by()
        .values("pk", "leader_id", "kind", "title", "place", "starts_at", "ends_at", "classification", "seen")
    )
    for row in engagements:
        found[row["leader_id"]].append(
            _item(ENGAGEMENT, row, row["leader_id"], label=labels.get(row["kind"], ""), place=row["place"])
        )
    for items in found.values():
        items.sort(key=lambda item: (item.starts_at, item.ends_at, item.kind, item.pk))
    return found


def _meeting_url(pk: int) -> str:
    return reverse("meetings:meeting", args=[pk])


def _item(
    kind: str, row: dict[str, Any], leader_id: int, *, label: str, place: str, url: str = ""
) -> ScheduleItem:
    if not row["seen"]:
        return ScheduleItem(kind, row["pk"], leader_id, row["starts_at"], row["ends_at"], hidden=True)
    return ScheduleItem(
        kind,
        row["pk"],
        leader_id,
        row["starts_at"],
        row["ends_at"],
        hidden=False,
        title=row["title"],
        kind_label=label,
        place=place or "",
        classification=int(row["classification"] or Classification.PUBLIC),
        url=url,
    )


def _leaders(viewer: Any, leader_ids: Sequence[int] | None) -> list[Person]:
    people = Person.objects.all() if leader_ids is not None else Person.objects.filter(is_leader=True)
    if leader_ids is not None:
        people = people.filter(pk__in=list(leader_ids))
    else:
        # The county's leaders: those ranked in its leading bodies (县委, 县政府 …, the units at the top of the
        # tree). A bureau's or a town's own leaders are ranked within their unit, not among the county's.
        people = people.filter(leader_rank__isnull=False, unit__parent__isnull=True)
    ordered = visible(people, viewer).order_by("leader_rank", "sort_order", "id")
    return list(ordered.only("pk", "name", "title", "leader_rank", "unit_id"))


def _cells(days: list[date], items: Iterable[ScheduleItem]) -> list[DayCell]:
    by_day: dict[date, tuple[list[ScheduleItem], list[ScheduleItem]]] = {day: ([], []) for day in days}
    for item in items:
        start = timezone.localtime(item.starts_at)
        # The last moment it covers: an engagement ending at midnight does not reach the next day.
        last = timezone.localtime(item.ends_at - timedelta(microseconds=1)).date()
        for day in days:
            if not start.date() <= day <= last:
                continue
            am, pm = by_day[day]
            (am if day != start.date() or start.time() < NOON else pm).append(item)
    return [DayCell(day, *by_day[day]) for day in days]


def leaders_week(viewer: Any, monday: date, leader_ids: Sequence[int] | None = None) -> LeadersWeek:
    """The week from `monday` of every leader (or of `leader_ids`), in `leader_rank` order, as `viewer` may
    read it: each leader's row holds a cell per day with its morning's and afternoon's items."""
    monday = monday_of(monday)
    days = [monday + timedelta(days=n) for n in range(7)]
    leaders = _leaders(viewer, leader_ids)
    found = schedule_items(
        viewer,
        [leader.pk for leader in leaders],
        local_start(monday),
        local_start(monday + timedelta(days=7)),
    )
    rows = [LeaderRow(leader, _cells(days, found.get(leader.pk, []))) for leader in leaders]
    items = [item for leader in leaders for item in found.get(leader.pk, [])]
    return LeadersWeek(monday=monday, days=days, rows=rows, items=items)
