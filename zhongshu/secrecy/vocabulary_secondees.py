"""The audit log's words for what secrecy · secondees records."""

from __future__ import annotations

AUDIT_ACTION_LABELS: dict[str, str] = {
    "secrecy.secondment.create": "登记跟班学习人员",
    "secrecy.secondment.step": "登记跟班学习手续",
    "secrecy.secondment.vetting": "登记派出单位审查",
    "secrecy.secondment.training": "登记跟班学习人员保密教育培训",
    "secrecy.secondment.pledge": "登记跟班学习人员签订保密承诺书",
    "secrecy.secondment.reminder_talk": "登记跟班学习人员离岗提醒谈话",
    "secrecy.secondment.liaison": "更换跟班学习保密联络员",
    "secrecy.secondment.handover": "办理跟班学习人员脱密期委托管理手续",
    "secrecy.secondment.open_access": "为跟班学习人员开通知悉范围",
    "secrecy.secondment.end_access": "收回跟班学习人员知悉范围",
}
AUDIT_DETAIL_VALUES: dict[str, dict[str, str]] = {}
AUDIT_DETAIL_LABELS: dict[str, str] = {
    "person": "人员",
    "liaison": "保密联络员",
    "step": "手续记录",
    "taken_over_by": "接收人",
    "cooling_off_ends_on": "脱密期至",
    "revoked": "收回知悉范围数",
    "grant": "知悉范围授权",
    "record_kind": "记录类型",
    "record_id": "记录编号",
    "code": "原因代码",
    "before": "变更前",
    "after": "变更后",
}
