"""精文减会 for meetings: one yearly quota kind per meeting type on the quotas app (`meetings.<type>`, counted
here: the unit's meetings of that type in the year that were approved, notified or held), the yearly figures
against last year's (count, total hours, meetings the towns must attend) and the merge candidates — two
approved meetings in one ISO week whose attendees overlap by more than `ZHONGSHU_MEETING_MERGE_SHARE` of the
smaller one's. Figures and candidates are derived, never stored, and read through the access policy.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import combinations
from typing import Any

from django.conf import settings
from django.db.models import Count, QuerySet
from django.utils import timezone

from zhongshu.access.policy import visible
from zhongshu.core.charts import Chart, Series
from zhongshu.meetings.models import Attendee, Meeting, MeetingType
from zhongshu.meetings.states import ACTIVE_STATES, COUNTED_STATES, MeetingState
from zhongshu.quotas.registry import QuotaKind, register_quota_kind
from zhongshu.quotas.services import quota_overridden, quota_status
from zhongshu.quotas.status import QuotaStatus

QUOTA_PREFIX = "meetings."
# States a meeting can be merged from (an application) or into (an application or an approved meeting).
MERGEABLE_STATES = (MeetingState.PENDING, *ACTIVE_STATES)


def quota_kind_code(meeting_type: str) -> str:
    return f"{QUOTA_PREFIX}{meeting_type}"


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(date(year, 1, 1), time.min))
    return start, timezone.make_aware(datetime.combine(date(year + 1, 1, 1), time.min))


def _counted(meeting_type: str, year: int) -> QuerySet[Meeting]:
    start, end = _year_bounds(year)
    return Meeting.objects.filter(
        meeting_type=meeting_type, state__in=COUNTED_STATES, starts_at__gte=start, starts_at__lt=end
    )


def _counter(meeting_type: str) -> Any:
    def count(unit_id: int | None, year: int) -> int:
        return int(_counted(meeting_type, year).filter(applicant_unit_id=unit_id).count())

    def counts(year: int) -> dict[int | None, int]:
        rows = _counted(meeting_type, year).values("applicant_unit_id").annotate(n=Count("id"))
        return {row["applicant_unit_id"]: row["n"] for row in rows}

    return count, counts


def register() -> None:
    """One quota kind per meeting type (精文减会), from MeetingsConfig.ready()."""
    for order, meeting_type in enumerate(MeetingType, start=20):
        count, counts = _counter(meeting_type.value)
        register_quota_kind(
            QuotaKind(
                code=quota_kind_code(meeting_type.value),
                label=str(meeting_type.label),
                noun="次",
                count=count,
                counts=counts,
                verb=f"召开{meeting_type.label}",
                order=order,
            )
        )


def meeting_year(meeting: Meeting) -> int:
    return int(timezone.localtime(meeting.starts_at).year)


def meeting_quota_status(meeting: Meeting) -> QuotaStatus:
    """Where the applying unit stands against its quota of the meeting's type, in the meeting's year."""
    return quota_status(
        kind=quota_kind_code(meeting.meeting_type),
        unit_id=meeting.applicant_unit_id,
        year=meeting_year(meeting),
    )


def quota_refusal_message(meeting: Meeting) -> str:
    """Why approving would go beyond the quota ("" when it would not, or a leader consented already)."""
    status = meeting_quota_status(meeting)
    if not status.exhausted or meeting_quota_overridden(meeting):
        return ""
    return status.message


def meeting_quota_overridden(meeting: Meeting) -> bool:
    return quota_overridden(kind=quota_kind_code(meeting.meeting_type), record=meeting)


# --- the yearly figures ------------------------------------------------------------------------------------


@dataclass
class Figures:
    count: int = 0
    hours: float = 0.0
    towns: int = 0


@dataclass(frozen=True)
class FigureRow:
    label: str
    this_year: Figures
    last_year: Figures

    @property
    def change(self) -> int:
        return self.this_year.count - self.last_year.count


@dataclass(frozen=True)
class YearlyFigures:
    year: int
    rows: list[FigureRow]  # per type, then 合计
    total: FigureRow = field(default_factory=lambda: FigureRow("合计", Figures(), Figures()))


def yearly_figures(viewer: Any, year: int) -> YearlyFigures:
    """Per meeting type and in total: the viewer's visible meetings counted in `year` and the year before —
    how many, their planned hours, how many the towns had to attend."""
    start, _ = _year_bounds(year - 1)
    _, end = _year_bounds(year)
    rows = visible(Meeting.objects.all(), viewer).filter(
        state__in=COUNTED_STATES, starts_at__gte=start, starts_at__lt=end
    )
    figures: dict[tuple[str, int], Figures] = defaultdict(Figures)
    for meeting_type, starts_at, ends_at, towns in rows.values_list(
        "meeting_type", "starts_at", "ends_at", "towns_must_attend"
    ):
        for key in (
            (meeting_type, timezone.localtime(starts_at).year),
            ("", timezone.localtime(starts_at).year),
        ):
            one = figures[key]
            one.count += 1
            one.hours += (ends_at - starts_at).total_seconds() / 3600
            one.towns += 1 if towns else 0
    for one in figures.values():
        one.hours = round(one.hours, 1)
    by_type = [
        FigureRow(str(label), figures[(value, year)], figures[(value, year - 1)])
        for value, label in MeetingType.choices
    ]
    return YearlyFigures(year, by_type, FigureRow("合计", figures[("", year)], figures[("", year - 1)]))


def reduction_charts(figures: YearlyFigures) -> list[Chart]:
    categories = [row.label for row in figures.rows]
    this, last = f"{figures.year}年", f"{figures.year - 1}年"
    return [
        Chart(
            id="meeting-count",
            title="会议数量（按类型）",
            kind="bar",
            category_label="会议类型",
            categories=categories,
            series=[
                Series(this, [row.this_year.count for row in figures.rows]),
                Series(last, [row.last_year.count for row in figures.rows]),
            ],
            unit="次",
        ),
        Chart(
            id="meeting-hours",
            title="会议时长（按类型）",
            kind="bar",
            category_label="会议类型",
            categories=categories,
            series=[
                Series(this, [row.this_year.hours for row in figures.rows]),
                Series(last, [row.last_year.hours for row in figures.rows]),
            ],
            unit="小时",
        ),
    ]


# --- merge candidates --------------------------------------------------------------------------------------


def merge_share() -> float:
    return float(getattr(settings, "ZHONGSHU_MEETING_MERGE_SHARE", 0.5))


@dataclass(frozen=True)
class MergeCandidate:
    first: Meeting
    second: Meeting
    shared_attendees: int  # attendees (people and units) invited to both
    share: float  # of the smaller meeting's attendees

    @property
    def percent(self) -> int:
        return round(self.share * 100)


def _week(moment: datetime) -> tuple[int, int]:
    iso = timezone.localtime(moment).isocalendar()
    return iso[0], iso[1]


def _attendee_sets(meeting_ids: list[int]) -> dict[int, set[str]]:
    sets: dict[int, set[str]] = defaultdict(set)
    rows = Attendee.objects.filter(meeting_id__in=meeting_ids).values_list(
        "meeting_id", "person_id", "unit_id"
    )
    for meeting_id, person_id, unit_id in rows:
        sets[meeting_id].add(f"p{person_id}" if person_id is not None else f"u{unit_id}")
    return sets


def _overlap(a: set[str], b: set[str]) -> tuple[int, float]:
    if not a or not b:
        return 0, 0.0
    shared = len(a & b)
    return shared, shared / min(len(a), len(b))


def _pairs(meetings: list[Meeting], share: float) -> list[MergeCandidate]:
    sets = _attendee_sets([meeting.pk for meeting in meetings])
    weeks: dict[tuple[int, int], list[Meeting]] = defaultdict(list)
    for meeting in meetings:
        weeks[_week(meeting.starts_at)].append(meeting)
    found = []
    for _, group in sorted(weeks.items()):
        for first, second in combinations(sorted(group, key=lambda m: (m.starts_at, m.pk)), 2):
            shared, ratio = _overlap(sets.get(first.pk, set()), sets.get(second.pk, set()))
            if ratio > share:
                found.append(MergeCandidate(first, second, shared, ratio))
    return found


def merge_candidates(
    viewer: Any, *, since: date | None = None, share: float | None = None
) -> list[MergeCandidate]:
    """Pairs of approved (not yet held) meetings the viewer may see, from the week of `since` (today) on."""
    since = since or timezone.localdate()
    monday = since - timedelta(days=since.weekday())
    meetings = list(
        visible(Meeting.objects.select_related("applicant_unit"), viewer)
        .filter(
            state__in=ACTIVE_STATES, starts_at__gte=timezone.make_aware(datetime.combine(monday, time.min))
        )
        .order_by("starts_at", "id")[:2000]
    )
    return _pairs(meetings, merge_share() if share is None else share)


def merge_candidates_for(
    meeting: Meeting, viewer: Any, *, share: float | None = None
) -> list[MergeCandidate]:
    """The meetings of the same ISO week (approved, or applied) whose attendees overlap this one's by more
    than the share; the other meeting is `second` in each pair."""
    if meeting.state not in MERGEABLE_STATES:
        return []
    local = timezone.localtime(meeting.starts_at).date()
    monday = local - timedelta(days=local.weekday())
    start = timezone.make_aware(datetime.combine(monday, time.min))
    others = list(
        visible(Meeting.objects.select_related("applicant_unit"), viewer)
        .filter(state__in=ACTIVE_STATES, starts_at__gte=start, starts_at__lt=start + timedelta(days=7))
        .exclude(pk=meeting.pk)
        .order_by("starts_at", "id")
    )
    if not others:
        return []
    limit = merge_share() if share is None else share
    sets = _attendee_sets([meeting.pk, *(other.pk for other in others)])
    mine = sets.get(meeting.pk, set())
    found = []
    for other in others:
        shared, ratio = _overlap(mine, sets.get(other.pk, set()))
        if ratio > limit:
            found.append(MergeCandidate(meeting, other, shared, ratio))
    return found
