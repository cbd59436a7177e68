"""The audit log's words for what the reporting module records (one vocabulary, issue 15): each part names its own
in vocabulary_<part>.py, merged here."""

from __future__ import annotations

from zhongshu.reporting import (
    vocabulary_checklist,
    vocabulary_compliance,
    vocabulary_filings,
    vocabulary_major,
)

_PARTS = (vocabulary_checklist, vocabulary_filings, vocabulary_compliance, vocabulary_major)
AUDIT_ACTION_LABELS: dict[str, str] = {
    code: label for part in _PARTS for code, label in part.AUDIT_ACTION_LABELS.items()
}
AUDIT_DETAIL_VALUES: dict[str, dict[str, str]] = {}
# Detail keys a part names (optional in a part's module): 名称 for a key of its audit events' details.
AUDIT_DETAIL_LABELS: dict[str, str] = {
    key: label for part in _PARTS for key, label in getattr(part, "AUDIT_DETAIL_LABELS", {}).items()
}
for _part in _PARTS:
    for _key, _values in _part.AUDIT_DETAIL_VALUES.items():
        AUDIT_DETAIL_VALUES.setdefault(_key, {}).update(_values)
