"""Checklist lines made through the checklist service, as the office makes them (the checklist and filings
tests); a paper 请示 or 报告 the office registers as received from a unit; an uploaded report."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from zhongshu.documents.incoming import incoming_register_paper
from zhongshu.documents.models import DocType, OfficialDocument
from zhongshu.reporting.checklist import LineFields, line_add
from zhongshu.reporting.models import ChecklistLine


def fields(**changes: Any) -> LineFields:
    values: dict[str, Any] = {
        "kind": "report",
        "timing": "after",
        "matter": "每月经济运行情况报告",
        "basis": "县委办〔2026〕1号",
        "cycle": "monthly",
        "due_working_days": 5,
        "due_on": None,
        "starts_on": date(2026, 1, 1),
        "ends_on": None,
    }
    values.update(changes)
    return LineFields(**values)


def add_line(county: Any, unit: Any = None, **changes: Any) -> ChecklistLine:
    return line_add(units=[unit or county.units[0]], fields=fields(**changes), by=county.keeper.user)[0]


def received_report(
    county: Any, unit: Any, title: str, received_on: date, doc_type: str = DocType.REPORT
) -> OfficialDocument:
    """A paper 报告 (or 请示) from `unit` that the office's 文书 signs for and registers."""
    return incoming_register_paper(
        by=county.keeper.user,
        title=title,
        source_unit_name=unit.name,
        source_doc_number=f"{unit.name[1:3]}〔2026〕8号",
        received_on=received_on,
        copies=1,
        doc_type=doc_type,
    )


def report_file(name: str = "十月经济运行情况报告.txt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, "全县财政收入完成年度预算的百分之八十五。".encode())
