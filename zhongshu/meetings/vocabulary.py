"""The audit log's and the pages' words for what the meetings module records (one vocabulary, issue 15); the
meeting's own history uses MeetingAction's labels. Each part of the module adds its audit actions here."""

from __future__ import annotations

from zhongshu.meetings.models import EngagementKind, SecrecyCheck
from zhongshu.meetings.states import MeetingAction

# The minutes part's codes: the meeting's history (MeetingEvent.action) and the audit (meetings.<code>).
MINUTES_LABELS: dict[str, str] = {
    "minutes.draft": "起草会议纪要",
    "decision.add": "记录议定事项",
    "decision.remove": "删除议定事项",
    "decision.supervise": "议定事项转为督办事项",
}

AUDIT_ACTION_LABELS: dict[str, str] = {
    **{f"meetings.{action.value}": f"会议{action.label}" for action in MeetingAction},
    **{f"meetings.{code}": label for code, label in MINUTES_LABELS.items()},
}

AUDIT_DETAIL_LABELS: dict[str, str] = {
    "document": "会议纪要",
    "decision": "议定事项",
    "item": "督查事项",
}

AUDIT_DETAIL_VALUES: dict[str, dict[str, str]] = {}

# The notice part's codes (notices.py, replies.py): the audit (meetings.<code>) and the meeting's history.
NOTICE_LABELS: dict[str, str] = {
    "renotify": "重新发送会议通知",
    "reply": "参会回执",
    "reply_for": "代为登记回执",
    "press_replies": "催报参会回执",
}
AUDIT_ACTION_LABELS.update({f"meetings.{code}": label for code, label in NOTICE_LABELS.items()})
AUDIT_DETAIL_LABELS.update(
    {
        "recipients": "通知人数",
        "reply_deadline": "回执截止时间",
        "attachment": "附件",
        "attendee": "参会邀请",
        "reply": "回执",
        "previous": "原回执",
        "substitute": "代参人员",
        "person": "参会人员",
        "waiting": "未回复",
        "notified": "通知人数",
        "code": "拒绝原因",
    }
)

# The meeting's history (MeetingEvent.action): codes that are not a MeetingAction.
EVENT_LABELS: dict[str, str] = {
    **{action.value: str(action.label) for action in MeetingAction},
    **MINUTES_LABELS,
}
EVENT_LABELS.update(NOTICE_LABELS)
AUDIT_DETAIL_VALUES.update(
    {
        "reply": {"attending": "参加", "substitute": "委派代参", "absent": "请假", "": "未回复"},
        "previous": {"attending": "参加", "substitute": "委派代参", "absent": "请假", "": "未回复"},
        # The notice's DOCX is the meeting's attachment for this purpose (attachment.add names it).
        "purpose": {"meeting_notice": "会议通知"},
    }
)

# The scheduling part's codes (rooms.py, scheduling.py): the audit (meetings.<code>).
AUDIT_ACTION_LABELS.update(
    {
        "meetings.room_create": "新增会议室",
        "meetings.room_update": "修改会议室",
        "meetings.conflict_override": "会议时间冲突说明",
    }
)
AUDIT_DETAIL_LABELS.update(
    {
        "before": "调整前",
        "starts_at": "开始时间",
        "ends_at": "结束时间",
        "room": "会议室",
        "reason": "冲突说明",
        "conflicts": "冲突安排",
        "changed": "修改内容",
        "name": "名称",
        "place": "位置",
        "capacity": "容纳人数",
        "equipment": "设备",
        "has_video": "可开视频会议",
        "cleared_for_classified": "可召开涉密会议",
        "active": "启用",
        "sort_order": "排序",
    }
)

