"""The audit log's words for what secrecy · inventory records: counts (清点), their discrepancies, copy requests and
their decisions, and the count report's download; the reasons a refusal gives; the pages whose reads are
audited."""

from __future__ import annotations

AUDIT_ACTION_LABELS: dict[str, str] = {
    "secrecy.inventory.record": "登记涉密载体清点",
    "secrecy.inventory.resolve": "处理清点差异",
    "secrecy.inventory.export": "下载涉密载体清点报告",
    "secrecy.copy.request": "申请复制涉密载体",
    "secrecy.copy.approve": "批准复制涉密载体",
    "secrecy.copy.refuse": "不批准复制涉密载体",
}
_ROUTES = {
    "secrecy.inventory": "涉密载体清点报告",
    "secrecy.inventory_report": "涉密载体清点报告下载",
    "secrecy.copy_requests": "复制审批列表",
    "secrecy.copy_request": "复制申请",
    "secrecy.inventory_counts": "涉密载体清点记录",
}
AUDIT_DETAIL_VALUES: dict[str, dict[str, str]] = {
    "code": {
        "unknown_number": "编号不在台账上",
        "cabinet_not_in_unit": "专柜不属于该单位",
        "cabinet_retired": "专柜已停用",
        "counted_in_future": "清点日期晚于今天",
        "second_is_counter": "监点人即清点人",
        "too_many_numbers": "编号过多",
        "already_resolved": "差异已处理",
        "already_decided": "申请已审批",
        "own_request": "审批本人申请",
        "opinion_required": "未填审批意见",
        "originator_consent_required": "绝密载体未经原定密机关同意",
        "bad_copies": "复制份数不对",
        "no_cabinet": "无专柜可登记复制件",
        "unknown_carrier": "载体不存在",
        "unknown_cabinet": "专柜不存在",
        "unknown_unit": "单位不存在",
        "unknown_person": "人员不存在",
        "unknown_decision": "审批结果不明",
        "conflict": "已被他人办理",
        "invalid": "输入有误",
    },
    "kind": {"missing": "应在未见", "misplaced": "位置不符", "gone": "已注销仍在"},
    "route": {**_ROUTES, **{f"api.{route}": f"{label}（接口）" for route, label in _ROUTES.items()}},
}
AUDIT_DETAIL_LABELS: dict[str, str] = {
    "unknown": "不在台账上的编号",
    "expected": "应在数",
    "found": "实点数",
    "matched": "账物相符数",
    "missing": "应在未见",
    "misplaced": "位置不符",
    "gone": "已注销仍在",
    "inventory": "清点",
    "carrier": "涉密载体",
    "copies": "复制件",
}
