"""The audit log's words for what the information module records (one vocabulary, issue 15): each part names its own
in vocabulary_<part>.py, merged here."""

from __future__ import annotations

from zhongshu.information import (
    vocabulary_commissions,
    vocabulary_instructions,
    vocabulary_publications,
    vocabulary_scoring,
    vocabulary_screening,
    vocabulary_submissions,
)

_PARTS = (
    vocabulary_submissions,
    vocabulary_screening,
    vocabulary_publications,
    vocabulary_scoring,
    vocabulary_commissions,
    vocabulary_instructions,
)
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
