"""The audit log's words for the instructions part (merged into information.vocabulary)."""

from __future__ import annotations

AUDIT_ACTION_LABELS: dict[str, str] = {
    "information.instruction.record": "记录领导批示",
    "information.instruction.supervise": "批示转为督办事项",
}
AUDIT_DETAIL_VALUES: dict[str, dict[str, str]] = {
    "level": {"county": "县级", "city": "市级", "province": "省级"},
}
AUDIT_DETAIL_LABELS: dict[str, str] = {"level": "层级"}
