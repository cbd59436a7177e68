"""计分规则 and 上级采用: bad input refused with a clear message and nothing saved (a self-contradicting table,
negative points, a shared valid_from, an item adopted twice in one issue), and a version that has scored is
frozen."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from tests.information import scoring_helpers as h
from tests.information.conftest import signed_in
from zhongshu.core.errors import ServiceError
from zhongshu.information import rule_tables
from zhongshu.information.models import ItemState, ScoreRule, ScoreRuleTable, UpwardAdoption


def _form(**extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "2026年计分办法",
        "valid_from": "2026-01-01",
        "mode": "cumulative",
        "false_item_penalty": "10",
        "missed_commission_penalty": "5",
        "rule_kind": ["adoption", "adoption"],
        "rule_level": ["county", "city"],
        "rule_points": ["10", "20"],
        "quota_period": ["month"],
        "quota_items": ["1"],
        "quota_penalty": ["2"],
    }
    data.update(extra)
    return data


def test_the_page_saves_a_version_and_refuses_a_self_contradicting_one(county):
    client = signed_in("bianji1")
    response = client.post("/information/scoring/rules/", _form())
    assert response.status_code == 302
    table = ScoreRuleTable.objects.get()
    assert {(r.kind, r.level, r.points) for r in table.rules.all()} == {
        ("adoption", "county", Decimal(10)),
        ("adoption", "city", Decimal(20)),
    }
    response = client.post(
        "/information/scoring/rules/",
        _form(valid_from="2027-01-01", rule_level=["city", "city"], rule_points=["20", "25"]),
    )
    assert response.status_code == 400
    assert "计分规则自相矛盾" in response.content.decode()
    assert ScoreRuleTable.objects.count() == 1 and ScoreRule.objects.count() == 2


def test_the_api_refuses_contradictions_negative_points_and_a_shared_valid_from(county):
    client = signed_in("bianji1")

    def post(body: dict[str, object]) -> tuple[int, dict[str, object]]:
        response = client.post(
            "/api/information/scoring/rule-tables", json.dumps(body), content_type="application/json"
        )
        return response.status_code, response.json()

    base = {
        "name": "2026年计分办法",
        "valid_from": "2026-01-01",
        "mode": "highest",
        "rules": [{"kind": "adoption", "level": "county", "points": 10}],
        "quotas": [{"period": "year", "items": 6, "penalty": 1}],
    }
    status, body = post(base)
    assert status == 200 and body["mode"] == "highest" and body["actions"] == ["edit", "delete"]
    contradictory = {
        **base,
        "valid_from": "2027-01-01",
        "rules": [
            {"kind": "adoption", "level": "province", "points": 30},
            {"kind": "adoption", "level": "province", "points": 35},
        ],
    }
    assert post(contradictory)[1]["code"] == "contradictory_rules"
    negative = {
        **base,
        "valid_from": "2027-01-01",
        "rules": [{"kind": "adoption", "level": "city", "points": -5}],
    }
    assert post(negative)[1]["code"] == "negative_points"
    two_quotas = {
        **base,
        "valid_from": "2027-01-01",
        "quotas": [{"period": "month", "items": 1}, {"period": "month", "items": 2}],
    }
    assert post(two_quotas)[1]["code"] == "contradictory_quotas"
    assert post({**base, "name": "重复"})[1]["code"] == "valid_from_taken"
    assert (
        post({**base, "valid_from": "2027-01-01", "false_item_penalty": "-1"})[1]["code"] == "negative_points"
    )
    assert ScoreRuleTable.objects.count() == 1 and ScoreRule.objects.count() == 1


def test_a_version_that_has_scored_is_frozen_and_a_new_one_may_not_cut_into_its_facts(county):
    a = h.table(county, "2026年计分办法", date(2026, 1, 1), mode="cumulative", adoption={"county": 10})
    it = h.item(county, county.town_writers[0], "城关镇动态", submitted=date(2026, 3, 1))
    h.distributed(county, county.publications["kuaibao"], date(2026, 3, 10), it)
    editor = county.editors[0].user
    spec = [rule_tables.RuleSpec("adoption", "county", Decimal(12))]
    with pytest.raises(ServiceError) as refused:
        rule_tables.table_update(
            table=a,
            name="改",
            valid_from=a.valid_from,
            mode="cumulative",
            false_item_penalty=Decimal(0),
            missed_commission_penalty=Decimal(0),
            rules=spec,
            quotas=[],
            by=editor,
        )
    assert refused.value.code == "version_frozen"
    with pytest.raises(ServiceError) as refused:
        h.table(county, "年中调整", date(2026, 3, 1), mode="cumulative", adoption={"county": 12})
    assert refused.value.code == "version_scored"
    b = h.table(county, "年中调整", date(2026, 3, 11), mode="cumulative", adoption={"county": 12})
    assert ScoreRule.objects.get(table=a).points == Decimal(10)
    # the new version has scored nothing yet: it may be changed and deleted
    rule_tables.table_update(
        table=b,
        name="年中调整（修订）",
        valid_from=date(2026, 4, 1),
        mode="highest",
        false_item_penalty=Decimal(1),
        missed_commission_penalty=Decimal(0),
        rules=spec,
        quotas=[],
        by=editor,
    )
    b.refresh_from_db()
    assert (b.name, b.valid_from, b.mode) == ("年中调整（修订）", date(2026, 4, 1), "highest")
    rule_tables.table_delete(table=b, by=editor)
    with pytest.raises(ServiceError) as refused:
        rule_tables.table_delete(table=a, by=editor)
    assert refused.value.code == "version_frozen"
    assert list(ScoreRuleTable.objects.values_list("name", flat=True)) == ["2026年计分办法"]


def test_only_editors_keep_the_rule_table(county):
    with pytest.raises(ServiceError) as refused:
        rule_tables.table_create(
            name="x",
            valid_from=date(2026, 1, 1),
            mode="cumulative",
            false_item_penalty=Decimal(0),
            missed_commission_penalty=Decimal(0),
            rules=[],
            quotas=[],
            by=county.town_writers[0].user,
        )
    assert refused.value.code == "not_editor"


def test_an_item_adopted_twice_in_one_issue_is_refused(county):
    it = h.item(county, county.town_writers[0], "城关镇动态", submitted=date(2026, 3, 1))
    h.upward(county, it, "city", "市委办公室《每日要情》", "2026年第12期", date(2026, 3, 5))
    with pytest.raises(ServiceError) as refused:
        h.upward(county, it, "province", "市委办公室《每日要情》", "2026年第12期", date(2026, 3, 6))
    assert refused.value.code == "adopted_twice"
    assert "同一期不能重复登记" in refused.value.message
    client = signed_in("bianji1")
    response = client.post(
        f"/api/information/scoring/items/{it.pk}/adoptions",
        json.dumps(
            {
                "level": "city",
                "publication_name": "市委办公室《每日要情》",
                "issue_label": "2026年第12期",
                "adopted_on": "2026-03-05",
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["code"] == "adopted_twice"
    # another issue of the same publication is another adoption
    h.upward(county, it, "city", "市委办公室《每日要情》", "2026年第13期", date(2026, 3, 7))
    assert UpwardAdoption.objects.filter(item=it).count() == 2
    from zhongshu.audit.models import AuditEvent
    from zhongshu.information.vocabulary import AUDIT_ACTION_LABELS

    assert AuditEvent.objects.filter(action="information.adoption.record").count() == 2
    assert AUDIT_ACTION_LABELS["information.adoption.record"] == "登记上级采用"


def test_adoption_input_refused_clearly(county):
    it = h.item(county, county.town_writers[0], "城关镇动态", submitted=date(2026, 3, 1))
    draft = h.item(county, county.town_writers[0], "草稿", submitted=date(2026, 3, 1), state=ItemState.DRAFT)
    cases = [
        (it, "county", date(2026, 3, 5), "county_level_derived"),
        (it, "city", date(2099, 1, 1), "adopted_on_future"),
        (draft, "city", date(2026, 3, 5), "item_not_adoptable"),
    ]
    for item, level, on, code in cases:
        with pytest.raises(ServiceError) as refused:
            h.upward(county, item, level, "市委办公室《每日要情》", "2026年第1期", on)
        assert refused.value.code == code
    with pytest.raises(ServiceError) as refused:
        from zhongshu.information import adoptions

        adoptions.adoption_record(
            item=it,
            level="city",
            publication_name="市委办公室《每日要情》",
            issue_label="第1期",
            adopted_on=date(2026, 3, 5),
            by=county.town_writers[0].user,
        )
    assert refused.value.code == "not_editor"
    assert not UpwardAdoption.objects.exists()
