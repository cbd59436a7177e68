"""The audit log's words for the access policy (issue 15, one vocabulary)."""

from __future__ import annotations

AUDIT_ACTION_LABELS: dict[str, str] = {
    "clearance.change": "调整涉密等级",
    "classification_policy.change": "修改密级策略",
    "need_to_know.grant": "授予知悉范围",
    "need_to_know.revoke": "撤销知悉范围",
    "record.view": "查阅涉密记录",
    "record.list": "列表显示涉密记录",
    "record.search": "检索结果显示涉密记录",
    "record.download": "下载涉密记录",
    "record.export": "导出涉密记录",
    "access.denied.view": "拒绝访问：查看",
    "access.denied.change": "拒绝访问：修改",
    "access.denied.download": "拒绝访问：下载",
    "access.denied.export": "拒绝访问：导出",
}
