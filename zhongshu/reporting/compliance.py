"""应报尽报: per unit and checklist line, what fell due in a span of days and whether it was filed on time.

Derived, never stored: from the lines (periods.periods_of on the working-day calendar), the filings and the
三重一大 counts (major.counts_by_unit). For each period due in [start, end]:

- 按时 (on_time): a filing for that period whose local filing date is on or before the due date;
- 迟报 (late): a filing for it made after the due date;
- 未报 (missing): no filing, and the due date has passed (before `today`);
- 待报 (pending): no filing yet, and the due date is today or later.

An ad-hoc line has no periods: it counts the filings made in the span. 按时率 is 按时 over the periods whose
outcome is known (按时 + 迟报 + 未报), in per cent with one decimal, or None when there are none.

A handful of queries whatever the number of lines (lines, filings, ad-hoc counts, units, 三重一大 counts): one
unit's view is the bench's `compliance_ms_p50`. Who may see which unit is `visible_unit_ids`; these functions
take unit ids and leave that decision to the pages and the API.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, ClassVar

from django.db.models import Q
from django.utils import timezone

from zhongshu.core.errors import ServiceError
from zhongshu.core.periods import QUARTER_NAMES, CalendarPeriod
from zhongshu.reporting.major import MajorCounts, counts_by_unit
from zhongshu.reporting.models import ChecklistFiling, ChecklistLine, Cycle
from zhongshu.reporting.periods import PERIODIC, Period, periods_of
from zhongshu.reporting.roles import files_for_unit, keeps_checklists, may_use_reporting

NO_MAJOR = MajorCounts(filed=0, late=0)


class Status(enum.StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"
    PENDING = "pending"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.ON_TIME: "按时",
    Status.LATE: "迟报",
    Status.MISSING: "未报",
    Status.PENDING: "待报",
}


# --- the span asked about: a month, a quarter or a year --------------------------------------------------------


MAX_RANGE_DAYS = 3 * 366  # a range of days asked for by its dates is at most about three years


@dataclass(frozen=True)
class Span(CalendarPeriod):
    """A month (`2026-10`), a quarter (`2026-Q4`), a year (`2026`) — core.periods — or a range of days
    (`2026-01-01~2026-12-05`, kind "range"), whole days, `end` included."""

    first: date | None = None  # a range's first and last days
    last: date | None = None

    FORMS: ClassVar[str] = "2026-10、2026-Q4、2026，或 2026-01-01~2026-06-30"

    @classmethod
    def between(cls, start: date, end: date) -> Span:
        """The span of [start, end]: a month, quarter or year when it is exactly one, else a range."""
        for kind in ("month", "quarter", "year"):
            span = cls.containing(kind, start)
            if (span.start, span.end) == (start, end):
                return span
        return cls("range", start.year, 0, start, end)

    @property
    def start(self) -> date:
        return self.first if self.first is not None else super().start

    @property
    def end(self) -> date:
        return self.last if self.last is not None else super().end

    @property
    def code(self) -> str:
        if self.first is not None and self.last is not None:
            return f"{self.first.isoformat()}~{self.last.isoformat()}"
        return super().code

    @property
    def label(self) -> str:
        if self.first is not None and self.last is not None:
            return f"{_day_label(self.first)}至{_day_label(self.last)}"
        return super().label

    @classmethod
    def parse(cls, raw: str) -> Span:
        if "~" not in raw:
            return super().parse(raw)
        try:
            return cls._range(raw.strip())
        except ValueError:
            raise ServiceError(
                f"统计期间格式不正确：{raw[:30]}（应为 {cls.FORMS}）", code="bad_period", field="period"
            ) from None

    @classmethod
    def _range(cls, text: str) -> Span:
        first_text, _, last_text = text.partition("~")
        first, last = date.fromisoformat(first_text.strip()), date.fromisoformat(last_text.strip())
        if first > last or not (first.year >= 2000 and last.year <= 2100):
            raise ValueError(text)
        if (last - first).days >= MAX_RANGE_DAYS:
            raise ServiceError("统计期间不能超过三年", code="period_too_long", field="period")
        return cls.between(first, last)

    @classmethod
    def month_of(cls, day: date) -> Span:
        return cls.containing("month", day)

    def choices(self) -> list[Span]:
        """The selector's quick links: this span's year's months, quarters and the year itself."""
        months = [Span.of("month", self.year, m) for m in range(1, 13)]
        quarters = [Span.of("quarter", self.year, q) for q in range(1, 5)]
        spans = [*months, *quarters, Span.of("year", self.year)]
        return [self, *spans] if self.kind == "range" else spans


