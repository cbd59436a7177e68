"""The scoring part's pages as people see them: the ranking with its chart and table view, the breakdown where an
item the viewer may not read is listed without its title, the rule table's page with the form for editors only,
and the item page's 采用与计分 section with the points and the rule version."""

from __future__ import annotations

from datetime import date

from tests.information import scoring_helpers as h
from tests.information.conftest import signed_in
from zhongshu.base.levels import Classification
from zhongshu.information.models import InfoReport


def test_ranking_breakdown_rules_and_item_section(county):
    h.table(county, "2026年计分办法", date(2026, 1, 1), mode="highest", adoption={"county": 10, "city": 20})
    open_item = h.item(county, county.town_writers[0], "城关镇秋收动态", submitted=date(2026, 10, 2))
    secret = h.item(county, county.town_writers[0], "城关镇内部情况", submitted=date(2026, 10, 3))
    InfoReport.objects.filter(pk=secret.pk).update(classification=Classification.SECRET)
    h.distributed(county, county.publications["kuaibao"], date(2026, 10, 8), open_item, secret)
    h.upward(county, open_item, "city", "市委办公室《每日要情》", "2026年第77期", date(2026, 10, 12))
    q = "period=month&year=2026&number=10"
    page = signed_in("zhuren").get(f"/information/scoring/?{q}").content.decode()
    assert "2026年10月份信息采用排名" in page
    assert 'data-testid="chart-info-ranking"' in page and "表格视图" in page
    assert "下载通报" in page
    breakdown = (
        signed_in("bianji1").get(f"/information/scoring/units/{county.towns[0].pk}/?{q}").content.decode()
    )
    assert "城关镇秋收动态" in breakdown
    assert "城关镇内部情况" not in breakdown and "无权查看该信息" in breakdown  # 秘密: the editor's clearance
    assert "就高计分" in breakdown and "2026年计分办法" in breakdown
    # highest-only: 10 (the secret item's county adoption) + 20 (the open item's city adoption), its county one 0
    assert 'data-testid="unit-total">30<' in breakdown
    rules_for_editor = signed_in("bianji1").get("/information/scoring/rules/").content.decode()
    assert "新建计分规则版本" in rules_for_editor and "已计分，不可修改" in rules_for_editor
    assert "新建计分规则版本" not in signed_in("town0").get("/information/scoring/rules/").content.decode()
    item_page = signed_in("bianji1").get(f"/information/items/{open_item.pk}/").content.decode()
    assert "采用与计分" in item_page and "市委办公室《每日要情》2026年第77期" in item_page
    assert 'data-testid="adoption-form"' in item_page
    assert 'data-testid="item-total">20<' in item_page
    writer_view = signed_in("town0").get(f"/information/items/{open_item.pk}/").content.decode()
    assert "采用与计分" in writer_view and 'data-testid="adoption-form"' not in writer_view
