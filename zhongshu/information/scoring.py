"""采用计分: scores and rankings, derived from the stored facts under the rule table in force on each fact's
date (rule_tables.py), never stored.

The facts of a period [start, end], each for one unit (a merged item scores for its target's unit):
- an adoption (采用): an item in a distributed issue of the county's own publications (dated the issue's
  published_on, at the publication's level) or adopted upward (UpwardAdoption, dated adopted_on). Under a
  CUMULATIVE version every adoption scores the adoption rule of its level; under a HIGHEST version an item
  scores only its highest-level adoption of all (ties: the earliest), dated on that adoption's date — its other
  adoptions are listed with 0 points, so a later, higher adoption moves the item's points to the later period;
- a leader's instruction (批示) on an item (given_on): the instruction rule of its level;
- a false item (虚假信息, false_marked_at): minus the version's false_item_penalty;
- a missed 约稿 (commissions.missed_targets, dated its deadline): minus missed_commission_penalty;
- a quota (任务数): for every month, quarter and year lying wholly inside [start, end], the version in force on
  that sub-period's last day sets the quota; a unit short of it loses penalty_per_missing for each item short.
  Adopted items are counted as distinct items with an adoption dated in the sub-period. A quota applies to the
  units that report information (信息报送单位): those that have submitted at least one item by the sub-period's
  last day — a unit outside the information network is not penalised for silence.

A ranking lists every active unit, scored, ranked by score with ties sharing a rank (1, 1, 3), with the change
since the previous period of the same kind. It reads a handful of aggregate queries for all units at once.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Literal, cast

from django.db.models import F, Min
from django.db.models.functions import Coalesce
from django.utils import timezone

from zhongshu.core.periods import CalendarPeriod
from zhongshu.core.periods import whole_periods as calendar_whole_periods
from zhongshu.information import commissions
from zhongshu.information.models import (
    AdoptionLevel,
    InfoInstruction,
    InfoReport,
    IssueEntry,
    IssueState,
    RuleKind,
    ScoreRuleTable,
    ScoringMode,
    UpwardAdoption,
)
from zhongshu.org.models import Unit, UnitKind

PeriodKind = Literal["month", "quarter", "year"]
PERIOD_KINDS: tuple[str, ...] = ("month", "quarter", "year")
PERIOD_LABELS = {"month": "月度", "quarter": "季度", "year": "年度"}

LEVEL_ORDER = {level: n for n, level in enumerate(AdoptionLevel.values)}
LEVEL_LABELS = {str(value): str(label) for value, label in AdoptionLevel.choices}
ZERO = Decimal(0)


class FactKind:
    COUNTY_ADOPTION = "county_adoption"  # 本县刊物采用
    UPWARD_ADOPTION = "upward_adoption"  # 上级采用
    INSTRUCTION = "instruction"  # 领导批示
    FALSE_ITEM = "false_item"  # 虚假信息
    MISSED_COMMISSION = "missed_commission"  # 约稿未报
    QUOTA = "quota"  # 任务数未完成


FACT_LABELS = {
    FactKind.COUNTY_ADOPTION: "本县刊物采用",
    FactKind.UPWARD_ADOPTION: "上级刊物采用",
    FactKind.INSTRUCTION: "领导批示",
    FactKind.FALSE_ITEM: "虚假信息扣分",
    FactKind.MISSED_COMMISSION: "约稿未报扣分",
    FactKind.QUOTA: "任务数未完成扣分",
}


EDITING_KINDS = (UnitKind.PARTY_COMMITTEE, UnitKind.GOVERNMENT, UnitKind.OFFICE)


# --- periods -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period(CalendarPeriod):
    """A ranking's month, quarter or year (core.periods), named as a 通报 names it: 2026年11月份, 2026年度."""

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.year}年{self.number}月份"
        if self.kind == "year":
            return f"{self.year}年度"
        return super().label


def period_of(kind: str, year: int, number: int = 1) -> Period:
    """The period `kind` ("month", "quarter", "year") numbered `number` in `year`; ValueError when out of range."""
    return Period.of(kind, year, number)


def period_containing(kind: str, day: date) -> Period:
    return Period.containing(kind, day)


def whole_periods(start: date, end: date) -> list[Period]:
    """Every month, quarter and year lying wholly inside [start, end] (for the quotas)."""
    return [Period.of(p.kind, p.year, p.number) for p in calendar_whole_periods(start, end)]


