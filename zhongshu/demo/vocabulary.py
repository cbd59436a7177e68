"""The audit log's words for the demo county (issue 15, one vocabulary)."""

from __future__ import annotations

AUDIT_ACTION_LABELS: dict[str, str] = {"demo.build": "生成示例数据"}

# The audit details of the demo build: what it created, by kind (audit.vocabulary.detail_items).
AUDIT_DETAIL_LABELS: dict[str, str] = {
    "created": "新建",
    "units": "单位",
    "departments": "内设机构",
    "posts": "岗位",
    "accounts": "账号",
    "people": "人员",
    "archive_fonds": "全宗",
    "archive_items": "档案",
    "documents": "公文",
    "document_quotas": "发文额度",
    "materials": "素材",
    "problems": "差错",
    "supervision_items": "督查事项",
    "meeting_rooms": "会议室",
    "meetings": "会议",
    "engagements": "领导活动",
    "totp_devices": "动态口令设备",
}
