"""The audit log's words for the screening part (merged into information.vocabulary)."""

from __future__ import annotations

AUDIT_ACTION_LABELS: dict[str, str] = {
    "information.screening.return": "退回信息",
    "information.screening.adopt": "采用信息",
    "information.screening.edit": "编辑信息",
    "information.screening.merge": "合并信息",
    "information.screening.merged": "信息并入他条",
    "information.screening.dismiss": "排除疑似重复",
    "information.screening.mark_false": "认定虚假信息",
}
AUDIT_DETAIL_VALUES: dict[str, dict[str, str]] = {}
