"""The audit log's words for the commissions part (merged into information.vocabulary)."""

from __future__ import annotations

AUDIT_ACTION_LABELS: dict[str, str] = {
    "information.commission.issue": "下发约稿",
    "information.commission.cancel": "撤销约稿",
}
AUDIT_DETAIL_VALUES: dict[str, dict[str, str]] = {}
