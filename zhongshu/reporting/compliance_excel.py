"""The all-units compliance table (应报尽报) as an Excel ledger; every cell through core.spreadsheets, the export
audited."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook

from zhongshu.audit.services import audit_record
from zhongshu.core.spreadsheets import append_row
from zhongshu.reporting.compliance import Span, Tally, UnitCompliance, totals

COLUMNS = [
    "单位",
    "应报",
    "按时",
    "迟报",
    "未报",
    "待报",
    "随时报送",
    "按时率（%）",
    "三重一大报备",
    "三重一大迟报",
]


def _figures(tally: Tally) -> list[Any]:
    return [tally.due, tally.on_time, tally.late, tally.missing, tally.pending, tally.ad_hoc, tally.rate]


def export_summary(*, user: Any, span: Span, rows: Sequence[UnitCompliance]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("应报尽报")
    append_row(sheet, [f"{span.label}请示报告应报尽报情况"])
    append_row(sheet, COLUMNS)
    for row in rows:
        append_row(sheet, [row.unit_name, *_figures(row.tally), row.major.filed, row.major.late])
    total = totals(rows)
    append_row(
        sheet,
        ["合计", *_figures(total), sum(r.major.filed for r in rows), sum(r.major.late for r in rows)],
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    audit_record(
        actor=user,
        action="reporting.compliance.export",
        object_id=span.code,  # the month, quarter, year or range exported: 2026-10, 2026-Q4, 2026
        details={"compliance_period": span.label, "compliance_units": len(rows)},
    )
    return buffer.getvalue()
