"""计分规则: the office's versioned scoring rule table (ScoreRuleTable with its ScoreRules and ScoreQuotas).

A version is in force from its valid_from until the next version's valid_from, so versions never overlap and
two versions may not share a valid_from. A version that has scored a fact (an adoption, an instruction, a false
item or a missed 约稿 dated on or after its valid_from and before the next version's) is frozen: neither
edited nor deleted, nor cut short by a new version starting inside its span before such a fact — the office
makes a new version from a later date instead, so last year's ranking keeps last year's rules.

Refused with a clear message and nothing saved: two rules for one kind and level (a table that contradicts
itself), two quotas for one period, negative points or penalties, a valid_from another version has.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhongshu.access.policy import Action, Viewer, register_scope
from zhongshu.accounts.actors import Actor
from zhongshu.audit.services import audit_record
from zhongshu.core.errors import Conflict, Forbidden, ServiceError
from zhongshu.information import commissions
from zhongshu.information.actions_scoring import TABLE_RULES
from zhongshu.information.models import (
    AdoptionLevel,
    InfoInstruction,
    InfoReport,
    IssueEntry,
    IssueState,
    QuotaPeriod,
    RuleKind,
    ScoreQuota,
    ScoreRule,
    ScoreRuleTable,
    ScoringMode,
    UpwardAdoption,
)
from zhongshu.information.roles import is_editor

MAX_POINTS = Decimal("9999.9")
KIND_LABELS = {str(v): str(label) for v, label in RuleKind.choices}
LEVEL_LABELS = {str(v): str(label) for v, label in AdoptionLevel.choices}
PERIOD_LABELS = {str(v): str(label) for v, label in QuotaPeriod.choices}


@dataclass(frozen=True)
class RuleSpec:
    kind: str
    level: str
    points: Decimal


@dataclass(frozen=True)
class QuotaSpec:
    period: str
    items: int
    penalty_per_missing: Decimal


def points_of(raw: Any, *, label: str, field: str) -> Decimal:
    """A non-negative score with at most one decimal place (the penalties are written as positive figures)."""
    text = "" if raw is None else str(raw).strip()
    if text == "":
        raise ServiceError(f"请填写{label}", code="points_required", field=field)
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ServiceError(f"{label}应为数字：{text[:20]}", code="bad_points", field=field) from None
    if not value.is_finite():
        raise ServiceError(f"{label}应为数字：{text[:20]}", code="bad_points", field=field)
    if value < 0:
        raise ServiceError(f"{label}不能为负数（扣分项填写扣减的分值）", code="negative_points", field=field)
    if value > MAX_POINTS:
        raise ServiceError(f"{label}不能超过{MAX_POINTS}", code="points_too_large", field=field)
    if value != value.quantize(Decimal("0.1")):
        raise ServiceError(f"{label}最多保留一位小数", code="bad_points", field=field)
    return value.quantize(Decimal("0.1"))


def _check_rules(rules: list[RuleSpec], quotas: list[QuotaSpec]) -> None:
    seen: set[tuple[str, str]] = set()
    for rule in rules:
        if rule.kind not in KIND_LABELS:
            raise ServiceError(f"未知的计分类别：{rule.kind[:20]}", code="unknown_kind", field="rules")
        if rule.level not in LEVEL_LABELS:
            raise ServiceError(f"未知的层级：{rule.level[:20]}", code="unknown_level", field="rules")
        if rule.points < 0:
            raise ServiceError("分值不能为负数", code="negative_points", field="rules")
        if (rule.kind, rule.level) in seen:
            raise ServiceError(
                f"计分规则自相矛盾：“{KIND_LABELS[rule.kind]}·{LEVEL_LABELS[rule.level]}”有两条细则，请只保留一条",
                code="contradictory_rules",
                field="rules",
            )
        seen.add((rule.kind, rule.level))
    periods: set[str] = set()
    for quota in quotas:
        if quota.period not in PERIOD_LABELS:
            raise ServiceError(f"未知的任务周期：{quota.period[:20]}", code="unknown_period", field="quotas")
        if quota.items < 0 or quota.penalty_per_missing < 0:
            raise ServiceError("任务数和扣分不能为负数", code="negative_points", field="quotas")
        if quota.period in periods:
            raise ServiceError(
                f"计分规则自相矛盾：“{PERIOD_LABELS[quota.period]}”有两个任务数，请只保留一个",
                code="contradictory_quotas",
                field="quotas",
            )
        periods.add(quota.period)


# --- spans and scored facts ------------------------------------------------------------------------------------


def span_of(table: ScoreRuleTable) -> tuple[date, date | None]:
    """[valid_from, the next version's valid_from) — None when it is the latest."""
    following = (
        ScoreRuleTable.objects.filter(valid_from__gt=table.valid_from)
        .order_by("valid_from")
        .values_list("valid_from", flat=True)
        .first()
    )
    return table.valid_from, following


def first_fact_on_or_after(start: date, before: date | None) -> date | None:
    """The date of the earliest scoring fact in [start, before) (before None: no end), or None."""
    last = (before - timedelta(days=1)) if before else date(9999, 12, 30)
    found: list[date] = []
    entry = (
        IssueEntry.objects.filter(
            issue__state=IssueState.DISTRIBUTED, issue__published_on__range=(start, last)
        )
        .order_by("issue__published_on")
        .values_list("issue__published_on", flat=True)
        .first()
    )
    upward = (
        UpwardAdoption.objects.filter(adopted_on__range=(start, last))
        .order_by("adopted_on")
        .values_list("adopted_on", flat=True)
        .first()
    )
    instruction = (
        InfoInstruction.objects.filter(item__isnull=False, given_on__range=(start, last))
        .order_by("given_on")
        .values_list("given_on", flat=True)
        .first()
    )
    tz = timezone.get_current_timezone()
    low = datetime.combine(start, time.min, tzinfo=tz)
    false_filter: dict[str, Any] = {"false_marked_at__gte": low}
    if before is not None:
        false_filter["false_marked_at__lt"] = datetime.combine(before, time.min, tzinfo=tz)
    false_at = (
        InfoReport.objects.filter(**false_filter)
        .order_by("false_marked_at")
        .values_list("false_marked_at", flat=True)
        .first()
    )
    today = timezone.localdate()
    missed = commissions.missed_targets(start, min(last, today)) if start <= today else []
    found.extend(d for d in (entry, upward, instruction) if d is not None)
    if false_at is not None:
        found.append(timezone.localdate(false_at))
    found.extend(m.deadline for m in missed)
    return min(found) if found else None


def has_scored(table: ScoreRuleTable) -> bool:
    start, before = span_of(table)
    return first_fact_on_or_after(start, before) is not None


# --- services --------------------------------------------------------------------------------------------------


def _may_keep(by: Actor) -> None:
    if not is_editor(by):
        raise Forbidden("只有县委办信息科和办公室主任才能维护计分规则", code="not_editor")


def _check_new_start(valid_from: date, *, exclude: int | None) -> None:
    """A version starting on `valid_from` may not share it, nor cut short a scored version's span."""
    others = ScoreRuleTable.objects.exclude(pk=exclude or 0)
    if others.filter(valid_from=valid_from).exists():
        raise ServiceError(
            f"已有自{valid_from:%Y年%m月%d日}起施行的计分规则版本，启用日期不能相同",
            code="valid_from_taken",
            field="valid_from",
        )
    cut = others.filter(valid_from__lt=valid_from).order_by("-valid_from").first()
    if cut is None:
        return  # the earliest version: facts before it had no rules and scored nothing
    before = (
        others.filter(valid_from__gt=cut.valid_from)
        .order_by("valid_from")
        .values_list("valid_from", flat=True)
        .first()
    )
    scored = first_fact_on_or_after(valid_from, before)
    if scored is not None:
        raise ServiceError(
            f"“{cut.name}”已按{scored:%Y年%m月%d日}的事项计分，新版本不能从{valid_from:%Y年%m月%d日}起施行；"
            "请选择该日之后的启用日期",
            code="version_scored",
            field="valid_from",
        )


def _write(table: ScoreRuleTable, rules: list[RuleSpec], quotas: list[QuotaSpec]) -> None:
    ScoreRule.objects.filter(table=table).delete()
    ScoreQuota.objects.filter(table=table).delete()
    ScoreRule.objects.bulk_create(
        ScoreRule(table=table, kind=r.kind, level=r.level, points=r.points) for r in rules
    )
    ScoreQuota.objects.bulk_create(
        ScoreQuota(table=table, period=q.period, items=q.items, penalty_per_missing=q.penalty_per_missing)
        for q in quotas
    )


def _fields(name: str, mode: str, note: str) -> tuple[str, str, str]:
    name = (name or "").strip()
    if not name:
        raise ServiceError("请填写规则名称", code="name_required", field="name")
    if len(name) > 60:
        raise ServiceError("规则名称不能超过60字", code="too_long", field="name")
    if mode not in ScoringMode.values:
        raise ServiceError("请选择计分方式", code="unknown_mode", field="mode")
    note = (note or "").strip()
    if len(note) > 200:
        raise ServiceError("说明不能超过200字", code="too_long", field="note")
    return name, mode, note


def table_create(
    *,
    name: str,
    valid_from: date | None,
    mode: str,
    false_item_penalty: Decimal,
    missed_commission_penalty: Decimal,
    rules: list[RuleSpec],
    quotas: list[QuotaSpec],
    note: str = "",
    by: Actor,
) -> ScoreRuleTable:
    """A new version of the rule table, in force from `valid_from`."""
    _may_keep(by)
    name, mode, note = _fields(name, mode, note)
    if valid_from is None:
        raise ServiceError("请填写启用日期", code="valid_from_required", field="valid_from")
    _check_rules(rules, quotas)
    try:
        with transaction.atomic():
            list(ScoreRuleTable.objects.select_for_update().all())  # one writer of the versions at a time
            _check_new_start(valid_from, exclude=None)
            table = ScoreRuleTable.objects.create(
                name=name,
                valid_from=valid_from,
                mode=mode,
                false_item_penalty=false_item_penalty,
                missed_commission_penalty=missed_commission_penalty,
                note=note,
                created_by=by,
            )
            _write(table, rules, quotas)
            _audit(table, by=by, action="information.rule_table.create")
    except IntegrityError:
        raise Conflict("启用日期已被其他版本使用，请刷新后重试", code="valid_from_taken") from None
    return table


def table_update(
    *,
    table: ScoreRuleTable,
    name: str,
    valid_from: date | None,
    mode: str,
    false_item_penalty: Decimal,
    missed_commission_penalty: Decimal,
    rules: list[RuleSpec],
    quotas: list[QuotaSpec],
    note: str = "",
    by: Actor,
) -> ScoreRuleTable:
    """Change a version that has scored nothing yet (refused once it has: make a new version)."""
    _may_keep(by)
    TABLE_RULES.require("edit", by, table)
    name, mode, note = _fields(name, mode, note)
    if valid_from is None:
        raise ServiceError("请填写启用日期", code="valid_from_required", field="valid_from")
    _check_rules(rules, quotas)
    try:
        with transaction.atomic():
            list(ScoreRuleTable.objects.select_for_update().all())
            table = ScoreRuleTable.objects.get(pk=table.pk)
            TABLE_RULES.require("edit", by, table)
            if valid_from != table.valid_from:
                _check_new_start(valid_from, exclude=table.pk)
            table.name, table.valid_from, table.mode, table.note = name, valid_from, mode, note
            table.false_item_penalty = false_item_penalty
            table.missed_commission_penalty = missed_commission_penalty
            table.save()
            _write(table, rules, quotas)
            _audit(table, by=by, action="information.rule_table.update")
    except IntegrityError:
        raise Conflict("启用日期已被其他版本使用，请刷新后重试", code="valid_from_taken") from None
    return table


def table_delete(*, table: ScoreRuleTable, by: Actor) -> None:
    """Delete a version that has scored nothing (its span goes to the version before it)."""
    _may_keep(by)
    with transaction.atomic():
        list(ScoreRuleTable.objects.select_for_update().all())
        table = ScoreRuleTable.objects.get(pk=table.pk)
        TABLE_RULES.require("delete", by, table)
        _audit(table, by=by, action="information.rule_table.delete")
        table.delete()


def _audit(table: ScoreRuleTable, *, by: Actor, action: str) -> None:
    audit_record(
        actor=by,
        action=action,
        target=table,
        details={
            "name": table.name,
            "valid_from": table.valid_from.isoformat(),
            "mode": table.mode,
            "note": "；".join(
                f"{KIND_LABELS[r.kind]}·{LEVEL_LABELS[r.level]}{r.points}分" for r in table.rules.all()
            ),
        },
    )


def tables() -> list[ScoreRuleTable]:
    """Every version, the newest first, with its rules and quotas."""
    return list(ScoreRuleTable.objects.prefetch_related("rules", "quotas").order_by("-valid_from"))


def _table_scope(viewer: Viewer, action: Action) -> Any:
    """The rule table is the office's published rules: every business person reads it; editors change it."""
    from django.db.models import Q

    if not viewer.is_business_person:
        return None
    if action != Action.VIEW and not is_editor(viewer):
        return None
    return Q()


def register() -> None:
    register_scope(ScoreRuleTable, _table_scope)
