"""The compliance view (应报尽报) against a hand computation across October 2026, which holds National Day
(1–7 October, with Saturday 10 October a make-up working day). The lines, filings and expected statuses are
in compliance_helpers.make_october, each with its working."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.reporting.compliance_helpers import OCT_END, OCT_START, TODAY, make_october
from tests.reporting.conftest import signed_in
from zhongshu.core.errors import ServiceError
from zhongshu.reporting.compliance import (
    Span,
    Status,
    sort_rows,
    totals,
    unit_compliance,
    units_compliance,
)
from zhongshu.reporting.major import counts_by_unit

pytestmark = pytest.mark.django_db


def statuses(unit: Any) -> dict[str, list[tuple[str, date]]]:
    return {line.matter: [(p.status.value, p.period.due_on) for p in line.periods] for line in unit.lines}


def test_october_by_hand(county: Any) -> None:
    make_october(county)
    czj, jyj, cgz = county.units
    rows = {row.unit_id: row for row in units_compliance(OCT_START, OCT_END, today=TODAY)}
    # In the directory's order (sort order, then code: CGZ, CZJ, JYJ); the office has no line and is left out.
    assert list(rows) == [cgz.pk, czj.pk, jyj.pk]

    finance = rows[czj.pk]
    assert statuses(finance) == {
        "财政收支月报": [("on_time", date(2026, 10, 13))],
        "预算执行季度报告": [("pending", date(2026, 10, 20))],
        "重大资金调度请示": [],
    }
    assert [line.ad_hoc_filings for line in finance.lines] == [0, 0, 2]
    t = finance.tally
    assert (t.due, t.on_time, t.late, t.missing, t.pending, t.ad_hoc) == (2, 1, 0, 0, 1, 2)
    assert finance.rate == 100.0  # 1 on time of 1 known

    education = rows[jyj.pk]
    assert statuses(education) == {
        "教育安全月报": [("on_time", date(2026, 10, 13))],
        "秋季开学工作报告": [("late", date(2026, 10, 8))],
    }
    t = education.tally
    assert (t.due, t.on_time, t.late, t.missing, t.pending) == (2, 1, 1, 0, 0)
    assert education.rate == 50.0

    town = rows[cgz.pk]
    assert statuses(town) == {
        "安全生产月报": [("missing", date(2026, 10, 10))],
        "信访稳定月报": [("late", date(2026, 10, 13))],
        "防汛值守月报": [],
        "年度工作总结": [],
    }
    t = town.tally
    assert (t.due, t.on_time, t.late, t.missing, t.pending) == (2, 0, 1, 1, 0)
    assert town.rate == 0.0

    total = totals(list(rows.values()))
    assert (total.due, total.on_time, total.late, total.missing, total.pending, total.ad_hoc) == (
        6,
        2,
        2,
        1,
        1,
        2,
    )
    assert total.rate == 40.0  # 2 of 5 known

    # The unit view gives the same as its row in the summary, with the 三重一大 counts beside it.
    one = unit_compliance(cgz.pk, OCT_START, OCT_END, today=TODAY)
    assert one.unit_name == "城关镇" and statuses(one) == statuses(town)
    assert one.major == counts_by_unit([cgz.pk], OCT_START, OCT_END).get(cgz.pk, one.major)


def test_the_day_after_the_quarterly_due_date(county: Any) -> None:
    """On 21 October the unfiled Q3 report is 未报; with the filing made that day it is 迟报."""
    lines = make_october(county).lines
    finance = unit_compliance(county.units[0].pk, OCT_START, OCT_END, today=date(2026, 10, 21))
    assert statuses(finance)["预算执行季度报告"] == [("missing", date(2026, 10, 20))]
    from tests.reporting.compliance_helpers import at, file

    file(lines["czj_quarterly"], county.keeper.user, at(10, 21, 8), date(2026, 7, 1))
    finance = unit_compliance(county.units[0].pk, OCT_START, OCT_END, today=date(2026, 10, 21))
    assert statuses(finance)["预算执行季度报告"] == [("late", date(2026, 10, 20))]


def test_a_quarter_and_a_year(county: Any) -> None:
    make_october(county)
    q4 = Span.parse("2026-q4")
    assert (q4.start, q4.end, q4.label) == (date(2026, 10, 1), date(2026, 12, 31), "2026年第四季度")
    town = unit_compliance(county.units[2].pk, q4.start, q4.end, today=TODAY)
    # 安全生产月报: Sep (missing), Oct (due 5 Nov: 2, 3, 4 Nov → Wed 4 Nov, pending), Nov (pending).
    assert [p.status for p in town.lines[0].periods] == [Status.MISSING, Status.PENDING, Status.PENDING]
    assert [p.period.due_on for p in town.lines[0].periods] == [
        date(2026, 10, 10),
        date(2026, 11, 4),
        date(2026, 12, 3),
    ]
    year = Span.parse("2026")
    town = unit_compliance(county.units[2].pk, year.start, year.end, today=TODAY)
    matters = {line.matter: line for line in town.lines}
    assert [p.period.start for p in matters["年度工作总结"].periods] == [date(2025, 1, 1)]
    assert [p.status for p in matters["撤并前旧报表"].periods][-1] == Status.MISSING
    assert (
        len(matters["撤并前旧报表"].periods) == 8
    )  # January's (due in February) to August's (due in September)


def test_few_queries_whatever_the_lines(county: Any) -> None:
    make_october(county)
    with CaptureQueriesContext(connection) as one:
        unit_compliance(county.units[2].pk, OCT_START, OCT_END, today=TODAY)
    with CaptureQueriesContext(connection) as every:
        units_compliance(OCT_START, OCT_END, today=TODAY)
    assert len(one) <= 4 and len(every) <= 5, [q["sql"] for q in every.captured_queries]


def test_sorting_and_bad_spans(county: Any) -> None:
    make_october(county)
    rows = units_compliance(OCT_START, OCT_END, today=TODAY)
    assert [row.unit_name for row in sort_rows(rows, "rate", descending=True)] == [
        "县财政局",
        "县教育局",
        "城关镇",
    ]
    assert [row.unit_name for row in sort_rows(rows, "late", descending=True)][-1] == "县财政局"
    assert sort_rows(rows, "nonsense", descending=True) == rows
    for bad in ("2026-13", "2026-Q5", "26", "十月", "1999", "2026-10-31~2026-10-01", "2026-02-30~2026-03-01"):
        with pytest.raises(ServiceError) as refused:
            Span.parse(bad)
        assert refused.value.code == "bad_period" and "统计期间" in refused.value.message


def test_a_range_of_days_and_the_unit_address(county: Any) -> None:
    make_october(county)
    assert Span.parse("2026-10-01~2026-10-31") == Span.parse("2026-10")
    assert Span.parse("2026-07-01 ~ 2026-09-30").code == "2026-Q3"
    span = Span.parse("2026-10-09~2026-10-13")
    assert (span.kind, span.label, span.code) == (
        "range",
        "2026年10月9日至2026年10月13日",
        "2026-10-09~2026-10-13",
    )
    assert span.choices()[0] == span
    with pytest.raises(ServiceError) as refused:
        Span.parse("2020-01-01~2026-12-31")
    assert refused.value.code == "period_too_long"
    from zhongshu.reporting.views_compliance import unit_url

    town = county.units[2]
    url = unit_url(town.pk, date(2026, 10, 9), date(2026, 10, 13))
    assert url == f"/reporting/compliance/units/{town.pk}/?period=2026-10-09~2026-10-13"
    page = signed_in("zhuren").get(url)
    assert page.status_code == 200 and "2026年10月9日至2026年10月13日" in page.content.decode()
    # 9–13 October holds the 10 October due date (missing) and the 13 October one (late), not the 8th.
    one = unit_compliance(town.pk, span.start, span.end, today=TODAY)
    assert (one.tally.due, one.tally.late, one.tally.missing) == (2, 1, 1)