# --- the rule tables in force --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleVersion:
    table_id: int
    name: str
    valid_from: date
    mode: str
    false_item_penalty: Decimal
    missed_commission_penalty: Decimal
    points: dict[tuple[str, str], Decimal]  # (kind, level) → points
    quotas: dict[str, tuple[int, Decimal]]  # period → (items, penalty per missing)


class Rules:
    """Every version of the rule table, read once (three queries), looked up by date."""

    def __init__(self, versions: list[RuleVersion]) -> None:
        self.versions = sorted(versions, key=lambda v: v.valid_from)
        self._starts = [v.valid_from for v in self.versions]

    @classmethod
    def load(cls) -> Rules:
        tables = list(ScoreRuleTable.objects.prefetch_related("rules", "quotas").order_by("valid_from"))
        return cls(
            [
                RuleVersion(
                    table_id=t.pk,
                    name=t.name,
                    valid_from=t.valid_from,
                    mode=t.mode,
                    false_item_penalty=t.false_item_penalty,
                    missed_commission_penalty=t.missed_commission_penalty,
                    points={(r.kind, r.level): r.points for r in t.rules.all()},
                    quotas={q.period: (q.items, q.penalty_per_missing) for q in t.quotas.all()},
                )
                for t in tables
            ]
        )

    def on(self, day: date) -> RuleVersion | None:
        """The version in force on `day` (None before the first)."""
        at = bisect.bisect_right(self._starts, day)
        return self.versions[at - 1] if at else None


# --- facts ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    kind: str
    unit_id: int
    on: date
    points: Decimal
    item_id: int | None = None
    level: str = ""
    source: str = ""  # the publication and issue, the commission's topic, the quota period
    rule: str = ""  # the rule version's name ("" when no version was in force)
    note: str = ""

    @property
    def label(self) -> str:
        return FACT_LABELS[self.kind]

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS.get(self.level, "")


@dataclass
class _Adoption:
    kind: str
    item_id: int
    unit_id: int
    level: str
    on: date
    source: str
    order: int  # a stable tie-break: county entries before upward ones, then by id


def _adoptions(
    item_ids: Iterable[int] | None, start: date, end: date, unit_id: int | None
) -> list[_Adoption]:
    """The adoption events dated in [start, end] (item_ids None), or every adoption event of `item_ids`."""
    entries = IssueEntry.objects.filter(
        issue__state=IssueState.DISTRIBUTED, issue__published_on__isnull=False
    )
    upward = UpwardAdoption.objects.all()
    if item_ids is None:
        entries = entries.filter(issue__published_on__range=(start, end))
        upward = upward.filter(adopted_on__range=(start, end))
    else:
        ids = list(item_ids)
        entries = entries.filter(item_id__in=ids)
        upward = upward.filter(item_id__in=ids)
    entries = entries.annotate(unit=Coalesce(F("item__merged_into__unit_id"), F("item__unit_id")))
    upward = upward.annotate(unit=Coalesce(F("item__merged_into__unit_id"), F("item__unit_id")))
    if unit_id is not None:
        entries = entries.filter(unit=unit_id)
        upward = upward.filter(unit=unit_id)
    found = [
        _Adoption(
            FactKind.COUNTY_ADOPTION,
            item,
            unit,
            level or AdoptionLevel.COUNTY,
            cast(date, on),
            f"{name}{year}年第{number}期" if number else str(name),
            pk,
        )
        for pk, item, unit, level, on, name, year, number in entries.values_list(
            "pk",
            "item_id",
            "unit",
            "issue__publication__level",
            "issue__published_on",
            "issue__publication__name",
            "issue__year",
            "issue__number",
        ).iterator(chunk_size=5000)
    ]
    found.extend(
        _Adoption(FactKind.UPWARD_ADOPTION, item, unit, level, on, f"{name}{label}", 10**12 + pk)
        for pk, item, unit, level, on, name, label in upward.values_list(
            "pk", "item_id", "unit", "level", "adopted_on", "publication_name", "issue_label"
        ).iterator(chunk_size=5000)
    )
    return found


def _highest(adoptions: list[_Adoption]) -> _Adoption:
    return max(adoptions, key=lambda a: (LEVEL_ORDER.get(a.level, -1), -a.on.toordinal(), -a.order))