def _day_label(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def local_today() -> date:
    return timezone.localdate()


# --- the result -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodStatus:
    period: Period
    status: Status
    filed_at: datetime | None = None
    filing_id: int | None = None

    @property
    def status_label(self) -> str:
        return self.status.label

    @property
    def period_label(self) -> str:
        return period_label(self.period)


@dataclass
class Tally:
    """应报 (due) is every period due in the span; ad_hoc counts the ad-hoc lines' filings in it."""

    due: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0
    pending: int = 0
    ad_hoc: int = 0

    def add(self, status: Status) -> None:
        self.due += 1
        setattr(self, status.value, getattr(self, status.value) + 1)

    def merge(self, other: Tally) -> None:
        for name in ("due", "on_time", "late", "missing", "pending", "ad_hoc"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def known(self) -> int:
        return self.on_time + self.late + self.missing

    @property
    def rate(self) -> float | None:
        """按时率 in per cent, one decimal; None while no outcome is known."""
        return round(100 * self.on_time / self.known, 1) if self.known else None


@dataclass
class LineCompliance:
    line_id: int
    matter: str
    kind: str
    kind_label: str
    timing_label: str
    cycle: str
    cycle_label: str
    basis: str
    periods: list[PeriodStatus] = field(default_factory=list)
    ad_hoc_filings: int = 0
    tally: Tally = field(default_factory=Tally)

    @property
    def is_ad_hoc(self) -> bool:
        return self.cycle == Cycle.AD_HOC


@dataclass
class UnitCompliance:
    unit_id: int
    unit_name: str
    lines: list[LineCompliance] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)
    major: MajorCounts = NO_MAJOR

    @property
    def rate(self) -> float | None:
        return self.tally.rate


def period_label(period: Period) -> str:
    """2026年9月, 2026年第三季度, 2025年度 (a by-date line's year reads as its year)."""
    months = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1
    if months == 1:
        return f"{period.start.year}年{period.start.month}月"
    if months == 3:
        return f"{period.start.year}年{QUARTER_NAMES[(period.start.month - 1) // 3]}"
    return f"{period.start.year}年度"


# --- computing -------------------------------------------------------------------------------------------------


def _day_end(day: date) -> datetime:
    """The first moment after `day` in the office's time zone: filed before it is filed by that day."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=timezone.get_current_timezone())


def _status(
    period: Period, filing: tuple[datetime, int] | None, today: date, day_ends: dict[date, datetime]
) -> PeriodStatus:
    if filing is not None:
        filed_at, filing_id = filing
        day_end = day_ends.get(period.due_on)
        if day_end is None:
            day_end = day_ends[period.due_on] = _day_end(period.due_on)
        on_time = filed_at < day_end
        return PeriodStatus(period, Status.ON_TIME if on_time else Status.LATE, filed_at, filing_id)
    return PeriodStatus(period, Status.MISSING if period.due_on < today else Status.PENDING)


def _compute(unit_filter: Q, start: date, end: date, today: date) -> dict[int, UnitCompliance]:
    """The compliance of the units whose lines pass `unit_filter` (on ChecklistLine), keyed by unit id."""
    lines = list(
        ChecklistLine.objects.filter(unit_filter, starts_on__lte=end)
        .order_by("unit_id", "sort_order", "id")
        .values_list(
            "id", "unit_id", "matter", "kind", "timing", "cycle", "basis", "due_working_days", "due_on",
            "starts_on", "ends_on",
        )
    )  # fmt: skip
    units: dict[int, UnitCompliance] = {}
    due_periods: list[tuple[LineCompliance, list[Period]]] = []
    ad_hoc: dict[int, LineCompliance] = {}
    period_starts: set[date] = set()
    kinds = dict(ChecklistLine._meta.get_field("kind").choices or [])
    timings = dict(ChecklistLine._meta.get_field("timing").choices or [])
    cycles = dict(Cycle.choices)
    known: dict[tuple[Any, ...], list[Period]] = {}
    for pk, unit_id, matter, kind, timing, cycle, basis, lag, due_on, starts_on, ends_on in lines:
        unit = units.get(unit_id)
        if unit is None:
            unit = units[unit_id] = UnitCompliance(unit_id, "")
        entry = LineCompliance(
            pk, matter, kind, kinds.get(kind, kind), timings.get(timing, timing), cycle, cycles.get(cycle, cycle),
            basis,
        )  # fmt: skip
        if cycle == Cycle.AD_HOC:
            unit.lines.append(entry)
            ad_hoc[pk] = entry
            continue
        # Lines with the same cycle, due rule and dates fall due alike: worked out once (a county's units share
        # most of their checklist).
        rule = (cycle, lag, due_on, starts_on, ends_on)
        periods = known.get(rule)
        if periods is None:
            line = ChecklistLine(
                cycle=cycle, due_working_days=lag, due_on=due_on, starts_on=starts_on, ends_on=ends_on
            )
            periods = known[rule] = periods_of(line, start, end)
        if not periods and ends_on is not None and ends_on < start:
            continue  # retired before the span and nothing of it falls due in it
        unit.lines.append(entry)
        due_periods.append((entry, periods))
        for period in periods:
            period_starts.add(period.start)

    # One query for both: the periodic lines' filings for the periods in view and the ad-hoc lines' filings
    # made in the span. A unit's few lines are named by id; the whole county's through a subquery.
    wanted = Q()
    periodic_ids = [entry.line_id for entry, periods in due_periods if periods]
    if period_starts:
        wanted |= Q(
            _lines(unit_filter, periodic_ids, cycle__in=[*PERIODIC, Cycle.BY_DATE]),
            period_start__in=sorted(period_starts),
        )
    if ad_hoc:
        wanted |= Q(
            _lines(unit_filter, list(ad_hoc), cycle=Cycle.AD_HOC),
            filed_at__gte=_day_end(start - timedelta(days=1)),
            filed_at__lt=_day_end(end),
        )
    filings: dict[tuple[int, date], tuple[datetime, int]] = {}
    if wanted:
        rows = ChecklistFiling.objects.filter(wanted).values_list("line_id", "period_start", "filed_at", "id")
        for line_id, period_start, filed_at, pk in rows.order_by():
            if period_start is not None:
                filings[(line_id, period_start)] = (filed_at, pk)
            elif line_id in ad_hoc:
                ad_hoc[line_id].ad_hoc_filings += 1
                ad_hoc[line_id].tally.ad_hoc += 1
    day_ends: dict[date, datetime] = {}
    for entry, periods in due_periods:
        for period in periods:
            status = _status(period, filings.get((entry.line_id, period.start)), today, day_ends)
            entry.periods.append(status)
            entry.tally.add(status.status)

    for unit in units.values():
        for entry in unit.lines:
            unit.tally.merge(entry.tally)
    return units


def _lines(unit_filter: Q, ids: list[int], **kind: Any) -> Q:
    """The filings of these lines: by id when they are few, else by the lines' own filter as a subquery."""
    if len(ids) <= 200:
        return Q(line_id__in=ids)
    return Q(line__in=ChecklistLine.objects.filter(unit_filter, **kind).values("id"))


def _named(units: dict[int, UnitCompliance], unit_filter: Q, start: date, end: date) -> list[UnitCompliance]:
    """The units in the directory's order, each with its name and its 三重一大 counts (two queries)."""
    from zhongshu.org.models import Unit

    named = Unit.objects.filter(unit_filter).values_list("id", "name")
    rows = []
    for unit_id, name in named:
        unit = units.get(unit_id)
        if unit is not None:
            unit.unit_name = name
            rows.append(unit)
    major = counts_by_unit([unit.unit_id for unit in rows], start, end) if rows else {}
    for unit in rows:
        unit.major = major.get(unit.unit_id, NO_MAJOR)
    return rows


def unit_compliance(unit_id: int, start: date, end: date, *, today: date | None = None) -> UnitCompliance:
    """One unit's lines, each period due in [start, end] with its status, the totals, and its 三重一大 counts.

    A unit without a line gets an empty result with its name (and its 三重一大 counts)."""
    units = _compute(Q(unit_id=unit_id), start, end, today or local_today())
    units.setdefault(unit_id, UnitCompliance(unit_id, ""))
    _named(units, Q(pk=unit_id), start, end)
    return units[unit_id]


def units_compliance(
    start: date, end: date, *, unit_ids: Iterable[int] | None = None, today: date | None = None
) -> list[UnitCompliance]:
    """The all-units summary: every unit with a line counting in [start, end] (or those of `unit_ids`), in
    the directory's unit order, each with its lines and periods as in `unit_compliance`."""
    if unit_ids is None:
        line_filter, unit_filter = Q(), Q(pk__in=ChecklistLine.objects.values("unit_id"))
    else:
        ids = sorted(set(unit_ids))
        line_filter, unit_filter = Q(unit_id__in=ids), Q(pk__in=ids)
    units = _compute(line_filter, start, end, today or local_today())
    return _named(units, unit_filter, start, end)


def totals(rows: Sequence[UnitCompliance]) -> Tally:
    total = Tally()
    for row in rows:
        total.merge(row.tally)
    return total


SORT_KEYS: dict[str, Any] = {
    "unit": lambda row: row.unit_name,
    "due": lambda row: row.tally.due,
    "on_time": lambda row: row.tally.on_time,
    "late": lambda row: row.tally.late,
    "missing": lambda row: row.tally.missing,
    "pending": lambda row: row.tally.pending,
    "rate": lambda row: -1.0 if row.rate is None else row.rate,
    "major_filed": lambda row: row.major.filed,
    "major_late": lambda row: row.major.late,
}


def sort_rows(rows: list[UnitCompliance], key: str, descending: bool) -> list[UnitCompliance]:
    """Sorted by one column (an unknown key keeps the directory's order); ties keep that order."""
    if key not in SORT_KEYS:
        return rows
    return sorted(rows, key=SORT_KEYS[key], reverse=descending)


# --- who sees which unit -----------------------------------------------------------------------------------------


def sees_all_units(user: Any) -> bool:
    return may_use_reporting(user) and keeps_checklists(user)


def visible_unit_ids(user: Any) -> set[int] | None:
    """None for the office (every unit); the viewer's own unit for its filers; nothing for anyone else."""
    if not may_use_reporting(user):
        return set()
    if keeps_checklists(user):
        return None
    person = getattr(user, "person_or_none", None)
    if person is not None and person.unit_id is not None and files_for_unit(user):
        return {person.unit_id}
    return set()


def may_view_compliance(user: Any) -> bool:
    ids = visible_unit_ids(user)
    return ids is None or bool(ids)
