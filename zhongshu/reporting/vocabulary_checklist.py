"""The audit log's words for the checklist part (merged into reporting.vocabulary)."""

from __future__ import annotations

AUDIT_ACTION_LABELS: dict[str, str] = {
    "reporting.checklist.add": "添加请示报告清单事项",
    "reporting.checklist.edit": "修改请示报告清单事项",
    "reporting.checklist.retire": "停止请示报告清单事项",
    "reporting.checklist.delete": "删除请示报告清单事项",
}
AUDIT_DETAIL_VALUES: dict[str, dict[str, str]] = {
    "cycle": {
        "ad_hoc": "随时（逐事）",
        "monthly": "每月",
        "quarterly": "每季度",
        "yearly": "每年",
        "by_date": "指定日期",
    },
}