def _score_adoptions(rules: Rules, events: list[_Adoption], start: date, end: date) -> list[Fact]:
    highest_modes = {v.table_id for v in rules.versions if v.mode == ScoringMode.HIGHEST}
    best: dict[int, _Adoption] = {}
    if highest_modes:
        needs = {
            a.item_id for a in events if (v := rules.on(a.on)) is not None and v.table_id in highest_modes
        }
        if needs:
            by_item: dict[int, list[_Adoption]] = defaultdict(list)
            for adoption in _adoptions(needs, start, end, None):
                by_item[adoption.item_id].append(adoption)
            best = {item: _highest(found) for item, found in by_item.items()}
    facts = []
    for a in events:
        version = rules.on(a.on)
        points, note = ZERO, ""
        if version is None:
            note = "无适用的计分规则"
        else:
            points = version.points.get((RuleKind.ADOPTION, a.level), ZERO)
            if version.mode == ScoringMode.HIGHEST:
                top = best.get(a.item_id)
                if top is not None and (top.kind, top.order) != (a.kind, a.order):
                    points = ZERO
                    note = f"就高计分：按{LEVEL_LABELS.get(top.level, top.level)}采用计分"
        facts.append(
            Fact(
                kind=a.kind,
                unit_id=a.unit_id,
                on=a.on,
                points=points,
                item_id=a.item_id,
                level=a.level,
                source=a.source,
                rule=version.name if version else "",
                note=note,
            )
        )
    return facts


def adoption_facts(rules: Rules, start: date, end: date, unit_id: int | None = None) -> list[Fact]:
    """The adoption facts dated in [start, end], scored (see the module's docstring for HIGHEST)."""
    return _score_adoptions(rules, _adoptions(None, start, end, unit_id), start, end)


def item_facts(item_id: int, rules: Rules | None = None) -> list[Fact]:
    """Every scoring fact of one item, whatever its date: its adoptions, its instructions, a false mark."""
    rules = rules or Rules.load()
    far = (date(1900, 1, 1), date(9999, 12, 31))
    found = _score_adoptions(rules, _adoptions([item_id], *far, None), *far)
    found += [f for f in instruction_facts(rules, *far, item_id=item_id)]
    found += [f for f in false_item_facts(rules, *far, item_id=item_id)]
    found.sort(key=lambda f: (f.on, f.kind))
    return found


def _unit_filter(unit_id: int | None) -> dict[str, int]:
    return {} if unit_id is None else {"unit": unit_id}


def instruction_facts(
    rules: Rules, start: date, end: date, unit_id: int | None = None, item_id: int | None = None
) -> list[Fact]:
    rows = (
        InfoInstruction.objects.filter(item__isnull=False, given_on__range=(start, end))
        .filter(**({} if item_id is None else {"item_id": item_id}))
        .annotate(unit=Coalesce(F("item__merged_into__unit_id"), F("item__unit_id")))
        .filter(**_unit_filter(unit_id))
        .values_list("item_id", "unit", "level", "given_on", "leader__name", "leader_name")
    )
    facts = []
    for item, unit, level, on, leader, leader_name in rows.iterator(chunk_size=5000):
        version = rules.on(on)
        points = version.points.get((RuleKind.INSTRUCTION, level), ZERO) if version else ZERO
        facts.append(
            Fact(
                kind=FactKind.INSTRUCTION,
                unit_id=unit,
                on=on,
                points=points,
                item_id=item,
                level=level,
                source=leader or leader_name or "",
                rule=version.name if version else "",
                note="" if version else "无适用的计分规则",
            )
        )
    return facts


def false_item_facts(
    rules: Rules, start: date, end: date, unit_id: int | None = None, item_id: int | None = None
) -> list[Fact]:
    tz = timezone.get_current_timezone()
    low = datetime.combine(max(start, date(1900, 1, 1)), time.min, tzinfo=tz)
    high = datetime.combine(min(end, date(9999, 12, 30)) + timedelta(days=1), time.min, tzinfo=tz)
    rows = (
        InfoReport.objects.filter(false_marked_at__gte=low, false_marked_at__lt=high)
        .filter(**({} if item_id is None else {"pk": item_id}))
        .annotate(scoring_unit=Coalesce(F("merged_into__unit_id"), F("unit_id")))
        .filter(**({} if unit_id is None else {"scoring_unit": unit_id}))
        .values_list("pk", "scoring_unit", "false_marked_at", "false_reason")
    )
    facts = []
    for item, unit, marked_at, reason in rows.iterator(chunk_size=5000):
        on = timezone.localdate(marked_at)
        version = rules.on(on)
        facts.append(
            Fact(
                kind=FactKind.FALSE_ITEM,
                unit_id=unit,
                on=on,
                points=-version.false_item_penalty if version else ZERO,
                item_id=item,
                source=reason,
                rule=version.name if version else "",
            )
        )
    return facts


