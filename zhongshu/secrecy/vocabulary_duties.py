"""The audit log's words for what secrecy · duties records (part-time administrators, secrecy meetings, question
banks, knowledge tests and their attempts). Detail keys are the records' own fields (单位, 科室, 题型, 得分...), named
by their verbose names; a refusal's detail is its reason (理由), in Chinese."""

from __future__ import annotations

AUDIT_ACTION_LABELS: dict[str, str] = {
    "secrecy.duties.administrator.appoint": "任命兼职保密管理员",
    "secrecy.duties.administrator.end": "免去兼职保密管理员",
    "secrecy.duties.meeting.record": "登记保密会议",
    "secrecy.duties.bank.create": "新建保密知识题库",
    "secrecy.duties.question.add": "录入保密知识试题",
    "secrecy.duties.question.retire": "停用保密知识试题",
    "secrecy.duties.question.import": "导入保密知识试题",
    "secrecy.duties.test.create": "组织保密知识测试",
    "secrecy.duties.attempt.start": "开始保密知识测试答题",
    "secrecy.duties.attempt.submit": "提交保密知识测试答卷",
    "secrecy.duties.attempt.retake": "允许保密知识测试重考",
}
AUDIT_DETAIL_VALUES: dict[str, dict[str, str]] = {}
AUDIT_DETAIL_LABELS: dict[str, str] = {}