# The seating part's codes (seating.py, signin.py): the audit (meetings.<code>) and the meeting's history.
SEATING_LABELS: dict[str, str] = {
    "seating_arranged": "排定座次",
    "seat_changed": "调整座次",
    "sign_in_opened": "开启签到",
    "signed_in": "签到",
    "sign_in_marked": "代为签到",
}
AUDIT_ACTION_LABELS.update({f"meetings.{code}": label for code, label in SEATING_LABELS.items()})
EVENT_LABELS.update(SEATING_LABELS)
AUDIT_DETAIL_LABELS.update(
    {
        "convention": "排座规则",
        "seated": "排座人数",
        "kept_by_hand": "保留手工座位",
        "change": "调整方式",
        "first": "第一人",
        "second": "第二人",
        "row": "排",
        "position": "座号",
        "late": "迟到",
        "note": "说明",
        "expires_at": "签到码有效期至",
    }
)
AUDIT_DETAIL_VALUES.update(
    {
        "convention": {"party": "党委惯例", "government": "政府惯例"},
        "change": {"swap": "对调座位", "move": "移动座位"},
    }
)

# The schedule part's codes (engagements.py, feeds.py): the audit (meetings.<code>) and the objects it names.
AUDIT_ACTION_LABELS.update(
    {
        "meetings.engagement_add": "录入领导活动",
        "meetings.engagement_edit": "修改领导活动",
        "meetings.engagement_delete": "删除领导活动",
        "meetings.feed_token_create": "生成日程订阅",
        "meetings.feed_token_revoke": "作废日程订阅",
        "meetings.feed_fetch": "读取日程订阅（含涉密活动）",
    }
)
AUDIT_DETAIL_LABELS.update(
    {
        "leader_id": "领导",
        "kind": "活动类型",
        "person_id": "订阅领导",
        "records": "涉密安排",
    }
)
AUDIT_DETAIL_VALUES.update({"kind": {value: str(label) for value, label in EngagementKind.choices}})
# The approval chain's kind, as the workflow's own audit lines name it (workflow.start's `kind`).
AUDIT_DETAIL_VALUES["kind"]["meetings.application"] = "会议申请审批"

# The agenda part's codes (agenda.py, secrecy.py): the audit (meetings.<code>) and the meeting's history.
AGENDA_LABELS: dict[str, str] = {
    "topic_add": "添加议题",
    "topic_remove": "删除议题",
    "topics_reorder": "调整议题顺序",
    "topics_set": "编排议题",
    "material_submit": "报送议题材料",
    "secrecy_check": "保密检查",
    "copy_hand_out": "发放涉密材料",
    "copy_return": "收回涉密材料",
}
AUDIT_ACTION_LABELS.update({f"meetings.{code}": label for code, label in AGENDA_LABELS.items()})
EVENT_LABELS.update(AGENDA_LABELS)
AUDIT_DETAIL_LABELS.update(
    {
        "topic": "议题",
        "topic_order": "议题顺序",
        "presenter": "汇报人",
        "presenter_unit": "汇报单位",
        "files": "材料文件",
        "overdue": "逾期报送",
        "check": "检查项目",
        "entry": "检查记录",
        "copy": "材料份号记录",
        "copy_number": "份号",
        "holder": "领取人",
    }
)
AUDIT_DETAIL_VALUES.update({"check": {value: str(label) for value, label in SecrecyCheck.choices}})

# The application part's codes (application.py, approval.py): the audit (meetings.<code>) and the history.
APPLICATION_LABELS: dict[str, str] = {
    "quota_override": "同意突破会议额度",
    "merged_in": "其他会议申请并入",
    "conflict_override": "保留冲突安排",
}
AUDIT_ACTION_LABELS.update({f"meetings.{code}": label for code, label in APPLICATION_LABELS.items()})
for _key, _label in {
    "meeting_type": "会议类型",
    "approver": "审批人",
    "leader": "领导",
    "from_state": "原状态",
    "into": "并入会议",
    "merged": "并入的会议申请",
    "people": "人员数",
    "units": "单位数",
    "topics": "议题数",
    "quota_used": "已用额度",
    "quota_limit": "额度",
    "reason": "理由",
    "conflicts": "冲突",
}.items():
    AUDIT_DETAIL_LABELS.setdefault(_key, _label)
EVENT_LABELS.update(APPLICATION_LABELS)