def missed_commission_facts(rules: Rules, start: date, end: date, unit_id: int | None = None) -> list[Fact]:
    facts = []
    for missed in commissions.missed_targets(start, end):
        if unit_id is not None and missed.unit_id != unit_id:
            continue
        version = rules.on(missed.deadline)
        facts.append(
            Fact(
                kind=FactKind.MISSED_COMMISSION,
                unit_id=missed.unit_id,
                on=missed.deadline,
                points=-version.missed_commission_penalty if version else ZERO,
                source=missed.topic,
                rule=version.name if version else "",
            )
        )
    return facts


def _bucket(kind: str, day: date) -> tuple[str, int, int]:
    number = day.month if kind == "month" else (day.month + 2) // 3 if kind == "quarter" else 1
    return (kind, day.year, number)


def _shortfalls(
    rules: Rules, start: date, end: date, adoptions: list[Fact], unit_id: int | None = None
) -> Iterator[tuple[Period, RuleVersion, int, int, int, Decimal]]:
    """(sub-period, version, unit, quota, items short, penalty per item) for each unit short of a quota."""
    periods = [(p, v) for p in whole_periods(start, end) if (v := rules.on(p.end)) and p.kind in v.quotas]
    periods = [(p, v) for p, v in periods if v.quotas[p.kind][0] > 0 and v.quotas[p.kind][1] > 0]
    if not periods:
        return
    first_submitted = {
        unit: timezone.localdate(first)
        for unit, first in InfoReport.objects.filter(
            submitted_at__isnull=False, **({} if unit_id is None else {"unit_id": unit_id})
        )
        .values("unit_id")
        .annotate(first=Min("submitted_at"))
        .values_list("unit_id", "first")
        if first is not None
    }
    adopted: dict[tuple[str, int, int], dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    kinds = {p.kind for p, _v in periods}
    for fact in adoptions:  # bucketed once: each adopted item in its month, quarter and year
        if fact.item_id is None:
            continue
        for kind in kinds:
            adopted[_bucket(kind, fact.on)][fact.unit_id].add(fact.item_id)
    for period, version in periods:
        items, penalty = version.quotas[period.kind]
        counted = adopted.get((period.kind, period.year, period.number), {})
        for unit, first in first_submitted.items():
            if first > period.end:
                continue
            short = items - len(counted.get(unit, ()))
            if short > 0:
                yield period, version, unit, items, short, penalty


def quota_facts(
    rules: Rules, start: date, end: date, adoptions: list[Fact], unit_id: int | None = None
) -> list[Fact]:
    """For each month/quarter/year wholly inside [start, end], a unit that reports information and is short
    of the quota in force on the sub-period's last day loses penalty_per_missing per item short. `adoptions`
    are the adoption facts of [start, end] (scored or not: each adopted item counts once per sub-period)."""
    return [
        Fact(
            kind=FactKind.QUOTA,
            unit_id=unit,
            on=period.end,
            points=-penalty * short,
            source=f"{period.label}任务数{items}条，采用{items - short}条，少{short}条",
            rule=version.name,
        )
        for period, version, unit, items, short, penalty in _shortfalls(rules, start, end, adoptions, unit_id)
    ]


def facts(
    start: date, end: date, unit_id: int | None = None, rules: Rules | None = None, *, quotas: bool = True
) -> list[Fact]:
    """Every scoring fact of [start, end] (of one unit, or of all), ordered by date; `quotas=False` leaves the
    quota shortfalls out (the ranking sums them without making a Fact of each)."""
    rules = rules or Rules.load()
    adoptions = adoption_facts(rules, start, end, unit_id)
    found = [
        *adoptions,
        *instruction_facts(rules, start, end, unit_id),
        *false_item_facts(rules, start, end, unit_id),
        *missed_commission_facts(rules, start, end, unit_id),
        *(quota_facts(rules, start, end, adoptions, unit_id) if quotas else []),
    ]
    found.sort(key=lambda f: (f.on, f.kind, f.item_id or 0))
    return found


# --- rankings ------------------------------------------------------------------------------------------------


@dataclass
class RankLine:
    unit_id: int
    unit_name: str
    score: Decimal
    adopted: int  # distinct items adopted in the period (采用条数)
    rank: int
    previous_score: Decimal = ZERO
    previous_rank: int | None = None

    @property
    def rank_delta(self) -> int | None:
        """Places gained since the previous period (positive: up)."""
        return None if self.previous_rank is None else self.previous_rank - self.rank

    @property
    def score_delta(self) -> Decimal:
        return self.score - self.previous_score


@dataclass
class Ranking:
    period: Period
    previous: Period
    lines: list[RankLine] = field(default_factory=list)

    @property
    def rows(self) -> list[RankLine]:
        return self.lines

    def __len__(self) -> int:
        return len(self.lines)

    def line_of(self, unit_id: int) -> RankLine | None:
        return next((line for line in self.lines if line.unit_id == unit_id), None)


def _scores(
    previous: Period, period: Period, rules: Rules
) -> tuple[dict[int, Decimal], dict[int, int], dict[int, Decimal]]:
    """Each unit's score and adopted items in `period` and its score in `previous`, from one reading of the
    facts of both (two consecutive periods of one kind hold no whole month, quarter or year of the quotas
    that is not inside one of them, so the split gives what two readings would)."""
    score: dict[int, Decimal] = defaultdict(Decimal)
    before: dict[int, Decimal] = defaultdict(Decimal)
    adopted: dict[int, set[int]] = defaultdict(set)
    found = facts(previous.start, period.end, rules=rules, quotas=False)
    for fact in found:
        if fact.on < period.start:
            before[fact.unit_id] += fact.points
            continue
        score[fact.unit_id] += fact.points
        if fact.kind in (FactKind.COUNTY_ADOPTION, FactKind.UPWARD_ADOPTION) and fact.item_id is not None:
            adopted[fact.unit_id].add(fact.item_id)
    adoptions = [f for f in found if f.kind in (FactKind.COUNTY_ADOPTION, FactKind.UPWARD_ADOPTION)]
    for quota_period, _version, unit, _items, short, penalty in _shortfalls(
        rules, previous.start, period.end, adoptions
    ):
        (before if quota_period.end < period.start else score)[unit] -= penalty * short
    return score, {unit: len(items) for unit, items in adopted.items()}, before


def _ranks(units: list[tuple[int, str]], score: dict[int, Decimal]) -> dict[int, int]:
    ordered = sorted(units, key=lambda u: -score.get(u[0], ZERO))
    ranks: dict[int, int] = {}
    last: Decimal | None = None
    rank = 0
    for n, (unit, _name) in enumerate(ordered, start=1):
        value = score.get(unit, ZERO)
        if value != last:
            rank, last = n, value
        ranks[unit] = rank
    return ranks


def ranking(period_kind: str, year: int, number: int = 1) -> Ranking:
    """The ranking of every active unit for the period (kind "month"/"quarter"/"year", `number` the month or
    quarter, 1 for a year), each with its rank and score change since the previous period."""
    period = period_of(period_kind, year, number)
    previous = period.previous()
    rules = Rules.load()
    score, adopted, before = _scores(previous, period, rules)
    # The units that report information are ranked (towns, bureaus and the like); the county committee, the
    # government and the offices are the publications' readers and editors, listed only when they scored.
    units = [
        (unit, name)
        for unit, name, kind in Unit.objects.filter(is_active=True)
        .order_by("sort_order", "id")
        .values_list("id", "name", "kind")
        if kind not in EDITING_KINDS or unit in score or unit in before
    ]
    ranks = _ranks(units, score)
    previous_ranks = _ranks(units, before)
    lines = [
        RankLine(
            unit_id=unit,
            unit_name=name,
            score=score.get(unit, ZERO),
            adopted=adopted.get(unit, 0),
            rank=ranks[unit],
            previous_score=before.get(unit, ZERO),
            previous_rank=previous_ranks[unit],
        )
        for unit, name in units
    ]
    lines.sort(key=lambda line: line.rank)  # stable: ties keep the units' order
    return Ranking(period=period, previous=previous, lines=lines)
