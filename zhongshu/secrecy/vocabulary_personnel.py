"""The audit log's words for what secrecy · personnel records."""

from __future__ import annotations

AUDIT_ACTION_LABELS: dict[str, str] = {
    "secrecy.personnel.vetting_record": "登记涉密人员审查",
    "secrecy.personnel.pledge_record": "登记保密承诺书",
    "secrecy.personnel.training_record": "登记保密培训",
    "secrecy.personnel.departure_record": "登记涉密人员离岗",
    "secrecy.personnel.departure_talk": "登记离岗提醒谈话",
    "secrecy.personnel.departure_complete": "办结离岗手续",
    "secrecy.personnel.export": "导出涉密人员台账",
}
AUDIT_DETAIL_VALUES: dict[str, dict[str, str]] = {
    "result": {"passed": "通过", "failed": "未通过"},
}
AUDIT_DETAIL_LABELS: dict[str, str] = {
    "code": "原因代码",
    "person": "人员",
    "post": "岗位",
    "result": "审查结论",
    "hours": "学时",
    "cooling_off_years": "脱密期（年）",
    "talk_by": "谈话人",
}
