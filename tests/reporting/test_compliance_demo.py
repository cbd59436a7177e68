"""The compliance view (应报尽报) over the checklist part's demo: three units' lists, every period past due filed,
all on time but the 财政局's 安全生产月报 of one recent month — so the view counts exactly that one late, nothing
missing, and the office's page shows it (in Chinese only)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from tests.reporting.conftest import signed_in
from zhongshu.demo.build import DemoResult
from zhongshu.demo.reporting_checklist import build_demo_checklist
from zhongshu.reporting.compliance import Status, units_compliance


def test_the_demo_has_one_late_line(county: Any) -> None:
    town = county.units[2]
    town.code = "T01"
    town.save(update_fields=["code"])
    build_demo_checklist(DemoResult())
    today = timezone.localdate()
    start = date(today.year - 1, 1, 1)  # the demo's lines start within the last year or so
    rows = units_compliance(start, today - timedelta(days=1))
    assert {row.unit_name for row in rows} == {"县财政局", "县教育局", "城关镇"}
    late = [
        (row.unit_name, line.matter, item.period_label)
        for row in rows
        for line in row.lines
        for item in line.periods
        if item.status == Status.LATE
    ]
    assert [(unit, matter) for unit, matter, _ in late] == [("县财政局", "安全生产月报")]
    assert sum(row.tally.missing for row in rows) == 0
    assert sum(row.tally.on_time for row in rows) == sum(row.tally.due for row in rows) - 1

    code = f"{start.isoformat()}~{(today - timedelta(days=1)).isoformat()}"
    page = signed_in("wenshu").get("/reporting/compliance/", {"period": code}).content.decode()
    finance = re.search(r'<tr data-unit="县财政局">(.*?)</tr>', page, re.S)
    assert finance and '<span class="badge danger">1</span>' in finance.group(1)
    visible = re.sub(r"<script.*?</script>|<style.*?</style>|<[^>]+>", " ", page, flags=re.S)
    for word in ("on_time", "missing", "pending", "monthly", "quarterly", "by_date", "ad_hoc"):
        assert word not in visible, word
