"""The audit log's words for what secrecy · publication (公开审查) records."""

from __future__ import annotations

AUDIT_ACTION_LABELS: dict[str, str] = {
    "secrecy.publication.request": "提请公开审查",
    "secrecy.publication.unit_review": "公开审查·起草单位审查",
    "secrecy.publication.secrecy_review": "公开审查·保密审查",
    "secrecy.publication.changed_after_review": "公开审查后内容改动，退回重新审查",
    "secrecy.publication.published": "公开审查通过后发布",
}
# Why a request or a review was refused (`code` of a refusal's details).
AUDIT_DETAIL_VALUES: dict[str, dict[str, str]] = {
    "code": {
        "not_publishable": "不可公开发布的记录",
        "not_drafting_unit": "非起草单位",
        "not_awaiting_publication": "未标为主动公开或已发布",
        "review_open": "公开审查正在进行",
        "no_drafting_unit": "没有起草单位",
        "not_unit_reviewer": "非起草单位审查人",
        "not_secrecy_office": "非保密办",
        "unit_review_first": "须先经起草单位审查",
        "already_reviewed": "已审查",
        "changed_after_review": "审查后内容已改动",
        "opinion_required": "未填写审查意见",
        "too_long": "内容过长",
        "stale_version": "已被他人办理",
    },
}
AUDIT_DETAIL_LABELS: dict[str, str] = {
    "fingerprint": "内容指纹",
    "approved": "同意公开",
}
