"""The audit log's words for the demo county (issue 15, one vocabulary)."""

from __future__ import annotations

AUDIT_ACTION_LABELS: dict[str, str] = {"demo.build": "生成示例数据"}
