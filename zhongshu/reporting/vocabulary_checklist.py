"""The audit log's words for the checklist part (merged into reporting.vocabulary)."""

from __future__ import annotations

AUDIT_ACTION_LABELS: dict[str, str] = {
    "reporting.checklist.add": "添加请示报告清单事项",
    "reporting.checklist.edit": "修改请示报告清单事项",
    "reporting.checklist.retire": "停止请示报告清单事项",
    "reporting.checklist.delete": "删除请示报告清单事项",
}
AUDIT_DETAIL_VALUES: dict[str, dict[str, str]] = {
    # the fields an edit changed (reporting.checklist.edit's "fields")
    "fields": {
        "kind": "类别",
        "timing": "时机",
        "matter": "请示报告事项",
        "basis": "依据",
        "cycle": "周期",
        "due_working_days": "期满后第几个工作日前报送",
        "due_on": "指定报送日期",
        "starts_on": "起始日期",
        "ends_on": "停止日期",
        "sort_order": "排序",
    },
    "cycle": {
        "ad_hoc": "随时（逐事）",
        "monthly": "每月",
        "quarterly": "每季度",
        "yearly": "每年",
        "by_date": "指定日期",
    },
}
