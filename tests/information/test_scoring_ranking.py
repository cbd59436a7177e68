"""The ranking against a hand computation with two versions of the rule table.

Version A "2025年计分办法" from 2025-01-01, 就高计分: adoption county 10 / city 20 / province 30, instruction
county 5 / city 8, false item −10, missed 约稿 −5, no quota. Version B "2026年计分办法" from 2026-03-01, 累计计分:
adoption county 12 / city 25 / province 40, instruction county 6 / city 10, false item −15, missed 约稿 −8,
monthly quota 1 item (−3 per item short).

Facts (城关镇 CGZ, 河口乡 HKX, 农业农村局 NYJ):
  item1 CGZ  快报 2026-02-10 (A, highest-only: its highest is the city's → 0) · 市级 2026-02-20 (A: 20)
  item2 CGZ  快报 2026-03-05 (B: 12) · 省级 2026-03-10 (B: 40) · county 批示 2026-02-25 (A: 5)
  item3 HKX  快报 2026-02-10 (A, highest-only: its highest is the city's of 03-15 → 0) · 市级 2026-03-15
             (B: 25) · city 批示 2026-03-20 (B: 10)
  item4 NYJ  false 2026-02-15 (A: −10)
  item5 HKX  false 2026-03-02 (B: −15)
  约稿 NYJ deadline 2026-02-27 missed (A: −5); 约稿 HKX deadline 2026-03-20 missed (B: −8)
  quota: March (B, 1 a month): NYJ (has submitted, nothing adopted in March) −3; CGZ and HKX had adoptions.

  February: CGZ 0+20+5 = 25 · HKX 0 · NYJ −10−5 = −15 · the office 0
  March:    CGZ 12+40 = 52 · HKX 25+10−15−8 = 12 · NYJ −3 · the office 0
  Q1:       CGZ 77 · HKX 12 · NYJ −18 · the office 0
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.information import scoring_helpers as h
from zhongshu.information import scoring
from zhongshu.information.models import ItemState

D = Decimal


@pytest.fixture
def scored(county):
    h.table(
        county,
        "2025年计分办法",
        date(2025, 1, 1),
        mode="highest",
        adoption={"county": 10, "city": 20, "province": 30},
        instruction={"county": 5, "city": 8},
        false_penalty=10,
        missed_penalty=5,
    )
    h.table(
        county,
        "2026年计分办法",
        date(2026, 3, 1),
        mode="cumulative",
        adoption={"county": 12, "city": 25, "province": 40},
        instruction={"county": 6, "city": 10},
        false_penalty=15,
        missed_penalty=8,
        quotas=[("month", 1, 3)],
    )
    cgz, hkx = county.town_writers
    kuaibao = county.publications["kuaibao"]
    item1 = h.item(county, cgz, "城关镇春耕备耕有序推进", submitted=date(2026, 2, 5))
    item2 = h.item(county, cgz, "城关镇防汛准备工作扎实", submitted=date(2026, 2, 20))
    item3 = h.item(county, hkx, "河口乡产业园区开工", submitted=date(2026, 2, 6))
    item4 = h.item(county, county.bureau_writer, "全县小麦长势良好", submitted=date(2026, 1, 10))
    item5 = h.item(county, hkx, "河口乡旅游收入翻番", submitted=date(2026, 2, 26))
    h.distributed(county, kuaibao, date(2026, 2, 10), item1, item3)
    h.upward(county, item1, "city", "市委办公室《每日要情》", "2026年第30期", date(2026, 2, 20))
    h.distributed(county, kuaibao, date(2026, 3, 5), item2)
    h.upward(county, item2, "province", "省委办公厅《要情专报》", "2026年第8期", date(2026, 3, 10))
    h.instruction(county, item2, "county", date(2026, 2, 25))
    h.upward(county, item3, "city", "市委办公室《每日要情》", "2026年第52期", date(2026, 3, 15))
    h.instruction(county, item3, "city", date(2026, 3, 20))
    h.mark_false(item4, date(2026, 2, 15))
    h.mark_false(item5, date(2026, 3, 2))
    # The missed 约稿 below are scored through commissions.missed_targets, as the ranking reads them.
    h.missed_commission(county, county.bureau, "春季农业生产情况", date(2026, 2, 27))
    h.missed_commission(county, county.towns[1], "一季度招商引资", date(2026, 3, 20))
    return county


def _by_unit(result: scoring.Ranking) -> dict[str, tuple[Decimal, int, int]]:
    return {line.unit_name: (line.score, line.rank, line.adopted) for line in result.lines}


def test_quarter_ranking_matches_the_hand_computation_across_two_rule_versions(scored):
    county = scored
    result = scoring.ranking("quarter", 2026, 1)
    lines = _by_unit(result)
    assert lines["城关镇"] == (D(77), 1, 2)
    assert lines["河口乡"] == (D(12), 2, 1)
    assert lines[county.office.name][0] == D(0)
    assert lines["县农业农村局"][0] == D(-18)
    assert lines["县农业农村局"][1] == len(result.lines)  # last
    assert lines[county.office.name][1] == 3  # every unit at 0 shares one rank
    assert result.period.label == "2026年第一季度"


def test_monthly_rankings_and_the_change_since_the_previous_month(scored):
    county = scored
    february = _by_unit(scoring.ranking("month", 2026, 2))
    assert february["城关镇"][:2] == (D(25), 1)
    assert february["河口乡"][:2] == (D(0), 2)
    assert february[county.office.name][:2] == (D(0), 2)  # a tie shares the rank
    assert february["县农业农村局"][0] == D(-15)
    march = scoring.ranking("month", 2026, 3)
    lines = {line.unit_name: line for line in march.lines}
    assert (lines["城关镇"].score, lines["城关镇"].rank) == (D(52), 1)
    assert (lines["河口乡"].score, lines["河口乡"].rank) == (D(12), 2)
    assert lines["县农业农村局"].score == D(-3)
    assert lines["城关镇"].score_delta == D(27) and lines["城关镇"].rank_delta == 0
    assert lines["河口乡"].score_delta == D(12)
    assert lines[county.office.name].rank == 3 and lines[county.office.name].rank_delta == -1
    assert lines["县农业农村局"].score_delta == D(12)


def test_the_breakdown_lists_each_fact_with_its_points_and_rule_version(scored):
    county = scored
    facts = scoring.facts(date(2026, 1, 1), date(2026, 3, 31), unit_id=county.towns[0].pk)
    seen = [(f.kind, f.on, f.points, f.rule) for f in facts]
    assert seen == [
        ("county_adoption", date(2026, 2, 10), D(0), "2025年计分办法"),
        ("upward_adoption", date(2026, 2, 20), D(20), "2025年计分办法"),
        ("instruction", date(2026, 2, 25), D(5), "2025年计分办法"),
        ("county_adoption", date(2026, 3, 5), D(12), "2026年计分办法"),
        ("upward_adoption", date(2026, 3, 10), D(40), "2026年计分办法"),
    ]
    assert "就高计分" in facts[0].note
    assert sum(f.points for f in facts) == D(77)


def test_a_merged_item_scores_for_the_unit_of_the_item_it_was_merged_into(scored):
    county = scored
    cgz, hkx = county.town_writers
    target = h.item(county, cgz, "两乡镇联合开展河道清理", submitted=date(2026, 4, 2))
    merged = h.item(county, hkx, "河口乡河道清理", submitted=date(2026, 4, 2), state=ItemState.MERGED)
    merged.merged_into = target
    merged.save(update_fields=["merged_into"])
    h.instruction(county, merged, "county", date(2026, 4, 8))  # a 批示 on the merged one
    lines = _by_unit(scoring.ranking("month", 2026, 4))
    # April: nothing adopted, so both towns are one short of the monthly quota (−3); the 批示 on HKX's merged
    # item (+6, version B) goes to CGZ, whose item carries it on.
    assert lines["城关镇"][0] == D(3)
    assert lines["河口乡"][0] == D(-3)


def test_a_fact_before_the_first_version_scores_nothing(county):
    h.table(county, "2026年计分办法", date(2026, 3, 1), mode="cumulative", adoption={"county": 12})
    cgz = county.town_writers[0]
    it = h.item(county, cgz, "城关镇早春动态", submitted=date(2026, 2, 1))
    h.distributed(county, county.publications["kuaibao"], date(2026, 2, 3), it)
    facts = scoring.facts(date(2026, 2, 1), date(2026, 2, 28), unit_id=county.towns[0].pk)
    assert [(f.points, f.note) for f in facts] == [(D(0), "无适用的计分规则")]


def test_the_county_organs_and_offices_are_ranked_only_when_they_scored(county):
    from zhongshu.base.roles import Role
    from zhongshu.org.models import UnitKind
    from zhongshu.testing.factories import make_person, make_unit

    h.table(county, "2026年计分办法", date(2026, 1, 1), mode="cumulative", adoption={"county": 10})
    committee = make_unit("中共某某县委员会", kind=UnitKind.PARTY_COMMITTEE)
    government = make_unit("某某县人民政府", kind=UnitKind.GOVERNMENT)
    ranked = {line.unit_name for line in scoring.ranking("month", 2026, 3).lines}
    assert committee.name not in ranked and government.name not in ranked
    assert {unit.name for unit in county.towns} <= ranked and county.bureau.name in ranked
    # An organ whose item was adopted is listed with its score.
    writer = make_person("县政府信息员", unit=government, roles=[Role.INFO_OFFICER], username="zf_xxy")
    it = h.item(county, writer, "县政府动态", submitted=date(2026, 3, 2))
    h.distributed(county, county.publications["kuaibao"], date(2026, 3, 3), it)
    lines = {line.unit_name: line.score for line in scoring.ranking("month", 2026, 3).lines}
    assert lines[government.name] == D(10) and committee.name not in lines
