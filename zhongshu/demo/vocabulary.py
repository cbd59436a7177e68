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
    "duty_roles": "值班岗位",
    "duty_eligibility": "轮值人员",
    "duty_points": "值班电话",
    "duty_rosters": "值班表",
    "sensitive_periods": "敏感时期",
    "shift_swaps": "换班申请",
    "roster_calls": "值班表报备通知",
    "roster_filings": "值班表报备",
    "duty_log_entries": "值班记录",
    "handovers": "交接班",
    "spot_check_rounds": "值班抽查",
    "spot_checks": "抽查记录",
    "incidents": "突发事件",
    "incident_reports": "事件报告",
    "contingency_plans": "应急预案",
    "drills": "应急演练",
    "drill_rectifications": "演练整改清单",
    "incident_steps": "预案处置步骤",
    "incident_instructions": "领导批示",
    "incident_instructions_supervised": "批示转督办",
    "absences": "请假外出报备",
    "absence_reminders": "销假提醒",
    "totp_devices": "动态口令设备",
}
