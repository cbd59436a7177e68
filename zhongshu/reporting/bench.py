"""The reporting module's part of `zhongshu bench information` (core.bench parts): one unit's compliance view
(应报尽报) over the bench's 5,000 units, each with a checklist of five lines (monthly, quarterly, yearly,
by-date, ad hoc) and five years of filings (about 100 a unit: most on time, one in eight late, one in twenty
missing), and ten 三重一大 filings a unit.

Timed: the compliance part's `unit_compliance(unit_id, start, end)` for this year, for a different unit each run
(the service, and the page a unit's people open, through Django's test client: server time without a network).
"""

from __future__ import annotations

import argparse
import random
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from zhongshu.core.bench_data import RawTable, Timer, analyze, median, optional, signed_in_client

BATCH = 20_000
LINES = (
    # (kind, timing, matter, cycle, due_working_days, due_on month/day)
    ("report", "after", "每月经济运行情况报告", "monthly", 5, None),
    ("report", "after", "季度工作总结", "quarterly", 10, None),
    ("report", "after", "年度工作总结", "yearly", 15, None),
    ("report", "after", "年度工作要点", "by_date", None, (3, 1)),
    ("request", "before", "重大事项请示", "ad_hoc", None, None),
)


def build_checklists(
    units: list[int], *, today: date, years: int, rng: random.Random, by: Any
) -> dict[str, int]:
    from zhongshu.reporting.models import ChecklistFiling, ChecklistLine, MajorDecisionFiling
    from zhongshu.reporting.periods import periods_of

    first = date(today.year - years + 1, 1, 1)
    line_table = RawTable(ChecklistLine)
    filing_table = RawTable(ChecklistFiling, with_id=False)
    major_table = RawTable(MajorDecisionFiling, with_id=False)
    lines: list[ChecklistLine] = []
    with connection.cursor() as cursor:
        rows = []
        for n, unit in enumerate(units):
            for order, (kind, timing, matter, cycle, days, month_day) in enumerate(LINES):
                pk = n * len(LINES) + order + 1
                values = {
                    "id": pk,
                    "unit_id": unit,
                    "kind": kind,
                    "timing": timing,
                    "matter": matter,
                    "basis": "《县委关于严格执行请示报告制度的规定》",
                    "cycle": cycle,
                    "due_working_days": days,
                    "due_on": date(first.year, *month_day) if month_day else None,
                    "starts_on": first,
                    "sort_order": order,
                    "updated_by_id": by.pk,
                    "updated_at": timezone.now(),
                    "version": 1,
                }
                rows.append(line_table.row(values))
                lines.append(ChecklistLine(**values))
        line_table.insert(cursor, rows)
    # Every line of one cycle falls due on the same days: the periods are worked out once per cycle.
    periods = {line.cycle: periods_of(line, first, today) for line in lines[: len(LINES)]}
    filings = majors = 0
    with connection.cursor() as cursor:
        rows, major_rows = [], []
        for line in lines:
            if line.cycle == "ad_hoc":
                for _ in range(10 if years >= 5 else 2 * years):
                    day = first + timedelta(days=rng.randrange((today - first).days))
                    rows.append(_filing(filing_table, line, None, day, by))
                continue
            for period in periods[line.cycle]:
                roll = rng.random()
                if roll < 0.05:
                    continue  # missing
                filed_on = (
                    period.due_on + timedelta(days=rng.randint(1, 6))
                    if roll < 0.175
                    else period.due_on - timedelta(days=rng.randint(0, 3))
                )
                rows.append(_filing(filing_table, line, period.start, filed_on, by))
            if len(rows) >= BATCH:
                filings += len(rows)
                filing_table.insert(cursor, rows)
                rows = []
        filings += len(rows)
        filing_table.insert(cursor, rows)
        for unit in units:
            for _ in range(10):
                meeting = first + timedelta(days=rng.randrange((today - first).days))
                filed = meeting - timedelta(days=rng.choice((1, 2, 5, 8, 12)))
                major_rows.append(
                    major_table.row(
                        {
                            "classification": 1,
                            "owner_unit_id": unit,
                            "unit_id": unit,
                            "category": rng.choice(("decision", "appointment", "project", "fund_use")),
                            "title": "基准三重一大事项",
                            "meeting_name": "党组会议",
                            "meeting_on": meeting,
                            "filed_at": timezone.make_aware(datetime.combine(filed, time(10))),
                            "filed_by_id": by.pk,
                            "state": "decided",
                            "version": 1,
                        }
                    )
                )
            if len(major_rows) >= BATCH:
                majors += len(major_rows)
                major_table.insert(cursor, major_rows)
                major_rows = []
        majors += len(major_rows)
        major_table.insert(cursor, major_rows)
    return {"checklist_lines": len(lines), "checklist_filings": filings, "major_filings": majors}


def _filing(table: RawTable, line: Any, period_start: date | None, day: date, by: Any) -> tuple[Any, ...]:
    return table.row(
        {
            "line_id": line.id,
            "period_start": period_start,
            "title": line.matter,
            "filed_at": timezone.make_aware(datetime.combine(day, time(15))),
            "filed_by_id": by.pk,
        }
    )


def compliance_part(options: argparse.Namespace, context: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    from zhongshu.accounts.models import User

    units: list[int] = context["units"]
    today: date = context["today"]
    rng: random.Random = context["rng"]
    director = User.objects.get(username="bench_info_director")
    from zhongshu.reporting.models import ChecklistFiling, ChecklistLine, MajorDecisionFiling

    kept = bool(context.get("kept")) and ChecklistLine.objects.exists()
    if kept:  # a kept database (`--keep`): its checklists as they are
        figures: dict[str, Any] = {
            "checklist_lines": ChecklistLine.objects.count(),
            "checklist_filings": ChecklistFiling.objects.count(),
            "major_filings": MajorDecisionFiling.objects.count(),
        }
    else:
        with transaction.atomic():
            figures = build_checklists(units, today=today, years=options.years, rng=rng, by=director)
    if not kept and connection.get_autocommit():
        analyze(("reporting_checklistline", "reporting_checklistfiling", "reporting_majordecisionfiling"))
    unit_compliance = optional("zhongshu.reporting.compliance", "unit_compliance")
    if unit_compliance is None:
        notes.append("compliance_ms_p50: null — reporting.compliance.unit_compliance is not there")
        return {**figures, "compliance_ms_p50": None}
    start, end = date(today.year, 1, 1), today
    timer = Timer()
    for n in range(options.runs):
        with timer():
            unit_compliance(units[(n * 53 + 7) % len(units)], start, end)
    figures["compliance_service_ms_p50"] = round(median(timer.wall), 2)
    # The page a unit's people open: the office's director reads any unit's.
    url_of = optional("zhongshu.reporting.views_compliance", "unit_url")
    if url_of is None:
        notes.append(
            "compliance_ms_p50 is the service's time: the page's address (views_compliance.unit_url) is not there"
        )
        figures["compliance_ms_p50"] = figures["compliance_service_ms_p50"]
        return figures
    client = signed_in_client(director)
    page = Timer()
    for n in range(options.runs):
        url = url_of(units[(n * 53 + 7) % len(units)], start, end)
        with page():
            response = client.get(url)
        if response.status_code != 200:
            notes.append(f"compliance page answered {response.status_code} for {url}")
            break
    figures["compliance_ms_p50"] = round(median(page.wall), 2) if page.wall else None
    return figures


def register() -> None:
    from zhongshu.core.bench import register_bench_part

    register_bench_part("information", "compliance_ms_p50", compliance_part)
