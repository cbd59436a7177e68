"""The scoring part's JSON API, mounted under /api/information: /scoring/rule-tables (计分规则: list, one,
create, update, delete), /scoring/items/{id}/adoptions and /scoring/adoptions/{id} (上级采用), /scoring/ranking
and /scoring/units/{id}/breakdown. Every action goes through the pages' contracts (schemas_scoring) and
services; a refusal is JSON."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from zhongshu.access.policy import get_for, visible
from zhongshu.accounts.actors import actor_of
from zhongshu.core.errors import Forbidden
from zhongshu.core.inputs import IdParam, Input
from zhongshu.information import adoptions, rule_tables, scoring
from zhongshu.information.actions_scoring import (
    ADOPTION_RULES,
    ITEM_RULES,
    TABLE_RULES,
    lines_shown_to,
    may_keep_rules,
    may_see_ranking,
    may_see_unit,
)
from zhongshu.information.models import InfoReport, ScoreRuleTable, UpwardAdoption
from zhongshu.information.roles import may_use_information
from zhongshu.information.schemas_scoring import AdoptionIn, TableIn, period_in

router = Router(tags=["采用计分"])


def _allowed(request: HttpRequest) -> None:
    if not may_use_information(request.user):
        raise Forbidden("无权使用信息报送", code="not_allowed")


def _ranking_allowed(request: HttpRequest) -> None:
    _allowed(request)
    if not may_see_ranking(request.user):
        raise Forbidden("无权查看信息采用计分", code="not_allowed")


def _num(value: Any) -> float:
    return float(value)


def _table_out(request: HttpRequest, table: ScoreRuleTable) -> dict[str, Any]:
    return {
        "id": table.pk,
        "name": table.name,
        "valid_from": table.valid_from.isoformat(),
        "mode": table.mode,
        "false_item_penalty": _num(table.false_item_penalty),
        "missed_commission_penalty": _num(table.missed_commission_penalty),
        "note": table.note,
        "rules": [{"kind": r.kind, "level": r.level, "points": _num(r.points)} for r in table.rules.all()],
        "quotas": [
            {"period": q.period, "items": q.items, "penalty": _num(q.penalty_per_missing)}
            for q in table.quotas.all()
        ],
        "actions": TABLE_RULES.available(request.user, table),
    }


def _table(request: HttpRequest, pk: int) -> ScoreRuleTable:
    _ranking_allowed(request)
    return get_for(request.user, ScoreRuleTable.objects.prefetch_related("rules", "quotas"), pk)


@router.get("/scoring/rule-tables", summary="计分规则各版本")
def list_tables(request: HttpRequest) -> dict[str, Any]:
    _ranking_allowed(request)
    return {"tables": [_table_out(request, t) for t in rule_tables.tables()]}


@router.get("/scoring/rule-tables/{table_id}", summary="计分规则的一个版本")
def get_table(request: HttpRequest, table_id: IdParam) -> dict[str, Any]:
    return _table_out(request, _table(request, table_id))


@router.post(
    "/scoring/rule-tables",
    summary="新建计分规则版本（name, valid_from, mode, false_item_penalty, missed_commission_penalty, rules, quotas）",
)
def create_table(request: HttpRequest) -> dict[str, Any]:
    _ranking_allowed(request)
    if not may_keep_rules(request.user):
        raise Forbidden("只有县委办信息科和办公室主任才能维护计分规则", code="not_editor")
    table = TableIn.parse(Input.of(request)).create(by=actor_of(request))
    return _table_out(request, ScoreRuleTable.objects.prefetch_related("rules", "quotas").get(pk=table.pk))


@router.post("/scoring/rule-tables/{table_id}", summary="修改尚未计分的计分规则版本")
def update_table(request: HttpRequest, table_id: IdParam) -> dict[str, Any]:
    table = _table(request, table_id)
    TABLE_RULES.require("edit", request.user, table)
    TableIn.parse(Input.of(request)).update(table=table, by=actor_of(request))
    return _table_out(request, ScoreRuleTable.objects.prefetch_related("rules", "quotas").get(pk=table.pk))


@router.post("/scoring/rule-tables/{table_id}/delete", summary="删除尚未计分的计分规则版本")
def delete_table(request: HttpRequest, table_id: IdParam) -> dict[str, Any]:
    table = _table(request, table_id)
    rule_tables.table_delete(table=table, by=actor_of(request))
    return {"deleted": table_id}


def _adoption_out(line: adoptions.AdoptionLine) -> dict[str, Any]:
    return {
        "kind": line.kind,
        "id": line.adoption_id,
        "level": line.level,
        "source": line.source,
        "adopted_on": line.on.isoformat(),
    }


def _item(request: HttpRequest, pk: int) -> InfoReport:
    _allowed(request)
    return get_for(request.user, InfoReport, pk)


@router.get("/scoring/items/{item_id}/adoptions", summary="信息的采用情况与得分")
def item_adoptions(request: HttpRequest, item_id: IdParam) -> dict[str, Any]:
    item = _item(request, item_id)
    return {
        "item": item.pk,
        "adoptions": [_adoption_out(line) for line in adoptions.adoptions_of(item)],
        "points": [_fact_out(f) for f in scoring.item_facts(item.pk)],
        "actions": ITEM_RULES.available(request.user, item),
    }


@router.post(
    "/scoring/items/{item_id}/adoptions",
    summary="登记上级采用（level, publication_name, issue_label, adopted_on）",
)
def record_adoption(request: HttpRequest, item_id: IdParam) -> dict[str, Any]:
    item = _item(request, item_id)
    ITEM_RULES.require("record_adoption", request.user, item)
    adoption = AdoptionIn.parse(Input.of(request)).apply(item=item, by=actor_of(request))
    return {
        "id": adoption.pk,
        "item": adoption.item_id,
        "level": adoption.level,
        "publication_name": adoption.publication_name,
        "issue_label": adoption.issue_label,
        "adopted_on": adoption.adopted_on.isoformat(),
    }


@router.post("/scoring/adoptions/{adoption_id}/delete", summary="删除误登记的上级采用")
def delete_adoption(request: HttpRequest, adoption_id: IdParam) -> dict[str, Any]:
    _allowed(request)
    adoption = get_for(request.user, UpwardAdoption, adoption_id)
    ADOPTION_RULES.require("delete", request.user, adoption)
    adoptions.adoption_delete(adoption=adoption, by=actor_of(request))
    return {"deleted": adoption_id}


def _line_out(line: scoring.RankLine) -> dict[str, Any]:
    return {
        "unit": line.unit_id,
        "name": line.unit_name,
        "rank": line.rank,
        "score": _num(line.score),
        "adopted": line.adopted,
        "previous_rank": line.previous_rank,
        "previous_score": _num(line.previous_score),
        "rank_delta": line.rank_delta,
        "score_delta": _num(line.score_delta),
    }


@router.get("/scoring/ranking", summary="信息采用排名（period=month|quarter|year, year, number）")
def get_ranking(
    request: HttpRequest, period: str = "month", year: int | None = None, number: int | None = None
) -> dict[str, Any]:
    _ranking_allowed(request)
    chosen = period_in(period, year, number)
    result = scoring.ranking(chosen.kind, chosen.year, chosen.number)
    lines = lines_shown_to(request.user, result.lines)
    return {
        "period": chosen.kind,
        "year": chosen.year,
        "number": chosen.number,
        "label": chosen.label,
        "start": chosen.start.isoformat(),
        "end": chosen.end.isoformat(),
        "lines": [_line_out(line) for line in lines],
    }


def _fact_out(fact: scoring.Fact, shown: set[int] | None = None) -> dict[str, Any]:
    hidden = shown is not None and fact.item_id is not None and fact.item_id not in shown
    return {
        "kind": fact.kind,
        "on": fact.on.isoformat(),
        "points": _num(fact.points),
        "item": None if hidden else fact.item_id,
        "level": fact.level,
        "source": "" if hidden else fact.source,
        "rule": fact.rule,
        "note": fact.note,
    }


@router.get("/scoring/units/{unit_id}/breakdown", summary="单位得分明细（period, year, number）")
def get_breakdown(
    request: HttpRequest,
    unit_id: IdParam,
    period: str = "month",
    year: int | None = None,
    number: int | None = None,
) -> dict[str, Any]:
    _ranking_allowed(request)
    if not may_see_unit(request.user, unit_id):
        raise Forbidden("只能查看本单位的得分明细", code="not_allowed")
    chosen = period_in(period, year, number)
    found = scoring.facts(chosen.start, chosen.end, unit_id=unit_id)
    ids = {f.item_id for f in found if f.item_id is not None}
    shown = set(visible(InfoReport.objects.filter(pk__in=ids), request.user).values_list("pk", flat=True))
    return {
        "unit": unit_id,
        "label": chosen.label,
        "total": _num(sum((f.points for f in found), scoring.ZERO)),
        "facts": [_fact_out(f, shown) for f in found],
    }
