"""The audit log's words for what secrecy · publication records."""

from __future__ import annotations

AUDIT_ACTION_LABELS: dict[str, str] = {}
AUDIT_DETAIL_VALUES: dict[str, dict[str, str]] = {}
AUDIT_DETAIL_LABELS: dict[str, str] = {}
