"""The compliance pages (应报尽报) for October 2026 (compliance_helpers.make_october): the office's table with
its figures, chart and sorting; a unit's lines and periods; a bad period; the Excel export opened and read."""

from __future__ import annotations

import io
import re
from typing import Any

from openpyxl import load_workbook

from tests.reporting.compliance_helpers import make_october
from tests.reporting.conftest import signed_in
from zhongshu.audit.models import AuditEvent

P = "?period=2026-10"


def _row(page: str, unit: str) -> list[str]:
    match = re.search(rf'<tr data-unit="{unit}">(.*?)</tr>', page, re.S)
    assert match, unit
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", match.group(1), re.S)
    ]


def test_the_office_table_chart_and_sorting(county: Any) -> None:
    make_october(county)
    keeper = signed_in("wenshu")
    page = keeper.get(f"/reporting/compliance/{P}").content.decode()
    assert "2026年10月应报尽报情况" in page
    # 应报, 按时, 迟报, 未报, 待报, 按时率, 三重一大 报备 / 迟报. Today is past October, so the quarterly
    # report not filed is 未报 here (the service test fixes "today" at 16 October).
    assert _row(page, "县教育局") == ["2", "1", "1", "0", "0", "50.0%", "0", "0"]
    assert _row(page, "城关镇") == ["2", "0", "1", "1", "0", "0.0%", "0", "0"]
    assert _row(page, "县财政局") == ["2", "1", "0", "1", "0", "50.0%", "0", "0"]
    assert 'data-testid="chart-compliance-units"' in page and "表格视图" in page
    by_late = keeper.get(f"/reporting/compliance/{P}&sort=missing&order=desc").content.decode()
    order = [m for m in re.findall(r'<tr data-unit="([^"]+)">', by_late)]
    assert order[-1] == "县教育局"  # the only unit with nothing missing
    by_name = keeper.get(f"/reporting/compliance/{P}&sort=unit&order=asc").content.decode()
    assert re.findall(r'<tr data-unit="([^"]+)">', by_name) == sorted(order)


def test_a_unit_page_and_a_bad_period(county: Any) -> None:
    make_october(county)
    town = county.units[2]
    keeper = signed_in("zhuren")
    page = keeper.get(f"/reporting/compliance/units/{town.pk}/{P}").content.decode()
    assert "城关镇 2026年10月应报尽报情况" in page
    late = re.search(r'<tr data-line="信访稳定月报" data-status="late">(.*?)</tr>', page, re.S)
    assert late and "2026年9月" in late.group(1) and "2026-10-13" in late.group(1) and "迟报" in late.group(1)
    missing = re.search(r'<tr data-line="安全生产月报" data-status="missing">(.*?)</tr>', page, re.S)
    assert missing and "2026-10-10" in missing.group(1) and "未报" in missing.group(1)
    assert "本期无到期报送" in page  # the line that starts with October
    bad = keeper.get(f"/reporting/compliance/units/{town.pk}/?period=2026-13")
    assert bad.status_code == 400 and "统计期间格式不正确" in bad.content.decode()
    api = keeper.get("/api/reporting/compliance?period=2026-13")
    assert api.status_code == 400 and api.json()["code"] == "bad_period"


def test_the_excel_export(county: Any) -> None:
    make_october(county)
    keeper = signed_in("ducha")
    answer = keeper.get(f"/reporting/compliance/export.xlsx{P}")
    assert answer.status_code == 200
    sheet = load_workbook(io.BytesIO(answer.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "2026年10月请示报告应报尽报情况"
    assert rows[1][:4] == ["单位", "应报", "按时", "迟报"]
    assert rows[2][:8] == ["城关镇", 2, 0, 1, 1, 0, 0, 0.0]
    assert rows[-1][:5] == ["合计", 6, 2, 2, 2]
    event = AuditEvent.objects.get(action="reporting.compliance.export", object_id="2026-10")
    assert event.details == {"compliance_period": "2026年10月", "compliance_units": 3}
    from zhongshu.audit.vocabulary import action_labels, detail_items

    assert action_labels()["reporting.compliance.export"] == "导出应报尽报情况表"
    # (PostgreSQL's jsonb keeps a record's keys in its own order: the details are compared as a set.)
    assert set(detail_items(event.object_type, event.details)) == {
        ("统计期间", "2026年10月"),
        ("单位数", "3"),
    }


def test_odd_input_never_makes_a_server_error(county: Any) -> None:
    make_october(county)
    keeper = signed_in("wenshu")
    town = county.units[2].pk
    odd = ["", "~", "2026-10-01~", "~2026-10-01", "2026-Q0", "0000-01", "2026-10-01~2026-10-01~x", "\x00", "２０２６",
           "9999-12-31~9999-12-31", "2026-1", "2026-10-01T00:00~2026-10-02", "-2026", "x" * 29]  # fmt: skip
    for value in odd:
        for url in (
            "/reporting/compliance/",
            f"/reporting/compliance/units/{town}/",
            "/reporting/compliance/export.xlsx",
            "/api/reporting/compliance",
            f"/api/reporting/compliance/units/{town}",
        ):
            answer = keeper.get(url, {"period": value})
            assert answer.status_code in (200, 400, 422), (url, value, answer.status_code)
    assert keeper.get("/api/reporting/compliance", {"period": "x" * 31}).status_code == 422
    assert keeper.get(f"/api/reporting/compliance/units/{2**40}").status_code == 422
    assert keeper.get(f"/reporting/compliance/units/{2**40}/").status_code == 404


def test_the_api_takes_a_range_of_days(county: Any) -> None:
    make_october(county)
    town = county.units[2].pk
    answer = signed_in("wenshu").get(
        f"/api/reporting/compliance/units/{town}", {"period": "2026-10-09~2026-10-13"}
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["period"]["label"] == "2026年10月9日至2026年10月13日"
    statuses = {line["matter"]: [p["status"] for p in line["periods"]] for line in body["lines"]}
    assert statuses["安全生产月报"] == ["missing"] and statuses["信访稳定月报"] == ["late"]
