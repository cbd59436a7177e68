"""The audit log's words for what the secrecy module records (one vocabulary, issue 15): each part names its own
in vocabulary_<part>.py, merged here."""

from __future__ import annotations

from zhongshu.secrecy import (
    vocabulary_carriers,
    vocabulary_classification,
    vocabulary_duties,
    vocabulary_inspection,
    vocabulary_inventory,
    vocabulary_personnel,
    vocabulary_publication,
    vocabulary_secondees,
)

_PARTS = (
    vocabulary_classification,
    vocabulary_carriers,
    vocabulary_inventory,
    vocabulary_personnel,
    vocabulary_secondees,
    vocabulary_publication,
    vocabulary_inspection,
    vocabulary_duties,
)
AUDIT_ACTION_LABELS: dict[str, str] = {
    code: label for part in _PARTS for code, label in part.AUDIT_ACTION_LABELS.items()
}
AUDIT_DETAIL_VALUES: dict[str, dict[str, str]] = {}
# Detail keys a part names: 名称 for a key of its audit events' details.
AUDIT_DETAIL_LABELS: dict[str, str] = {
    key: label for part in _PARTS for key, label in part.AUDIT_DETAIL_LABELS.items()
}
for _part in _PARTS:
    for _key, _values in _part.AUDIT_DETAIL_VALUES.items():
        AUDIT_DETAIL_VALUES.setdefault(_key, {}).update(_values)
