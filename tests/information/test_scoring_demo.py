"""The scoring part's demo on the county of the tests: the rule table's two versions (last year's and this
year's), the one item adopted by the city (the town's item in a distributed issue), its unit first in this
month's ranking on the page; built twice, it adds nothing."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from tests.information import scoring_helpers as h
from tests.information.conftest import signed_in
from zhongshu.demo.build import DemoResult
from zhongshu.demo.information_scoring import CITY_PUBLICATION, build_demo_scoring
from zhongshu.information import scoring
from zhongshu.information.models import ScoreRuleTable, UpwardAdoption


def test_the_demo_makes_two_versions_and_one_city_adoption_once(county):
    today = timezone.localdate()
    bureau_item = h.item(county, county.bureau_writer, "全县秋粮收购进度", submitted=today)
    town_item = h.item(county, county.town_writers[1], "河口乡秋粮颗粒归仓", submitted=today)
    h.distributed(county, county.publications["kuaibao"], today, bureau_item, town_item)
    result = DemoResult()
    build_demo_scoring(result)
    assert result.created == {"score_rule_tables": 2, "upward_adoptions": 1}
    versions = list(ScoreRuleTable.objects.order_by("valid_from"))
    assert [v.valid_from for v in versions] == [date(today.year - 1, 1, 1), date(today.year, 1, 1)]
    last, this = ({(r.kind, r.level): r.points for r in v.rules.all()} for v in versions)
    assert last[("adoption", "city")] != this[("adoption", "city")]
    adoption = UpwardAdoption.objects.get()
    assert (adoption.item, adoption.publication_name, adoption.level) == (town_item, CITY_PUBLICATION, "city")
    ranking = scoring.ranking("month", today.year, today.month)
    first = ranking.lines[0]
    assert (first.unit_name, first.score, first.rank) == ("河口乡", 35, 1)  # county 10 + city 25
    page = signed_in("zhuren").get("/information/scoring/").content.decode()
    assert "河口乡" in page and "35" in page
    again = DemoResult()
    build_demo_scoring(again)
    assert not again.changed
    assert ScoreRuleTable.objects.count() == 2 and UpwardAdoption.objects.count() == 1
