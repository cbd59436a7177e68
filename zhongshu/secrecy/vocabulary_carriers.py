"""The audit log's words for what secrecy · carriers records."""

from __future__ import annotations

AUDIT_ACTION_LABELS: dict[str, str] = {
    "secrecy.carrier.register": "登记涉密载体",
    "secrecy.carrier.collect": "领取涉密载体",
    "secrecy.carrier.transfer": "传递涉密载体",
    "secrecy.carrier.borrow": "借阅涉密载体",
    "secrecy.carrier.return": "归还涉密载体",
    "secrecy.carrier.store": "涉密载体入柜",
    "secrecy.carrier.return_to_issuer": "清退涉密载体",
    "secrecy.carrier.destroy": "销毁涉密载体",
    "secrecy.carrier.cabinet_create": "设立专柜",
    "secrecy.carrier.export": "导出涉密载体台账",
}
# The pages and API lists whose reads of state secrets are audited (audit.disclosure's "route").
_ROUTES = {
    "secrecy.carriers": "涉密载体台账",
    "secrecy.carriers_export": "涉密载体台账导出",
    "secrecy.carriers_mine": "我的涉密载体",
}
# The reasons a movement was refused (a denied event's "code").
AUDIT_DETAIL_VALUES: dict[str, dict[str, str]] = {
    "route": {**_ROUTES, **{f"api.{route}": f"{label}（接口）" for route, label in _ROUTES.items()}},
    "code": {
        "not_allowed": "无权办理",
        "not_named": "非指定人员领取",
        "not_holder": "非持有人",
        "not_held": "载体未在领用中",
        "carrier_gone": "载体已清退或销毁",
        "not_in_cabinet": "载体不在专柜",
        "not_out": "载体未借出或领用",
        "lent_out": "载体借出未还",
        "beyond_clearance": "涉密等级不够",
        "outside_need_to_know": "不在知悉范围",
        "second_person_required": "须两人办理",
        "second_person_same": "第二人与经办人相同",
        "destroyer_required": "未选销毁人",
        "destroy_record_required": "未填销毁记录",
        "note_required": "未填清退去向",
        "to_person_required": "未选接收人",
        "same_holder": "接收人即持有人",
        "borrower_required": "未选借阅人",
        "due_before_lent": "应还日期早于借阅日期",
        "due_too_far": "借阅期限过长",
        "cabinet_required": "未选专柜",
        "custodian_required": "未选保管人",
        "required": "必填项未填",
        "not_state_secret": "非国家秘密载体",
        "term_beyond_maximum": "保密期限超过法定上限",
        "unknown_kind": "载体类型不明",
        "bad_copy_number": "份号格式不对",
        "before_latest_event": "流转时间早于上一次流转",
        "stale_version": "已被他人办理",
        "unit_required": "未选单位",
        "keeper_required": "未选保管人",
        "keeper_not_cleared": "保管人非涉密人员",
        "cabinet_exists": "专柜重名",
        "too_long": "内容过长",
    },
}
AUDIT_DETAIL_LABELS: dict[str, str] = {
    "number": "载体编号",
    "event": "流转记录",
    "from_person": "交出人",
    "to_person": "接收人",
    "second_person": "第二人",
    "cabinet": "专柜",
    "due_on": "应还日期",
    "keeper": "保管人",
    "unit": "单位",
    "code": "拒绝原因",
}
