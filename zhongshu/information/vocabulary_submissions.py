"""The audit log's words for the submissions part (merged into information.vocabulary)."""

from __future__ import annotations

AUDIT_ACTION_LABELS: dict[str, str] = {
    "information.item.draft": "拟写信息",
    "information.item.update": "修改信息",
    "information.item.ask_sign_off": "送单位领导签发",
    "information.item.sign_off": "单位领导签发",
    "information.item.send_back": "单位领导退回修改",
    "information.item.submit": "报送信息",
}
AUDIT_DETAIL_VALUES: dict[str, dict[str, str]] = {
    "type": {
        "news": "动态",
        "experience": "经验",
        "problem": "问题",
        "suggestion": "建议",
        "opinion": "舆情",
        "urgent": "紧急信息",
    },
    "state": {
        "draft": "草稿",
        "awaiting_sign_off": "待单位领导签发",
        "submitted": "已报送",
        "returned": "已退回",
        "merged": "已合并",
        "adopted": "已采用",
    },
}
AUDIT_DETAIL_LABELS: dict[str, str] = {"at": "时间", "type": "类别"}
