"""The audit log's words for the filings part (merged into reporting.vocabulary)."""

from __future__ import annotations

AUDIT_ACTION_LABELS: dict[str, str] = {}
AUDIT_DETAIL_VALUES: dict[str, dict[str, str]] = {}
