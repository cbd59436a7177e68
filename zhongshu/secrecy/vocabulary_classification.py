"""The audit log's words for what secrecy · classification records (and the generic `classification.apply`
of access.services, which this part writes)."""

from __future__ import annotations

AUDIT_ACTION_LABELS: dict[str, str] = {
    "classification.apply": "写入密级和保密期限",
    "secrecy.classification.propose": "提出定密事项",
    "secrecy.classification.approve": "批准定密事项",
    "secrecy.classification.refuse": "不批准定密事项",
    "secrecy.classification.review": "年度定密审查",
    "secrecy.classification.expire": "保密期限届满自动解密",
    "secrecy.classification.officer_name": "指定定密责任人",
    "secrecy.classification.officer_end": "终止定密责任人",
    "secrecy.classification.export": "导出定密登记簿",
}
AUDIT_DETAIL_VALUES: dict[str, dict[str, str]] = {
    "kind": {"classify": "定密", "change": "变更", "extend": "延期", "declassify": "解密"},
    "verdict": {"keep": "维持", "change": "拟变更", "declassify": "拟解密"},
    "route": {
        "secrecy.classification_register": "定密登记簿",
        "secrecy.classification_pending": "待我审定",
        "secrecy.classification_review": "年度定密审查",
        "secrecy.classification_new": "提出定密",
        "api.secrecy.classification_register": "定密登记簿（接口）",
        "api.secrecy.classification_records": "可定密记录（接口）",
        "api.secrecy.classification_review": "年度定密审查（接口）",
        "api.secrecy.classification_pending": "待我审定（接口）",
    },
}
AUDIT_DETAIL_LABELS: dict[str, str] = {
    "term_before": "原保密期限（年）",
    "term_after": "保密期限（年）",
    "need_to_know_set": "确定知悉范围",
    "level": "密级",
    "term": "保密期限（年）",
    "parts": "汇编组成部分数",
    "verdict": "审查结论",
    "year": "审查年度",
    "ends_on": "届满日期",
    "code": "拒绝原因",
    "person": "人员",
    "unit": "单位",
}
