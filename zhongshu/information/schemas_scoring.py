"""One input contract per action of the scoring part (计分规则, 上级采用, the period of a ranking), read the
same way by the pages and the API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from zhongshu.accounts.actors import Actor
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input
from zhongshu.information import adoptions, rule_tables, scoring
from zhongshu.information.models import (
    AdoptionLevel,
    InfoReport,
    QuotaPeriod,
    RuleKind,
    ScoreRuleTable,
    ScoringMode,
    UpwardAdoption,
)

RULE_COLUMNS = {"kind": "rule_kind", "level": "rule_level", "points": "rule_points"}
QUOTA_COLUMNS = {"period": "quota_period", "items": "quota_items", "penalty": "quota_penalty"}
MAX_ROWS = 40


def _rules(data: Input) -> list[rule_tables.RuleSpec]:
    rows = data.rows("rules", RULE_COLUMNS)
    if len(rows) > MAX_ROWS:
        raise ServiceError(f"计分细则最多{MAX_ROWS}条", code="too_many_values", field="rules")
    specs = []
    for row in rows:
        raw = row.value("points")
        if raw is None or str(raw).strip() == "":
            continue  # a blank line of the form: no rule
        specs.append(
            rule_tables.RuleSpec(
                kind=row.choice("kind", RuleKind.values, label="计分类别"),
                level=row.choice("level", AdoptionLevel.values, label="层级"),
                points=rule_tables.points_of(raw, label="分值", field="rules"),
            )
        )
    return specs


def _quotas(data: Input) -> list[rule_tables.QuotaSpec]:
    rows = data.rows("quotas", QUOTA_COLUMNS)
    if len(rows) > MAX_ROWS:
        raise ServiceError(f"任务数最多{MAX_ROWS}条", code="too_many_values", field="quotas")
    specs = []
    for row in rows:
        items = row.integer("items", label="采用任务数", low=0, high=10000)
        if items is None:
            continue
        penalty = row.value("penalty")
        specs.append(
            rule_tables.QuotaSpec(
                period=row.choice("period", QuotaPeriod.values, label="任务周期"),
                items=items,
                penalty_per_missing=rule_tables.points_of(
                    "0" if penalty is None or str(penalty).strip() == "" else penalty,
                    label="每少一条扣分",
                    field="quotas",
                ),
            )
        )
    return specs


def _penalty(data: Input, name: str, label: str) -> Decimal:
    raw = data.value(name)
    return rule_tables.points_of(
        "0" if raw is None or str(raw).strip() == "" else raw, label=label, field=name
    )


@dataclass(frozen=True)
class TableIn:
    name: str
    valid_from: date | None
    mode: str
    false_item_penalty: Decimal
    missed_commission_penalty: Decimal
    note: str
    rules: list[rule_tables.RuleSpec]
    quotas: list[rule_tables.QuotaSpec]

    @classmethod
    def parse(cls, data: Input) -> TableIn:
        return cls(
            name=data.text("name", label="规则名称"),
            valid_from=data.date("valid_from", label="启用日期"),
            mode=data.choice("mode", ScoringMode.values, label="计分方式", default=ScoringMode.CUMULATIVE),
            false_item_penalty=_penalty(data, "false_item_penalty", "虚假信息扣分"),
            missed_commission_penalty=_penalty(data, "missed_commission_penalty", "约稿未报扣分"),
            note=data.text("note", label="说明"),
            rules=_rules(data),
            quotas=_quotas(data),
        )

    def create(self, *, by: Actor) -> ScoreRuleTable:
        return rule_tables.table_create(
            name=self.name,
            valid_from=self.valid_from,
            mode=self.mode,
            false_item_penalty=self.false_item_penalty,
            missed_commission_penalty=self.missed_commission_penalty,
            note=self.note,
            rules=self.rules,
            quotas=self.quotas,
            by=by,
        )

    def update(self, *, table: ScoreRuleTable, by: Actor) -> ScoreRuleTable:
        return rule_tables.table_update(
            table=table,
            name=self.name,
            valid_from=self.valid_from,
            mode=self.mode,
            false_item_penalty=self.false_item_penalty,
            missed_commission_penalty=self.missed_commission_penalty,
            note=self.note,
            rules=self.rules,
            quotas=self.quotas,
            by=by,
        )


@dataclass(frozen=True)
class AdoptionIn:
    level: str
    publication_name: str
    issue_label: str
    adopted_on: date | None

    @classmethod
    def parse(cls, data: Input) -> AdoptionIn:
        return cls(
            level=data.choice("level", [v for v, _ in adoptions.UPWARD_LEVELS], label="采用层级"),
            publication_name=data.text("publication_name", label="采用刊物", max_length=60),
            issue_label=data.text("issue_label", label="期号", max_length=30),
            adopted_on=data.date("adopted_on", label="采用日期"),
        )

    def apply(self, *, item: InfoReport, by: Actor) -> UpwardAdoption:
        return adoptions.adoption_record(
            item=item,
            level=self.level,
            publication_name=self.publication_name,
            issue_label=self.issue_label,
            adopted_on=self.adopted_on,
            by=by,
        )


def period_in(kind: str, year: str | int | None, number: str | int | None) -> scoring.Period:
    """The period a page or the API asks for; the current month when nothing is given."""
    today = timezone.localdate()
    kind = (kind or "month").strip()
    if kind not in scoring.PERIOD_KINDS:
        raise ServiceError("未知的统计周期，应为月度、季度或年度", code="unknown_period", field="period")
    data = Input({"year": year, "number": number})
    got_year = data.integer("year", label="年度", low=2000, high=2100) or today.year
    if kind == "year":
        return scoring.period_of(kind, got_year, 1)
    default = scoring.period_containing(kind, today).number
    high = 12 if kind == "month" else 4
    got_number = data.integer("number", label="月份" if kind == "month" else "季度", low=1, high=high)
    return scoring.period_of(kind, got_year, got_number or default)
