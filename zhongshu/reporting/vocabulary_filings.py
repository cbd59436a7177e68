"""The audit log's words for the filings part (merged into reporting.vocabulary)."""

from __future__ import annotations

AUDIT_ACTION_LABELS: dict[str, str] = {
    "reporting.filing.from_document": "以收文报送请示报告清单事项",
    "reporting.filing.light": "报送请示报告清单事项（附件）",
}
AUDIT_DETAIL_VALUES: dict[str, dict[str, str]] = {
    # A filing's attached report is stored for this purpose (attachment.add names it).
    "purpose": {"reporting.filing": "请示报告报送"},
}
AUDIT_DETAIL_LABELS: dict[str, str] = {"purpose": "用途"}
