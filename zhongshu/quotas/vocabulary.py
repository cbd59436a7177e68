"""The audit log's words for the yearly quotas (issue 15, one vocabulary). The kinds' names come from the
registry: each registered kind adds its label here (`registry.register_quota_kind`)."""

from __future__ import annotations

AUDIT_ACTION_LABELS: dict[str, str] = {
    "quotas.set": "设置额度",
    "quotas.override": "记录突破额度",
}
AUDIT_DETAIL_LABELS: dict[str, str] = {"quota_kind": "额度类别", "quota_unit": "额度所属单位"}
AUDIT_DETAIL_VALUES: dict[str, dict[str, str]] = {"quota_kind": {}}
