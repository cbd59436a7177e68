"""The audit log's words for the working-day calendar (issue 15, one vocabulary)."""

from __future__ import annotations

AUDIT_ACTION_LABELS: dict[str, str] = {"holiday_schedule.enter": "录入节假日安排"}
