"""The audit log's words for the major part (merged into reporting.vocabulary)."""

from __future__ import annotations

AUDIT_ACTION_LABELS: dict[str, str] = {
    "reporting.major.file": "报备三重一大事项",
    "reporting.major.edit": "修改三重一大报备",
    "reporting.major.decide": "登记三重一大决策结果",
    "reporting.major.withdraw": "撤回三重一大报备",
    "reporting.major.export": "导出三重一大报备登记表",
}
AUDIT_DETAIL_VALUES: dict[str, dict[str, str]] = {
    "category": {
        "decision": "重大决策",
        "appointment": "重要干部任免",
        "project": "重大项目安排",
        "fund_use": "大额资金使用",
    },
}
