"""The audit log's words for what secrecy · publication (公开审查) records."""

from __future__ import annotations

AUDIT_ACTION_LABELS: dict[str, str] = {
    "secrecy.publication.request": "提请公开审查",
    "secrecy.publication.unit_review": "公开审查·起草单位审查",
    "secrecy.publication.secrecy_review": "公开审查·保密审查",
    "secrecy.publication.changed_after_review": "公开审查后内容改动，退回重新审查",
    "secrecy.publication.published": "公开审查通过后发布",
}
AUDIT_DETAIL_VALUES: dict[str, dict[str, str]] = {}
AUDIT_DETAIL_LABELS: dict[str, str] = {
    "fingerprint": "内容指纹",
    "approved": "同意公开",
}
