"""The audit log's words for what secrecy · inspection records."""

from __future__ import annotations

_ROUTES = {
    "secrecy.inspection_rounds": "保密自查列表",
    "secrecy.inspection_round": "保密自查进度",
    "secrecy.inspection_filling": "保密自查填报",
}

AUDIT_ACTION_LABELS: dict[str, str] = {
    "secrecy.inspection.checklist_create": "制定风险隐患清单",
    "secrecy.inspection.round_open": "组织保密自查",
    "secrecy.inspection.save": "保存保密自查填报",
    "secrecy.inspection.submit": "提交保密自查",
    "secrecy.inspection.review": "审核保密自查",
    "secrecy.inspection.rectify": "保密自查问题转为整改事项",
    "secrecy.inspection.report": "导出保密自查自评报告",
}
AUDIT_DETAIL_VALUES: dict[str, dict[str, str]] = {
    "review_decision": {"accepted": "审核通过", "returned": "退回重新填报"},
    "route": {**_ROUTES, **{f"api.{route}": f"{label}（接口）" for route, label in _ROUTES.items()}},
}
AUDIT_DETAIL_LABELS: dict[str, str] = {
    "review_decision": "审核结论",
    "participants": "参加单位数",
    "risk_items": "检查项数",
    "answered": "已填项数",
    "evidence_files": "佐证材料数",
    "findings": "转整改问题数",
    "problem_list": "整改问题清单",
}
