"""The audit log's words for the compliance part (merged into reporting.vocabulary)."""

from __future__ import annotations

AUDIT_ACTION_LABELS: dict[str, str] = {
    "reporting.compliance.export": "导出应报尽报情况表",
}
AUDIT_DETAIL_VALUES: dict[str, dict[str, str]] = {}
AUDIT_DETAIL_LABELS: dict[str, str] = {
    "compliance_period": "统计期间",
    "compliance_units": "单位数",
}
